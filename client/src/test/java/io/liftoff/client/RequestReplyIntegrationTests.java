package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import io.liftoff.client.testing.OfficialReplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Request-reply against real brokers: the replier is the official client
 * ({@link OfficialReplier}), so the reply travels the broker's own path to the requester
 * ({@code SEND_REPLY_MESSAGE}, then {@code PUSH_REPLY_MESSAGE_TO_CLIENT}).
 */
@WithEmbeddedRocketMQ(brokers = 2, topics = { "rr-request:2", "rr-silent:2" })
class RequestReplyIntegrationTests {

    /**
     * A request's timeout in these tests: a reply normally comes in milliseconds, but a
     * broker holding the replier's pull may see a request only at its next check of held
     * pulls, every 5 s (when the request arrived just as the pull was being held).
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static Producer producer;

    private static OfficialReplier replier;

    private static String nameServer;

    @BeforeAll
    static void start(EmbeddedRocketMQ rocketmq) throws Exception {
        nameServer = rocketmq.nameServerAddress();
        replier = OfficialReplier.start(nameServer, "rr-replier", "rr-request", 4, (request, reply) -> {
            reply.setTags("answer");
            reply.setKeys("reply-key");
            reply.putUserProperty("answeredBy", "official");
        });
        producer = Producer.builder().nameServer(nameServer).group("rr-requester").build();
        producer.start();
        request("warm-up", Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (replier != null) {
            replier.close();
        }
    }

    private static ReplyMessage request(String body, Duration timeout) {
        return replier.request(producer,
                Message.builder("rr-request")
                    .property("tenant", "acme")
                    .body(body.getBytes(StandardCharsets.UTF_8))
                    .build(),
                timeout);
    }

    @Test
    void requestReturnsTheOfficialRepliersAnswerWithinTheTimeout() {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long start = System.nanoTime();
            ReplyMessage reply = request("req-" + i, TIMEOUT);
            micros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));

            assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("re:req-" + i);
            assertThat(reply.topic()).isEqualTo(EmbeddedRocketMQ.CLUSTER_NAME + "_REPLY_TOPIC");
            assertThat(reply.tag()).isEqualTo("answer");
            assertThat(reply.keys()).containsExactly("reply-key");
            assertThat(reply.properties()).containsEntry("answeredBy", "official")
                .doesNotContainKeys("CORRELATION_ID", "REPLY_TO_CLIENT", "TTL", "MSG_TYPE");
            assertThat(reply.correlationId()).isNotBlank();
            assertThat(reply.messageId()).isNotBlank();
        }
        Collections.sort(micros);
        System.out.println("Request-reply round trip over 100 requests: p50 " + micros.get(49) + " us, p99 "
                + micros.get(98) + " us, max " + micros.get(99) + " us");
        assertThat(micros.get(99)).as("slowest round trip in us").isLessThan(TIMEOUT.toNanos() / 1000);
    }

    @Test
    void requestAsyncCompletesWithTheReply() throws Exception {
        List<CompletableFuture<ReplyMessage>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(producer.requestAsync(Message.of("rr-request", ("async-" + i).getBytes(StandardCharsets.UTF_8)),
                    TIMEOUT));
        }
        for (int i = 0; i < 20; i++) {
            ReplyMessage reply;
            try {
                reply = futures.get(i).get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            }
            catch (ExecutionException ex) {
                throw replier.unanswered("async-" + i, ex.getCause());
            }
            assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("re:async-" + i);
        }
    }

    @Test
    void requestWithoutReplierFailsWithReplyTimeoutAtTheTimeout() {
        Duration timeout = Duration.ofMillis(1500);
        Message request = Message.of("rr-silent", new byte[] { 1 });
        RuntimeException failure = null;
        long start = System.nanoTime();
        try {
            producer.request(request, timeout);
        }
        catch (RuntimeException ex) {
            failure = ex;
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        System.out.println("Request without replier failed after " + waited + " ms (timeout 1500 ms, overrun "
                + (waited - 1500) + " ms)");
        assertThat(failure).isInstanceOf(ReplyTimeoutException.class)
            .hasMessageContaining("topic 'rr-silent'")
            .hasMessageContaining("1500 ms");
        assertThat(waited).isGreaterThanOrEqualTo(1500).isLessThan(2500);
    }

    @Test
    void closeFailsARequestWaitingForItsReplyWithProducerClosed() {
        Producer other = Producer.builder().nameServer(nameServer).group("rr-closing").build();
        other.start();
        CompletableFuture<ReplyMessage> future = other.requestAsync(Message.of("rr-silent", new byte[] { 1 }),
                Duration.ofSeconds(30));

        other.close();

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ProducerClosedException.class)
            .hasMessageContaining("rr-silent");
    }

    @Test
    void aRequestBreakingARuleIsRefusedBeforeAnyIo() {
        assertThatThrownBy(() -> producer.request(Message.of("rr-request", new byte[0]), Duration.ofSeconds(1)))
            .isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> producer.request(Message.of("rr-request", new byte[] { 1 }), Duration.ZERO))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessageContaining("timeout");
    }

}
