package io.liftoff.client;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cluster as production runs it: two brokers and a NameServer that enforce TLS, with
 * authentication and authorization on. A producer with the cluster's CA and a user's keys
 * sends every mode and the official consumer reads it back; over the same TLS connections
 * a wrong secret and a topic without permission are refused with their typed exceptions,
 * on the first attempt.
 */
@WithEmbeddedRocketMQ(brokers = 2, tls = true, topics = { "secure-orders:2", "secure-audit:2" },
        users = "app:app-secret", acls = "app:PUB:Topic:secure-orders")
class SecuredClusterIntegrationTests {

    private final EmbeddedRocketMQ rocketmq;

    SecuredClusterIntegrationTests(EmbeddedRocketMQ rocketmq) {
        this.rocketmq = rocketmq;
    }

    @Test
    void signedSendsOverTlsAreStoredAndRefusalsAreTypedAndNotRetried() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Producer producer = producer("app-secret")) {
            assertThat(producer.send(message("secure-orders", run + "-sync")).status()).isEqualTo(SendStatus.SEND_OK);
            assertThat(producer.sendAsync(message("secure-orders", run + "-async")).get(10, TimeUnit.SECONDS).status())
                .isEqualTo(SendStatus.SEND_OK);
            producer.sendOneway(message("secure-orders", run + "-oneway"));
            assertThat(producer
                .sendBatch(
                        List.of(message("secure-orders", run + "-batch-1"), message("secure-orders", run + "-batch-2")))
                .status()).isEqualTo(SendStatus.SEND_OK);
            assertThatThrownBy(() -> producer.send(message("secure-audit", run + "-refused")))
                .isInstanceOfSatisfying(AuthorizationException.class, (refused) -> {
                    assertThat(refused.user()).isEqualTo("app");
                    assertThat(refused.resource()).isEqualTo("Topic:secure-audit");
                });
        }
        try (Producer wrong = producer("wrong-secret")) {
            assertThatThrownBy(() -> wrong.send(message("secure-orders", run + "-wrong")))
                .isInstanceOf(AuthenticationException.class);
        }

        List<String> stored = StoredMessages.read(this.rocketmq, "secure-orders", 5, Duration.ofSeconds(20))
            .stream()
            .map(StoredMessages::text)
            .filter((body) -> body.startsWith(run))
            .toList();
        assertThat(stored).containsExactlyInAnyOrder(run + "-sync", run + "-async", run + "-oneway", run + "-batch-1",
                run + "-batch-2");
        assertThat(StoredMessages.read(this.rocketmq, "secure-audit", 1, Duration.ofSeconds(2))).isEmpty();
    }

    private Producer producer(String secret) {
        Producer producer = Producer.builder()
            .nameServer(this.rocketmq.nameServerAddress())
            .group("secured-" + secret)
            .credentials(Credentials.of("app", secret))
            .tls(TlsOptions.builder().sslContext(() -> this.rocketmq.tls().sslContext()).build())
            .build();
        producer.start();
        return producer;
    }

    private static Message message(String topic, String body) {
        return Message.of(topic, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

}
