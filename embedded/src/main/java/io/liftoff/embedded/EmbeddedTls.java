package io.liftoff.embedded;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * TLS material made for an embedded cluster: a certificate authority of its own, a server
 * certificate it signed (by default for the loopback address: IP {@code 127.0.0.1} and
 * DNS {@code localhost}), and a client certificate for mutual TLS. The files are PEM
 * (certificates, PKCS#8 keys without password); the CA is also offered as a trust
 * {@link KeyStore} and as {@link SSLContext}s, so that tests and applications trust the
 * cluster and nothing else. Keys are EC P-256 (quick to make); certificates are valid
 * from an hour ago for 30 days. Immutable.
 */
public final class EmbeddedTls {

    /** The names of the server certificate by default: the loopback address. */
    public static final List<String> DEFAULT_SERVER_NAMES = List.of("127.0.0.1", "localhost");

    private static final Duration VALIDITY = Duration.ofDays(30);

    private final Path caCertificate;

    private final Path serverCertificate;

    private final Path serverPrivateKey;

    private final Path clientCertificate;

    private final Path clientPrivateKey;

    private final List<String> serverNames;

    private final X509Certificate ca;

    private final X509Certificate client;

    private final PrivateKey clientKey;

    private EmbeddedTls(Path directory, List<String> serverNames, X509Certificate ca, X509Certificate client,
            PrivateKey clientKey) {
        this.caCertificate = directory.resolve("ca.pem");
        this.serverCertificate = directory.resolve("server.pem");
        this.serverPrivateKey = directory.resolve("server-key.pem");
        this.clientCertificate = directory.resolve("client.pem");
        this.clientPrivateKey = directory.resolve("client-key.pem");
        this.serverNames = List.copyOf(serverNames);
        this.ca = ca;
        this.client = client;
        this.clientKey = clientKey;
    }

    /**
     * Makes a CA, a server certificate for the loopback address
     * ({@link #DEFAULT_SERVER_NAMES}) and a client certificate, and writes them to a
     * directory.
     * @param directory where the PEM files go (created if missing)
     * @return the material
     * @throws EmbeddedRocketMQException when they cannot be made or written
     */
    public static EmbeddedTls generate(Path directory) {
        return generate(directory, DEFAULT_SERVER_NAMES);
    }

    /**
     * Makes a CA, a server certificate for the given names and a client certificate, and
     * writes them to a directory.
     * @param directory where the PEM files go (created if missing)
     * @param serverNames the server certificate's subject alternative names: IP addresses
     * become IP names, anything else DNS names
     * @return the material
     * @throws EmbeddedRocketMQException when they cannot be made or written
     */
    public static EmbeddedTls generate(Path directory, List<String> serverNames) {
        if (serverNames.isEmpty()) {
            throw new IllegalArgumentException("The server certificate needs at least one name");
        }
        try {
            Files.createDirectories(directory);
            KeyPair caKeys = keyPair();
            X509Certificate ca = certificate("CN=Liftoff Embedded RocketMQ CA", caKeys,
                    "CN=Liftoff Embedded RocketMQ CA", caKeys.getPrivate(), null, List.of(), true);
            KeyPair serverKeys = keyPair();
            X509Certificate server = certificate("CN=" + serverNames.get(0), serverKeys,
                    "CN=Liftoff Embedded RocketMQ CA", caKeys.getPrivate(), ca, serverNames, false);
            KeyPair clientKeys = keyPair();
            X509Certificate client = certificate("CN=liftoff-client", clientKeys, "CN=Liftoff Embedded RocketMQ CA",
                    caKeys.getPrivate(), ca, List.of(), false);
            EmbeddedTls tls = new EmbeddedTls(directory, serverNames, ca, client, clientKeys.getPrivate());
            write(tls.caCertificate, pem("CERTIFICATE", ca.getEncoded()));
            write(tls.serverCertificate, pem("CERTIFICATE", server.getEncoded()));
            write(tls.serverPrivateKey, pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
            write(tls.clientCertificate, pem("CERTIFICATE", client.getEncoded()));
            write(tls.clientPrivateKey, pem("PRIVATE KEY", clientKeys.getPrivate().getEncoded()));
            return tls;
        }
        catch (Exception ex) {
            throw new EmbeddedRocketMQException("Cannot make TLS material in " + directory + ": " + ex, ex);
        }
    }

    /**
     * @return the CA certificate (PEM): what clients trust
     */
    public Path caCertificate() {
        return this.caCertificate;
    }

    /**
     * @return the server certificate (PEM), signed by the CA
     */
    public Path serverCertificate() {
        return this.serverCertificate;
    }

    /**
     * @return the server's private key (PKCS#8 PEM, no password)
     */
    public Path serverPrivateKey() {
        return this.serverPrivateKey;
    }

    /**
     * @return a client certificate (PEM) signed by the CA, for mutual TLS
     */
    public Path clientCertificate() {
        return this.clientCertificate;
    }

    /**
     * @return the client certificate's private key (PKCS#8 PEM, no password)
     */
    public Path clientPrivateKey() {
        return this.clientPrivateKey;
    }

    /**
     * @return the server certificate's subject alternative names
     */
    public List<String> serverNames() {
        return this.serverNames;
    }

    /**
     * Returns a key store (PKCS12, in memory, no password) that trusts the CA only.
     * @return a new trust store
     */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("liftoff-embedded-ca", this.ca);
            return store;
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new EmbeddedRocketMQException("Cannot make a trust store: " + ex, ex);
        }
    }

    /**
     * Returns a TLS context that trusts the CA only, with no client certificate.
     * @return a new context
     */
    public SSLContext sslContext() {
        return context(false);
    }

    /**
     * Returns a TLS context that trusts the CA only and presents the client certificate
     * (mutual TLS).
     * @return a new context
     */
    public SSLContext clientSslContext() {
        return context(true);
    }

    @Override
    public String toString() {
        return "EmbeddedTls[ca=" + this.caCertificate + ", serverNames=" + this.serverNames + "]";
    }

    private SSLContext context(boolean withClientCertificate) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            KeyManagerFactory keys = null;
            if (withClientCertificate) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("liftoff-client", this.clientKey, new char[0],
                        new Certificate[] { this.client, this.ca });
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init((keys != null) ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
            return context;
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new EmbeddedRocketMQException("Cannot make a TLS context: " + ex, ex);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey issuerKey,
            @Nullable X509Certificate issuerCertificate, List<String> names, boolean authority) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), new X500Name(subject),
                keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(keys.getPublic()));
        if (issuerCertificate != null) {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuerCertificate));
        }
        if (authority) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        else {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
        }
        if (!names.isEmpty()) {
            List<GeneralName> generalNames = new ArrayList<>();
            for (String name : names) {
                generalNames
                    .add(new GeneralName(isIpAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(generalNames.toArray(new GeneralName[0])));
        }
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static boolean isIpAddress(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        out.append("-----BEGIN ").append(type).append("-----\n");
        out.append(Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der));
        out.append("\n-----END ").append(type).append("-----\n");
        return out.toString();
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

}
