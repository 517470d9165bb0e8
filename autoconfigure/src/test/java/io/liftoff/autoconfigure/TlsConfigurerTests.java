package io.liftoff.autoconfigure;

import javax.net.ssl.SSLContext;

import io.liftoff.client.TlsOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS options built from the properties: off unless asked for, and with a bundle a
 * context factory that follows the bundle's reloads, so new connections use the new
 * material while the producer runs.
 */
class TlsConfigurerTests {

    @Test
    void tlsIsOffUnlessAPropertyAsksForIt() {
        assertThat(TlsConfigurer.tlsOptions(new RocketMQProperties().getProducer(), new DefaultSslBundleRegistry())
            .enabled()).isFalse();
    }

    @Test
    void aReloadedBundleIsWhatTheNextConnectionGets() throws Exception {
        DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry("rocketmq", SslBundle.of(SslStoreBundle.NONE));
        RocketMQProperties.Producer producer = new RocketMQProperties().getProducer();
        producer.getSsl().setBundle("rocketmq");

        TlsOptions options = TlsConfigurer.tlsOptions(producer, bundles);
        TlsOptions.SslContextFactory factory = options.contextFactory();
        assertThat(options.enabled()).isTrue();
        assertThat(options.verifyHostName()).isTrue();
        assertThat(factory).isNotNull();
        SSLContext before = factory.create();
        assertThat(factory.create()).as("the same material until a reload").isSameAs(before);

        bundles.updateBundle("rocketmq", SslBundle.of(SslStoreBundle.NONE));

        SSLContext after = factory.create();
        assertThat(after).as("new connections get the reloaded bundle's context").isNotSameAs(before);
    }

}
