package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception the Liftoff client throws. Unchecked: a send either returns its
 * result or throws one of the subclasses, whose names say what happened.
 */
public class LiftoffException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     * @param message what happened
     */
    public LiftoffException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     * @param message what happened
     * @param cause the underlying failure, if there is one
     */
    public LiftoffException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
