package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * A request could not be carried to a NameServer or broker and answered: the connection
 * failed, the answer did not come in time, or the connection closed under the request.
 * The remote address is named.
 */
public class RemotingException extends LiftoffException {

    private static final long serialVersionUID = 1L;

    /** The server's {@code host:port}. */
    private final String address;

    /**
     * Creates an exception for a failure talking to {@code address}.
     * @param address the remote {@code host:port}
     * @param message what happened
     * @param cause the underlying failure, if there is one
     */
    public RemotingException(String address, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.address = address;
    }

    /**
     * Returns the remote address the request was meant for.
     * @return the {@code host:port}
     */
    public String address() {
        return this.address;
    }

}
