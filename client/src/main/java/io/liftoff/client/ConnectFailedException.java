package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * A connection to a NameServer or broker could not be opened (refused, unreachable, or
 * connect timeout).
 */
public class ConnectFailedException extends RemotingException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param address the remote {@code host:port}
     * @param cause the underlying connect failure, if known
     */
    public ConnectFailedException(String address, @Nullable Throwable cause) {
        super(address, "Could not connect to " + address + ": " + describe(cause), cause);
    }

    /**
     * Creates the exception with a message of its own, for subclasses that say more.
     * @param address the remote {@code host:port}
     * @param message what happened
     * @param cause the underlying failure, if known
     */
    protected ConnectFailedException(String address, String message, @Nullable Throwable cause) {
        super(address, message, cause);
    }

    private static String describe(@Nullable Throwable cause) {
        if (cause == null) {
            return "unknown reason";
        }
        return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
    }

}
