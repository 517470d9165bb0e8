package io.liftoff.client;

/**
 * An asynchronous send was refused because too many sends, or too many bytes, were
 * already in flight and none completed within the send timeout. Slow down, or raise the
 * limits in {@link AsyncLimits}. Also thrown when a request is refused because
 * {@link ReplyOptions#maxPendingRequests()} requests already wait for their reply.
 */
public class BackpressureException extends LiftoffException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message which limit was reached and for how long the caller waited
     */
    public BackpressureException(String message) {
        super(message);
    }

}
