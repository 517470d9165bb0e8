package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * A NameServer or broker answered a request with an error code. Carries the code, its
 * name where known, and the server's remark.
 */
public class ErrorResponseException extends LiftoffException {

    private static final long serialVersionUID = 1L;

    /** The server's {@code host:port}. */
    private final String address;

    /** The server's response code. */
    private final int code;

    /** The server's remark, if it gave one. */
    private final @Nullable String remark;

    /**
     * Creates the exception.
     * @param address the server's {@code host:port}
     * @param requestCode the request that was refused
     * @param code the response code
     * @param remark the server's remark, if it gave one
     */
    public ErrorResponseException(String address, int requestCode, int code, @Nullable String remark) {
        super(address + " answered request code " + requestCode + " with " + ResponseCodes.describe(code)
                + ((remark != null) ? ": " + remark.strip() : ""));
        this.address = address;
        this.code = code;
        this.remark = remark;
    }

    /**
     * Creates the exception with a message of the subclass's own.
     * @param message the message
     * @param address the server's {@code host:port}
     * @param code the response code
     * @param remark the server's remark, if it gave one
     */
    protected ErrorResponseException(String message, String address, int code, @Nullable String remark) {
        super(message);
        this.address = address;
        this.code = code;
        this.remark = remark;
    }

    /**
     * Returns the server's address.
     * @return the {@code host:port}
     */
    public String address() {
        return this.address;
    }

    /**
     * Returns the response code, for example {@code 17} for TOPIC_NOT_EXIST.
     * @return the code
     */
    public int code() {
        return this.code;
    }

    /**
     * Returns the server's remark.
     * @return the remark, if the server gave one
     */
    public @Nullable String remark() {
        return this.remark;
    }

}
