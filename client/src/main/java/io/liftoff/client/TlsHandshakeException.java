package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * The TLS handshake with a NameServer or broker failed, so no connection was opened: the
 * server's certificate is not trusted or does not match its address, the server does not
 * speak TLS, or it refused the client's certificate. A connect failure like any other
 * (the broker is isolated for a while and another one tried); the message names the
 * server and the reason in words, the cause is the JDK's or Netty's exception.
 */
public class TlsHandshakeException extends ConnectFailedException {

    private static final long serialVersionUID = 1L;

    /** Why the handshake failed. */
    private final Reason reason;

    /**
     * Creates the exception.
     * @param address the remote {@code host:port}
     * @param reason why, in a category
     * @param message what happened, naming the server and the reason
     * @param cause the handshake's failure
     */
    public TlsHandshakeException(String address, Reason reason, String message, @Nullable Throwable cause) {
        super(address, message, cause);
        this.reason = reason;
    }

    /**
     * Returns why the handshake failed.
     * @return the reason
     */
    public Reason reason() {
        return this.reason;
    }

    /** Why a TLS handshake failed. */
    public enum Reason {

        /** The server's certificate chain does not lead to a trusted certificate. */
        CERTIFICATE_NOT_TRUSTED,

        /** The server's host name or IP address is not a name in its certificate. */
        HOST_NAME_MISMATCH,

        /**
         * The server does not speak TLS on this port: it answered in clear text or closed
         * the connection during the handshake.
         */
        NOT_TLS,

        /** The handshake did not finish within the connect timeout. */
        TIMEOUT,

        /** No TLS context could be made for the connection (the factory failed). */
        NO_CONTEXT,

        /**
         * Any other failure (protocol or cipher mismatch, refused client certificate).
         */
        OTHER

    }

}
