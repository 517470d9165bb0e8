package io.liftoff.autoconfigure;

import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

import io.liftoff.client.TlsOptions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;

/**
 * Turns the producer's TLS properties into {@link TlsOptions}: TLS is on with
 * {@code rocketmq.producer.tls-enable=true} (rocketmq-spring's key; the JVM's default
 * trust store), with {@code rocketmq.producer.ssl.bundle} (a Spring Boot SSL bundle's
 * trust and key material, reloaded bundles applying to new connections) or with the
 * insecure {@code rocketmq.producer.ssl.trust-all}. Server certificates and host names
 * are verified unless trust-all or {@code ssl.verify-host-name=false} say otherwise.
 */
final class TlsConfigurer {

    private static final Logger logger = LoggerFactory.getLogger(TlsConfigurer.class);

    private static final String PREFIX = "rocketmq.producer.";

    private TlsConfigurer() {
    }

    /**
     * Builds the TLS options of the producer.
     * @param producer the producer properties
     * @param sslBundles the context's SSL bundles, if any
     * @return the options; {@link TlsOptions#disabled()} when nothing asks for TLS
     * @throws RocketMQConfigurationException naming the property when the bundle does not
     * exist or trust-all is combined with a bundle
     */
    static TlsOptions tlsOptions(RocketMQProperties.Producer producer, @Nullable SslBundles sslBundles) {
        RocketMQProperties.Ssl ssl = producer.getSsl();
        String bundleName = StringUtils.hasText(ssl.getBundle()) ? ssl.getBundle().strip() : null;
        if (!producer.isTlsEnable() && bundleName == null && !ssl.isTrustAll()) {
            return TlsOptions.disabled();
        }
        TlsOptions.Builder options = TlsOptions.builder().verifyHostName(ssl.isVerifyHostName());
        if (bundleName != null) {
            if (ssl.isTrustAll()) {
                throw new RocketMQConfigurationException(PREFIX + "ssl.trust-all", "true",
                        "trust-all cannot be combined with rocketmq.producer.ssl.bundle: the bundle brings the trust "
                                + "material",
                        "Remove rocketmq.producer.ssl.trust-all to verify servers with the bundle, or remove the "
                                + "bundle to trust any server (tests only).");
            }
            options.sslContext(bundleContexts(bundleName, sslBundles));
        }
        else if (ssl.isTrustAll()) {
            options.insecureTrustAll();
        }
        return options.build();
    }

    private static TlsOptions.SslContextFactory bundleContexts(String name, @Nullable SslBundles sslBundles) {
        if (sslBundles == null) {
            throw new RocketMQConfigurationException(PREFIX + "ssl.bundle", name,
                    "no SSL bundles are configured in this application",
                    "Define the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
                            + ".");
        }
        SslBundle bundle;
        try {
            bundle = sslBundles.getBundle(name);
        }
        catch (NoSuchSslBundleException ex) {
            throw new RocketMQConfigurationException(PREFIX + "ssl.bundle", name,
                    "there is no SSL bundle of that name (bundles: " + sslBundles.getBundleNames() + ")",
                    "Define the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
                            + ", or name one of the existing bundles.");
        }
        AtomicReference<SSLContext> current = new AtomicReference<>(bundle.createSslContext());
        sslBundles.addBundleUpdateHandler(name, (updated) -> {
            current.set(updated.createSslContext());
            logger.info("SSL bundle '{}' was reloaded: new RocketMQ connections use it", name);
        });
        return current::get;
    }

}
