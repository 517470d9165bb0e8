package io.liftoff.client.internal.remoting;

import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

import io.liftoff.client.TlsHandshakeException;
import io.liftoff.client.TlsHandshakeException.Reason;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Says in words why a TLS handshake failed: the JDK's and Netty's exceptions name the
 * reason deep in their cause chain ({@code PKIX path building failed: ...}, {@code No
 * subject alternative names matching IP address ...}), and a server that does not speak
 * TLS shows only as a closed connection.
 */
final class TlsFailures {

    private TlsFailures() {
    }

    /**
     * Describes a failed handshake.
     * @param address the server's {@code host:port}
     * @param host the host the connection was made to
     * @param failure the handshake's failure
     * @param engine the connection's engine, for the server's certificate if it is still
     * known
     * @param timeoutMillis the handshake timeout
     * @return the exception, with the failure as its cause
     */
    static TlsHandshakeException describe(String address, String host, Throwable failure, @Nullable SSLEngine engine,
            long timeoutMillis) {
        String prefix = "TLS handshake with " + address + " failed: ";
        if (find(failure, SslHandshakeTimeoutException.class) != null) {
            return new TlsHandshakeException(address, Reason.TIMEOUT,
                    prefix + "no answer within " + timeoutMillis
                            + " ms (does the server speak TLS on this port? RocketMQ servers do with tls.server.mode "
                            + "permissive or enforcing)",
                    failure);
        }
        if (find(failure, NotSslRecordException.class) != null) {
            return new TlsHandshakeException(address, Reason.NOT_TLS, prefix
                    + "the server answered in clear text, not TLS (RocketMQ servers speak TLS with tls.server.mode "
                    + "permissive or enforcing)", failure);
        }
        Throwable untrusted = find(failure, CertPathBuilderException.class);
        if (untrusted == null) {
            untrusted = find(failure, CertPathValidatorException.class);
        }
        if (untrusted != null) {
            return new TlsHandshakeException(address, Reason.CERTIFICATE_NOT_TRUSTED,
                    prefix + "certificate not trusted: " + untrusted.getMessage() + certificate(engine), failure);
        }
        Throwable expired = find(failure, CertificateExpiredException.class);
        if (expired == null) {
            expired = find(failure, CertificateNotYetValidException.class);
        }
        if (expired != null) {
            return new TlsHandshakeException(address, Reason.CERTIFICATE_NOT_TRUSTED,
                    prefix + "certificate not valid now: " + expired.getMessage() + certificate(engine), failure);
        }
        String mismatch = hostNameMismatch(failure);
        if (mismatch != null) {
            return new TlsHandshakeException(address, Reason.HOST_NAME_MISMATCH,
                    prefix + "host name " + host + " does not match the certificate (" + mismatch + ")" + names(engine),
                    failure);
        }
        String alert = alert(failure);
        if (alert != null) {
            return new TlsHandshakeException(address, Reason.OTHER, prefix + "the server refused the handshake ("
                    + alert + "; does it require a client certificate this producer does not have?)", failure);
        }
        if (find(failure, ClosedChannelException.class) != null || closedDuringHandshake(failure)) {
            return new TlsHandshakeException(address, Reason.NOT_TLS, prefix
                    + "the server closed the connection during the handshake (it may not speak TLS on this port: "
                    + "RocketMQ tls.server.mode=disabled; or it refused this client)", failure);
        }
        return new TlsHandshakeException(address, Reason.OTHER, prefix + rootMessage(failure), failure);
    }

    private static @Nullable String hostNameMismatch(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (cause instanceof java.security.cert.CertificateException && message != null
                    && (message.startsWith("No subject alternative") || message.startsWith("No name matching"))) {
                return message;
            }
        }
        return null;
    }

    private static @Nullable String alert(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && message.startsWith("Received fatal alert")) {
                return message;
            }
        }
        return null;
    }

    private static boolean closedDuringHandshake(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && message.contains("closed") && message.contains("handshake")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /**
     * @return the server's certificate as {@code "; server certificate: subject ..."}, or
     * nothing when the engine no longer knows it
     */
    private static String certificate(@Nullable SSLEngine engine) {
        X509Certificate certificate = peerCertificate(engine);
        if (certificate == null) {
            return "";
        }
        return " (server certificate " + certificate.getSubjectX500Principal().getName() + ", issued by "
                + certificate.getIssuerX500Principal().getName() + ")";
    }

    private static String names(@Nullable SSLEngine engine) {
        X509Certificate certificate = peerCertificate(engine);
        if (certificate == null) {
            return "";
        }
        return "; certificate SANs: " + subjectAlternativeNames(certificate);
    }

    /**
     * Lists a certificate's subject alternative names as {@code [DNS:localhost,
     * IP:127.0.0.1]}.
     * @param certificate the certificate
     * @return the names
     */
    static List<String> subjectAlternativeNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    int type = (Integer) entry.get(0);
                    String kind = switch (type) {
                        case 2 -> "DNS";
                        case 7 -> "IP";
                        case 6 -> "URI";
                        default -> "type " + type;
                    };
                    names.add(kind + ":" + entry.get(1));
                }
            }
        }
        catch (CertificateParsingException ex) {
            names.add("unreadable: " + ex.getMessage());
        }
        return names;
    }

    private static @Nullable X509Certificate peerCertificate(@Nullable SSLEngine engine) {
        if (engine == null) {
            return null;
        }
        try {
            SSLSession session = engine.getHandshakeSession();
            if (session == null) {
                session = engine.getSession();
            }
            Certificate[] chain = session.getPeerCertificates();
            return (chain.length > 0 && chain[0] instanceof X509Certificate x509) ? x509 : null;
        }
        catch (Exception ex) {
            return null;
        }
    }

}
