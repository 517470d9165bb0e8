package io.liftoff.client;

/**
 * A peer sent bytes that are not a valid RocketMQ remoting frame (a length over the
 * maximum, a bad header length, an unknown serialize type, a header that does not parse).
 * The connection is closed.
 */
public class MalformedFrameException extends LiftoffException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what is wrong with the frame
     */
    public MalformedFrameException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     * @param message what is wrong with the frame
     * @param cause the parser's failure
     */
    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }

}
