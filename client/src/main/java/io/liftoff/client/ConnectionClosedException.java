package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * The connection carrying a request closed before the answer came, or the request could
 * not be written. When the connection was closed because the peer sent a malformed frame,
 * the cause is a {@link MalformedFrameException}.
 */
public class ConnectionClosedException extends RemotingException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param address the remote {@code host:port}
     * @param message what happened
     * @param cause why the connection closed, if known
     */
    public ConnectionClosedException(String address, String message, @Nullable Throwable cause) {
        super(address, message, cause);
    }

}
