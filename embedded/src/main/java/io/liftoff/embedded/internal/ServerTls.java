package io.liftoff.embedded.internal;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.rocketmq.remoting.common.TlsMode;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.jspecify.annotations.Nullable;

/**
 * TLS settings of one embedded cluster's servers, and the only place that touches
 * RocketMQ's JVM-wide TLS settings.
 *
 * <p>
 * RocketMQ 5.5.0 (as 5.3.3) reads its TLS settings from system properties into static
 * fields of {@link TlsSystemConfig}, and each server reads those fields when it is
 * created: the {@code NettyRemotingServer} constructor captures {@code tlsMode} in its
 * {@code TlsModeHandler} and builds its {@code SslContext} from the certificate paths
 * ({@code TlsHelper.buildSslContext}); a {@code NettyRemotingClient} (the broker
 * registering with the NameServer) builds its context the same way; the controllers
 * register file watches on the paths in {@code initialize()}. Nothing reads them per
 * connection. So the fields are set only while a TLS cluster's servers are being created
 * and started, and restored right after ({@link #start}); a write lock keeps every other
 * embedded server start out of that window (plain starts take the read lock and run side
 * by side). A plain cluster started before, during or after a TLS one keeps the JVM's own
 * settings ({@code tls.server.mode=disabled} unless set, see
 * {@link RocketMQSystemProperties}).
 *
 * <p>
 * Left alone on purpose: the official client's settings ({@code tls.test.mode.enable}
 * stays {@code true}, so the official consumers of tests trust any certificate), and the
 * certificate files are never rewritten, so RocketMQ's file watches never reload a
 * context from restored fields.
 *
 * @param ca the CA certificate (PEM), which signs the server and client certificates
 * @param serverCertificate the servers' certificate (PEM)
 * @param serverKey the servers' private key (PKCS#8 PEM)
 * @param clientCertificate the certificate the brokers present to the NameServer
 * @param clientKey its private key
 * @param clientAuth {@code none}, {@code optional} or {@code require}
 */
public record ServerTls(Path ca, Path serverCertificate, Path serverKey, Path clientCertificate, Path clientKey,
        String clientAuth) {

    private static final ReadWriteLock LOCK = new ReentrantReadWriteLock();

    /**
     * Creates and starts servers with these TLS settings (enforcing), or with the JVM's
     * own when there are none.
     * @param tls the settings; absent for a plain server
     * @param start creates and starts the servers
     * @param <T> what the start returns
     * @return what the start returned
     * @throws Exception what the start threw
     */
    public static <T> T start(@Nullable ServerTls tls, Callable<T> start) throws Exception {
        if (tls == null) {
            LOCK.readLock().lock();
            try {
                return start.call();
            }
            finally {
                LOCK.readLock().unlock();
            }
        }
        LOCK.writeLock().lock();
        try {
            Saved saved = Saved.take();
            try {
                tls.apply();
                return start.call();
            }
            finally {
                saved.restore();
            }
        }
        finally {
            LOCK.writeLock().unlock();
        }
    }

    private void apply() {
        TlsSystemConfig.tlsMode = TlsMode.ENFORCING;
        // The broker's own client (registration with the NameServer) speaks TLS too.
        TlsSystemConfig.tlsEnable = true;
        TlsSystemConfig.tlsTestModeEnable = false;
        // A file that does not exist: /etc/rocketmq/tls.properties must not override
        // these.
        TlsSystemConfig.tlsConfigFile = this.ca.resolveSibling("no-tls.properties").toString();
        TlsSystemConfig.tlsServerCertPath = this.serverCertificate.toString();
        TlsSystemConfig.tlsServerKeyPath = this.serverKey.toString();
        TlsSystemConfig.tlsServerKeyPassword = null;
        TlsSystemConfig.tlsServerNeedClientAuth = this.clientAuth;
        TlsSystemConfig.tlsServerAuthClient = !"none".equals(this.clientAuth);
        TlsSystemConfig.tlsServerTrustCertPath = this.ca.toString();
        TlsSystemConfig.tlsClientCertPath = this.clientCertificate.toString();
        TlsSystemConfig.tlsClientKeyPath = this.clientKey.toString();
        TlsSystemConfig.tlsClientKeyPassword = null;
        // RocketMQ's client makes its SslHandler without the peer's host, and Netty 4.2's
        // client contexts check host names by default: a verifying trust manager fails
        // every handshake ("Hostname or IP address is undefined"). The brokers' hop to
        // the NameServer is encrypted but does not check the NameServer's certificate.
        TlsSystemConfig.tlsClientAuthServer = false;
        TlsSystemConfig.tlsClientTrustCertPath = null;
    }

    /** The static fields as they were before a TLS start. */
    private record Saved(TlsMode mode, boolean enable, boolean testMode, String configFile, @Nullable String serverCert,
            @Nullable String serverKey, @Nullable String serverKeyPassword, @Nullable String needClientAuth,
            boolean serverAuthClient, @Nullable String serverTrust, @Nullable String clientCert,
            @Nullable String clientKey, @Nullable String clientKeyPassword, boolean clientAuthServer,
            @Nullable String clientTrust) {

        static Saved take() {
            return new Saved(TlsSystemConfig.tlsMode, TlsSystemConfig.tlsEnable, TlsSystemConfig.tlsTestModeEnable,
                    TlsSystemConfig.tlsConfigFile, TlsSystemConfig.tlsServerCertPath, TlsSystemConfig.tlsServerKeyPath,
                    TlsSystemConfig.tlsServerKeyPassword, TlsSystemConfig.tlsServerNeedClientAuth,
                    TlsSystemConfig.tlsServerAuthClient, TlsSystemConfig.tlsServerTrustCertPath,
                    TlsSystemConfig.tlsClientCertPath, TlsSystemConfig.tlsClientKeyPath,
                    TlsSystemConfig.tlsClientKeyPassword, TlsSystemConfig.tlsClientAuthServer,
                    TlsSystemConfig.tlsClientTrustCertPath);
        }

        void restore() {
            TlsSystemConfig.tlsMode = this.mode;
            TlsSystemConfig.tlsEnable = this.enable;
            TlsSystemConfig.tlsTestModeEnable = this.testMode;
            TlsSystemConfig.tlsConfigFile = this.configFile;
            TlsSystemConfig.tlsServerCertPath = this.serverCert;
            TlsSystemConfig.tlsServerKeyPath = this.serverKey;
            TlsSystemConfig.tlsServerKeyPassword = this.serverKeyPassword;
            TlsSystemConfig.tlsServerNeedClientAuth = this.needClientAuth;
            TlsSystemConfig.tlsServerAuthClient = this.serverAuthClient;
            TlsSystemConfig.tlsServerTrustCertPath = this.serverTrust;
            TlsSystemConfig.tlsClientCertPath = this.clientCert;
            TlsSystemConfig.tlsClientKeyPath = this.clientKey;
            TlsSystemConfig.tlsClientKeyPassword = this.clientKeyPassword;
            TlsSystemConfig.tlsClientAuthServer = this.clientAuthServer;
            TlsSystemConfig.tlsClientTrustCertPath = this.clientTrust;
        }

    }

}
