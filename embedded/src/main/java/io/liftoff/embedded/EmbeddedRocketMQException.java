package io.liftoff.embedded;

import org.jspecify.annotations.Nullable;

/**
 * An embedded NameServer or broker failed to start, stop or become visible in time. The
 * message names the server and what was waited for; the cause, if any, is RocketMQ's own
 * failure.
 */
public class EmbeddedRocketMQException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     * @param message what happened and what to do
     * @param cause the underlying failure, if there is one
     */
    public EmbeddedRocketMQException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception without a cause.
     * @param message what happened and what to do
     */
    public EmbeddedRocketMQException(String message) {
        super(message);
    }

}
