package io.liftoff.autoconfigure;

import java.time.Duration;

import io.liftoff.client.Producer;
import io.liftoff.client.SendStatus;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.spring.MessageTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * TLS configured the Spring way against an embedded cluster that enforces TLS (mutual TLS
 * optional): a PEM SSL bundle with the cluster's CA (and the client certificate),
 * rocketmq-spring's {@code tls-enable} with the JVM's default trust store (which does not
 * know the test CA), and the insecure trust-all.
 */
class TlsIntegrationTests {

    private static EmbeddedRocketMQ rocketmq;

    @BeforeAll
    static void startCluster() {
        rocketmq = EmbeddedRocketMQ.builder()
            .tls(true)
            .tlsClientAuth(EmbeddedRocketMQ.TlsClientAuth.OPTIONAL)
            .topic("spring-tls", 2)
            .start();
    }

    @AfterAll
    static void stopCluster() {
        rocketmq.close();
    }

    @Test
    void aPemBundleWithTheClustersCaAndAClientCertificateSendsOverTls() {
        try (ConfigurableApplicationContext context = start("--rocketmq.producer.group=spring-tls-bundle",
                "--rocketmq.producer.ssl.bundle=rocketmq",
                "--spring.ssl.bundle.pem.rocketmq.truststore.certificate=file:" + rocketmq.tls().caCertificate(),
                "--spring.ssl.bundle.pem.rocketmq.keystore.certificate=file:" + rocketmq.tls().clientCertificate(),
                "--spring.ssl.bundle.pem.rocketmq.keystore.private-key=file:" + rocketmq.tls().clientPrivateKey())) {
            MessageTemplate template = context.getBean(MessageTemplate.class);
            assertThat(template.send("spring-tls", "from a bundle").status()).isEqualTo(SendStatus.SEND_OK);
        }
        assertThat(StoredMessages.read(rocketmq.nameServerAddress(), "spring-tls", 1, Duration.ofSeconds(20), true))
            .isNotEmpty();
    }

    @Test
    void tlsEnableTrustsTheJvmDefaultStoreWhichRefusesTheTestCa() {
        try (ConfigurableApplicationContext context = start("--rocketmq.producer.group=spring-tls-enable",
                "--rocketmq.producer.tls-enable=true")) {
            MessageTemplate template = context.getBean(MessageTemplate.class);
            assertThatException().isThrownBy(() -> template.send("spring-tls", "never"))
                .satisfies((failure) -> System.out.println("Sample (tls-enable, JVM trust store): " + failure))
                .withMessageContaining("certificate not trusted");
        }
    }

    @Test
    void trustAllSendsOnlyWhenAskedFor() {
        try (ConfigurableApplicationContext context = start("--rocketmq.producer.group=spring-tls-trust-all",
                "--rocketmq.producer.ssl.trust-all=true")) {
            assertThat(context.getBean(Producer.class)
                .send(io.liftoff.client.Message.builder("spring-tls").body(new byte[] { 1 }).build())
                .status()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    @Test
    void anUnknownBundleFailsStartUpNamingTheProperty() {
        assertThatException()
            .isThrownBy(() -> start("--rocketmq.producer.group=spring-tls-missing",
                    "--rocketmq.producer.ssl.bundle=missing"))
            .havingRootCause()
            .isInstanceOf(RocketMQConfigurationException.class)
            .withMessageContaining("rocketmq.producer.ssl.bundle")
            .withMessageContaining("missing");
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--rocketmq.name-server=" + rocketmq.nameServerAddress();
        all[1] = "--rocketmq.producer.fail-fast=false";
        System.arraycopy(args, 0, all, 2, args.length);
        return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE).run(all);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

    }

}
