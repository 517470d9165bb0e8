package io.liftoff.client;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * TLS on the connections to NameServers and brokers (a RocketMQ server detects TLS on its
 * normal port). Off by default ({@link #disabled()}). When on, each new connection starts
 * with a TLS handshake that verifies the server's certificate against the trust material
 * and the server's host name or IP address against the certificate's subject alternative
 * names, and sends the host name as SNI; the handshake must finish within the connect
 * timeout ({@link TransportOptions#connectTimeout()}). A failed handshake fails the
 * requests on that connection with a {@link TlsHandshakeException} that says why.
 *
 * <p>
 * Trust and key material come from an {@link SslContextFactory}, asked for a context for
 * every new connection (so material it reloads applies to the next connection), or from
 * the JVM's default {@link SSLContext} (the {@code javax.net.ssl.trustStore} or the JDK's
 * {@code cacerts}). Mutual TLS needs only a context with a key manager. Unlike the
 * official client, nothing here is JVM-wide and nothing insecure is on by default:
 * {@link Builder#insecureTrustAll()} must be asked for, and a producer that uses it logs
 * a warning when it is built.
 *
 * <p>
 * Immutable; build with {@link #builder()}, copy with {@link #mutate()}.
 */
public final class TlsOptions {

    /** Default: TLS off, connections in clear text. */
    public static final boolean DEFAULT_ENABLED = false;

    /**
     * Default: the server's host name or IP address is checked against its certificate
     * (endpoint identification {@code HTTPS}).
     */
    public static final boolean DEFAULT_VERIFY_HOST_NAME = true;

    private static final TlsOptions DISABLED = new TlsOptions(false, null, false, DEFAULT_VERIFY_HOST_NAME);

    private final boolean enabled;

    private final @Nullable SslContextFactory contextFactory;

    private final boolean trustAll;

    private final boolean verifyHostName;

    private TlsOptions(boolean enabled, @Nullable SslContextFactory contextFactory, boolean trustAll,
            boolean verifyHostName) {
        this.enabled = enabled;
        this.contextFactory = contextFactory;
        this.trustAll = trustAll;
        this.verifyHostName = verifyHostName;
    }

    /**
     * Returns the options with TLS off: connections in clear text.
     * @return the options
     */
    public static TlsOptions disabled() {
        return DISABLED;
    }

    /**
     * Starts a builder with TLS on, the JVM's default trust material and host names
     * verified.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder from these options (with TLS on).
     * @return a builder holding these values
     */
    public Builder mutate() {
        Builder builder = new Builder();
        builder.contextFactory = this.contextFactory;
        builder.trustAll = this.trustAll;
        builder.verifyHostName = this.verifyHostName;
        return builder;
    }

    /**
     * @return whether connections use TLS
     */
    public boolean enabled() {
        return this.enabled;
    }

    /**
     * @return the factory of contexts for new connections; absent for the JVM's default
     * context (or when trusting all)
     */
    public @Nullable SslContextFactory contextFactory() {
        return this.contextFactory;
    }

    /**
     * @return whether any server certificate is accepted, unchecked (insecure)
     */
    public boolean trustAll() {
        return this.trustAll;
    }

    /**
     * @return whether the server's host name or IP address must match its certificate
     */
    public boolean verifyHostName() {
        return this.verifyHostName && !this.trustAll;
    }

    @Override
    public String toString() {
        if (!this.enabled) {
            return "TlsOptions[disabled]";
        }
        return "TlsOptions[trust="
                + (this.trustAll ? "ALL (insecure)"
                        : (this.contextFactory != null) ? "custom SSLContext" : "JVM default")
                + ", verifyHostName=" + verifyHostName() + "]";
    }

    /**
     * Makes the {@link SSLContext} of a new connection: called once for each connection
     * opened, on an I/O thread, so it should be quick (return a context built earlier,
     * and build a new one only when the material changed).
     */
    @FunctionalInterface
    public interface SslContextFactory {

        /**
         * Returns the context for a new connection.
         * @return the context, initialized
         * @throws Exception when no context can be made; the connection fails with it as
         * the cause
         */
        SSLContext create() throws Exception;

    }

    /** Builds {@link TlsOptions} with TLS on. */
    public static final class Builder {

        private @Nullable SslContextFactory contextFactory;

        private boolean trustAll;

        private boolean verifyHostName = DEFAULT_VERIFY_HOST_NAME;

        private Builder() {
        }

        /**
         * Sets where the trust (and key) material comes from (default: the JVM's default
         * {@link SSLContext}).
         * @param contextFactory asked for a context for each new connection
         * @return this builder
         * @throws InvalidOptionException when it is {@code null}
         */
        public Builder sslContext(SslContextFactory contextFactory) {
            this.contextFactory = OptionChecks.required("tls.sslContext", contextFactory);
            return this;
        }

        /**
         * Sets one context for every connection.
         * @param context an initialized context
         * @return this builder
         * @throws InvalidOptionException when it is {@code null}
         */
        public Builder sslContext(SSLContext context) {
            SSLContext checked = OptionChecks.required("tls.sslContext", context);
            this.contextFactory = () -> checked;
            return this;
        }

        /**
         * Accepts any server certificate without checking it or the host name: INSECURE,
         * for tests and trials only (anyone between the producer and the cluster can read
         * and change the traffic). Logged as a warning when a producer is built with it.
         * Not combinable with {@link #sslContext(SslContextFactory)}.
         * @return this builder
         */
        public Builder insecureTrustAll() {
            this.trustAll = true;
            return this;
        }

        /**
         * Sets whether the server's host name or IP address must match a subject
         * alternative name of its certificate (default
         * {@link TlsOptions#DEFAULT_VERIFY_HOST_NAME}). Turning it off still verifies the
         * certificate chain; it is logged as a warning when a producer is built.
         * @param verifyHostName the setting
         * @return this builder
         */
        public Builder verifyHostName(boolean verifyHostName) {
            this.verifyHostName = verifyHostName;
            return this;
        }

        /**
         * Builds the options.
         * @return the immutable options, TLS on
         * @throws InvalidOptionException when trust-all is combined with an
         * {@link SslContextFactory}
         */
        public TlsOptions build() {
            if (this.trustAll && this.contextFactory != null) {
                throw new InvalidOptionException("tls.insecureTrustAll",
                        "tls.insecureTrustAll cannot be combined with tls.sslContext: the context brings its own "
                                + "trust material; set one of them");
            }
            return new TlsOptions(true, this.contextFactory, this.trustAll, this.verifyHostName);
        }

    }

}
