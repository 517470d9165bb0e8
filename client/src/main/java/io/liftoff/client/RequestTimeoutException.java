package io.liftoff.client;

/**
 * A request got no answer within its timeout. The request may or may not have been
 * processed by the peer.
 */
public class RequestTimeoutException extends RemotingException {

    private static final long serialVersionUID = 1L;

    /** The timeout, in milliseconds. */
    private final long timeoutMillis;

    /**
     * Creates the exception.
     * @param address the remote {@code host:port}
     * @param requestCode the request code that timed out
     * @param timeoutMillis the timeout that passed
     */
    public RequestTimeoutException(String address, int requestCode, long timeoutMillis) {
        super(address,
                "No answer from " + address + " to request code " + requestCode + " within " + timeoutMillis + " ms",
                null);
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Returns the timeout that passed.
     * @return the timeout in milliseconds
     */
    public long timeoutMillis() {
        return this.timeoutMillis;
    }

}
