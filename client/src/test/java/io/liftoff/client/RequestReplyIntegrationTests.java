package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import io.liftoff.client.testing.OfficialConsumers;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Request-reply against real brokers: the replier is the official client (a push consumer
 * on the request topic answering with {@code MessageUtil.createReplyMessage} and an
 * official producer), so the reply travels the broker's own path to the requester
 * ({@code SEND_REPLY_MESSAGE}, then {@code PUSH_REPLY_MESSAGE_TO_CLIENT}).
 */
@WithEmbeddedRocketMQ(brokers = 2, topics = { "rr-request:2", "rr-silent:2" })
class RequestReplyIntegrationTests {

    private static Producer producer;

    private static DefaultMQProducer replier;

    private static DefaultMQPushConsumer consumer;

    private static String nameServer;

    @BeforeAll
    static void start(EmbeddedRocketMQ rocketmq) throws Exception {
        nameServer = rocketmq.nameServerAddress();
        replier = new DefaultMQProducer("rr-replier");
        replier.setNamesrvAddr(nameServer);
        replier.start();
        consumer = new DefaultMQPushConsumer("rr-replier");
        consumer.setNamesrvAddr(nameServer);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe("rr-request", "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt request : messages) {
                try {
                    org.apache.rocketmq.common.message.Message reply = MessageUtil.createReplyMessage(request,
                            ("re:" + new String(request.getBody(), StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));
                    reply.setTags("answer");
                    reply.setKeys("reply-key");
                    reply.putUserProperty("answeredBy", "official");
                    replier.send(reply);
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        OfficialConsumers.awaitAssigned(consumer, "rr-request");
        producer = Producer.builder().nameServer(nameServer).group("rr-requester").build();
        producer.start();
        // The consumer takes its queues after a rebalance: the first request waits for
        // it.
        for (int attempt = 1;; attempt++) {
            try {
                producer.request(Message.of("rr-request", "warm-up".getBytes(StandardCharsets.UTF_8)),
                        Duration.ofSeconds(20));
                break;
            }
            catch (ReplyTimeoutException ex) {
                if (attempt == 3) {
                    throw ex;
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (consumer != null) {
            consumer.shutdown();
        }
        if (replier != null) {
            replier.shutdown();
        }
    }

    @Test
    void requestReturnsTheOfficialRepliersAnswerWithinTheTimeout() {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long start = System.nanoTime();
            ReplyMessage reply = producer.request(Message.builder("rr-request")
                .property("tenant", "acme")
                .body(("req-" + i).getBytes(StandardCharsets.UTF_8))
                .build(), Duration.ofSeconds(3));
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
        assertThat(micros.get(99)).as("slowest round trip in us, timeout 3 s").isLessThan(3_000_000);
    }

    @Test
    void requestAsyncCompletesWithTheReply() throws Exception {
        List<CompletableFuture<ReplyMessage>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(producer.requestAsync(Message.of("rr-request", ("async-" + i).getBytes(StandardCharsets.UTF_8)),
                    Duration.ofSeconds(5)));
        }
        for (int i = 0; i < 20; i++) {
            ReplyMessage reply = futures.get(i).get(10, TimeUnit.SECONDS);
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
