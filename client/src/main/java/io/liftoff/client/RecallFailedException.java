package io.liftoff.client;

/**
 * A broker refused to recall a timer message. The message says why and what to do; the
 * response code is the broker's.
 */
public class RecallFailedException extends LiftoffException {

    private static final long serialVersionUID = 1L;

    /** The broker's response code. */
    private final int code;

    /**
     * Creates the exception.
     * @param message what the broker refused, and what to do
     * @param code the broker's response code
     */
    public RecallFailedException(String message, int code) {
        super(message);
        this.code = code;
    }

    /**
     * @return the broker's response code
     */
    public int code() {
        return this.code;
    }

}
