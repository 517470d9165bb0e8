package io.liftoff.client.internal.remoting;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.liftoff.client.TlsHandshakeException;
import io.liftoff.client.TlsOptions;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@link SslHandler} that goes first in the pipeline of each new connection
 * when TLS is on: an engine in client mode made for the server's host and port (so that
 * the JDK checks the host name or IP address against the certificate, endpoint
 * identification {@code HTTPS}, and sends the host name as SNI), from a context the
 * options' factory makes for this connection. The handshake has the connect timeout.
 */
final class TlsHandlers {

    private static final Logger logger = LoggerFactory.getLogger(TlsHandlers.class);

    private final TlsOptions options;

    private final long handshakeTimeoutMillis;

    private final @Nullable SSLContext trustAll;

    private TlsHandlers(TlsOptions options, long handshakeTimeoutMillis, @Nullable SSLContext trustAll) {
        this.options = options;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.trustAll = trustAll;
    }

    /**
     * Returns the handler maker of a client, warning about insecure settings.
     * @param options the TLS options
     * @param handshakeTimeoutMillis how long a handshake may take
     * @param name what the warning names (the client)
     * @return the maker; absent when TLS is off
     */
    static @Nullable TlsHandlers of(TlsOptions options, long handshakeTimeoutMillis, String name) {
        if (!options.enabled()) {
            return null;
        }
        if (options.trustAll()) {
            logger.warn("TLS for {} trusts ANY server certificate and checks no host name (insecure trust-all): "
                    + "the traffic is encrypted but not protected against an attacker in the middle. Use it for "
                    + "tests only; configure the cluster's CA certificate instead", name);
            return new TlsHandlers(options, handshakeTimeoutMillis, trustAllContext());
        }
        if (!options.verifyHostName()) {
            logger.warn(
                    "TLS for {} does not check that server certificates name the servers' addresses "
                            + "(host name verification off): any certificate the trust material accepts is taken",
                    name);
        }
        return new TlsHandlers(options, handshakeTimeoutMillis, null);
    }

    /**
     * Makes the handler of a new connection.
     * @param address the server's {@code host:port}
     * @param remote the server's host and port
     * @return a handler with a fresh engine
     * @throws TlsHandshakeException when no context or engine can be made
     */
    SslHandler newHandler(String address, InetSocketAddress remote) {
        String host = remote.getHostString();
        SSLEngine engine;
        try {
            engine = context().createSSLEngine(host, remote.getPort());
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            if (this.options.verifyHostName()) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
                // The JDK sends SNI on its own only for names with a dot; localhost and
                // short names need it too.
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            engine.setSSLParameters(parameters);
        }
        catch (Exception ex) {
            throw new TlsHandshakeException(address, TlsHandshakeException.Reason.NO_CONTEXT, "TLS with " + address
                    + " failed: no TLS context could be made for the connection: " + ex.getMessage(), ex);
        }
        SslHandler handler = new SslHandler(engine);
        handler.setHandshakeTimeoutMillis(this.handshakeTimeoutMillis);
        return handler;
    }

    private SSLContext context() throws Exception {
        if (this.trustAll != null) {
            return this.trustAll;
        }
        TlsOptions.SslContextFactory factory = this.options.contextFactory();
        SSLContext context = (factory != null) ? factory.create() : SSLContext.getDefault();
        if (context == null) {
            throw new IllegalStateException("the SSLContext factory returned null");
        }
        return context;
    }

    private static SSLContext trustAllContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { new TrustAll() }, null);
            return context;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot make a trust-all TLS context: " + ex.getMessage(), ex);
        }
    }

    /** Accepts every server: insecure, only when asked for. */
    private static final class TrustAll implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

    }

}
