package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Liftoff producer against two real brokers with authentication and authorization on:
 * signed sends of every mode are stored (read back by the official consumer with
 * {@code AclClientRPCHook} credentials), refusals fail at once with typed exceptions that
 * name user, resource, action and broker, and rotated credentials apply to the next send.
 * The NameServer does not authenticate: route look-ups work throughout.
 */
@WithEmbeddedRocketMQ(brokers = 2, topics = { "acl-orders:2", "acl-audit:2", "acl-rotate:2" },
        users = { "app:app-secret", "auditor:auditor-secret" },
        acls = { "app:PUB:Topic:acl-orders", "app:PUB:Topic:acl-rotate", "auditor:PUB:Topic:acl-audit" })
class AclIntegrationTests {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private final EmbeddedRocketMQ rocketmq;

    AclIntegrationTests(EmbeddedRocketMQ rocketmq) {
        this.rocketmq = rocketmq;
    }

    @Test
    void theRightKeysSendSyncAsyncOnewayAndBatchAndTheOfficialConsumerReadsThemBack() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Producer producer = producer(CredentialsProvider.of(Credentials.of("app", "app-secret")), null)) {
            assertThat(producer.send(message("acl-orders", run + "-sync")).status()).isEqualTo(SendStatus.SEND_OK);
            List<CompletableFuture<SendResult>> async = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                async.add(producer.sendAsync(message("acl-orders", run + "-async-" + i)));
            }
            for (CompletableFuture<SendResult> future : async) {
                assertThat(future.get(10, TimeUnit.SECONDS).status()).isEqualTo(SendStatus.SEND_OK);
            }
            producer.sendOneway(message("acl-orders", run + "-oneway"));
            assertThat(producer
                .sendBatch(List.of(message("acl-orders", run + "-batch-1"), message("acl-orders", run + "-batch-2")))
                .status()).isEqualTo(SendStatus.SEND_OK);
        }

        List<String> stored = StoredMessages.read(this.rocketmq, "acl-orders", 24, READ_TIMEOUT)
            .stream()
            .map(StoredMessages::text)
            .filter((body) -> body.startsWith(run))
            .toList();
        assertThat(stored).hasSize(24)
            .contains(run + "-sync", run + "-async-0", run + "-async-19", run + "-oneway", run + "-batch-1",
                    run + "-batch-2");
    }

    @Test
    void aWrongSecretFailsTheFirstAttemptWithAnAuthenticationExceptionAndIsNotRetried() throws Exception {
        Queue<ProducerListener.AttemptEvent> attempts = new ConcurrentLinkedQueue<>();
        Queue<ProducerListener.SendEvent> sends = new ConcurrentLinkedQueue<>();
        ProducerListener listener = new ProducerListener() {
            @Override
            public void attemptFinished(AttemptEvent event) {
                attempts.add(event);
            }

            @Override
            public void sendFinished(SendEvent event) {
                sends.add(event);
            }
        };
        try (Producer producer = producer(CredentialsProvider.of(Credentials.of("app", "wrong-secret")), listener)) {
            assertThatThrownBy(() -> producer.send(message("acl-orders", "refused")))
                .isInstanceOfSatisfying(AuthenticationException.class, (refused) -> {
                    System.out.println("Sample AuthenticationException: " + refused.getMessage());
                    assertThat(refused.user()).isEqualTo("app");
                    assertThat(refused.resource()).isEqualTo("Topic:acl-orders");
                    assertThat(refused.action()).isEqualTo("PUB");
                    assertThat(refused.code()).isEqualTo(ResponseCodes.NO_PERMISSION);
                    assertThat(refused.getMessage()).contains("check signature failed", refused.address())
                        .doesNotContain("wrong-secret");
                });
            assertThat(attempts).as("attempts of the refused send").hasSize(1);
            assertThat(attempts.peek().failure()).isInstanceOf(AuthenticationException.class);
            assertThat(sends).singleElement().satisfies((send) -> {
                assertThat(send.attempts()).isOne();
                assertThat(send.failure()).isInstanceOf(AuthenticationException.class);
            });

            ExecutionException async = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> producer.sendAsync(message("acl-orders", "refused-async")).get(10, TimeUnit.SECONDS));
            assertThat(async.getCause()).isInstanceOf(AuthenticationException.class);
            assertThat(attempts).as("one attempt per send").hasSize(2);
        }
    }

    @Test
    void aUserWithoutPubOnATopicIsRefusedThereAndAllowedOnAnother() {
        try (Producer producer = producer(CredentialsProvider.of(Credentials.of("app", "app-secret")), null)) {
            assertThatThrownBy(() -> producer.send(message("acl-audit", "not-allowed")))
                .isInstanceOfSatisfying(AuthorizationException.class, (refused) -> {
                    System.out.println("Sample AuthorizationException: " + refused.getMessage());
                    assertThat(refused.user()).isEqualTo("app");
                    assertThat(refused.resource()).isEqualTo("Topic:acl-audit");
                    assertThat(refused.action()).isEqualTo("PUB");
                    assertThat(refused.address()).startsWith("127.0.0.1:");
                    assertThat(refused.getMessage())
                        .startsWith("User 'app' may not PUB on Topic:acl-audit at broker " + refused.address());
                });
            assertThat(producer.send(message("acl-orders", "allowed")).status()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    @Test
    void rotatedCredentialsApplyFromTheNextSendWithoutARestart() {
        AtomicReference<Credentials> current = new AtomicReference<>(Credentials.of("app", "old-secret"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Producer producer = producer(current::get, null)) {
            assertThatThrownBy(() -> producer.send(message("acl-rotate", run + "-old")))
                .isInstanceOf(AuthenticationException.class);

            current.set(Credentials.of("app", "app-secret"));
            assertThat(producer.send(message("acl-rotate", run + "-new")).status()).isEqualTo(SendStatus.SEND_OK);

            assertThatThrownBy(() -> producer.send(message("acl-audit", run + "-as-app")))
                .isInstanceOf(AuthorizationException.class);
            current.set(Credentials.of("auditor", "auditor-secret"));
            assertThat(producer.send(message("acl-audit", run + "-as-auditor")).status()).isEqualTo(SendStatus.SEND_OK);
        }
        List<MessageExt> rotated = StoredMessages.read(this.rocketmq, "acl-rotate", 1, READ_TIMEOUT);
        assertThat(rotated).extracting(StoredMessages::text).contains(run + "-new").doesNotContain(run + "-old");
    }

    private Producer producer(CredentialsProvider credentials, ProducerListener listener) {
        ProducerBuilder builder = Producer.builder()
            .nameServer(this.rocketmq.nameServerAddress())
            .group("acl-it-" + UUID.randomUUID().toString().substring(0, 8))
            .credentialsProvider(credentials);
        if (listener != null) {
            builder.listener(listener);
        }
        Producer producer = builder.build();
        producer.start();
        return producer;
    }

    private static Message message(String topic, String body) {
        return Message.builder(topic).body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

}
