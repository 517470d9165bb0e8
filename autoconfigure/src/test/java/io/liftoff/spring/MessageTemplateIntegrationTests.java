package io.liftoff.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@link MessageTemplate} method against a real broker, the embedded RocketMQ that
 * {@code rocketmq.embedded.enabled=true} starts in the application context. What the
 * broker stored (body, tag, keys, user properties, queue) is read back with the official
 * RocketMQ consumer. The context is closed after the class, and {@link LiftoffThreads}
 * (declared first, so it runs last) checks that no Liftoff thread is left.
 */
@ExtendWith(LiftoffThreads.class)
@SpringBootTest(classes = MessageTemplateIntegrationTests.Application.class,
        properties = { "rocketmq.embedded.enabled=true", "rocketmq.producer.group=template-it",
                "rocketmq.embedded.topics.it-send=2", "rocketmq.embedded.topics.it-spring-message=2",
                "rocketmq.embedded.topics.it-async=2", "rocketmq.embedded.topics.it-oneway=2",
                "rocketmq.embedded.topics.it-orderly=4", "rocketmq.embedded.topics.it-delayed=1",
                "rocketmq.embedded.topics.it-batch=1", "rocketmq.embedded.topics.it-large=1" })
@DirtiesContext
class MessageTemplateIntegrationTests {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    /**
     * How far two readings of the wall clock may disagree: the broker's timer delivers a
     * message once its clock passed the delivery time, never earlier.
     */
    private static final long CLOCK_GRANULARITY_MILLIS = 20;

    @Autowired
    private MessageTemplate template;

    @Autowired
    private EmbeddedRocketMQ rocketmq;

    @Test
    void sendStoresJsonTextAndBytesWithTagAndKey() throws Exception {
        SendResult json = this.template.send("it-send:created", new OrderEvent("o-1", "created", 42.5), "o-1");
        SendResult text = this.template.send("it-send:note", "héllo", "o-2", Duration.ofSeconds(5));
        SendResult bytes = this.template.send("it-send", new byte[] { 1, 2, 3 }, Duration.ofSeconds(5));
        assertThat(List.of(json, text, bytes)).extracting(SendResult::status).containsOnly(SendStatus.SEND_OK);

        Map<String, MessageExt> stored = byId(read("it-send", 3));
        assertThat(stored).hasSize(3);
        MessageExt storedJson = stored.get(json.messageId());
        assertThat(StoredMessages.text(storedJson))
            .isEqualTo("{\"orderId\":\"o-1\",\"status\":\"created\",\"amount\":42.5}");
        assertThat(storedJson.getTags()).isEqualTo("created");
        assertThat(storedJson.getKeys()).isEqualTo("o-1");
        assertThat(storedJson.getUserProperty("contentType")).isEqualTo("application/json");
        MessageExt storedText = stored.get(text.messageId());
        assertThat(StoredMessages.text(storedText)).isEqualTo("héllo");
        assertThat(storedText.getTags()).isEqualTo("note");
        assertThat(storedText.getKeys()).isEqualTo("o-2");
        assertThat(storedText.getUserProperty("contentType")).isEqualTo("text/plain;charset=UTF-8");
        MessageExt storedBytes = stored.get(bytes.messageId());
        assertThat(storedBytes.getBody()).containsExactly(1, 2, 3);
        assertThat(storedBytes.getTags()).isNull();
        assertThat(storedBytes.getUserProperty("contentType")).isNull();
    }

    @Test
    void sendOfASpringMessageMapsHeadersToKeysTagAndUserProperties() throws Exception {
        org.springframework.messaging.Message<OrderEvent> message = MessageBuilder
            .withPayload(new OrderEvent("o-3", "paid", 10.0))
            .setHeader(RocketMQHeaders.KEYS, List.of("o-3", "customer-9"))
            .setHeader(RocketMQHeaders.TAGS, "paid")
            .setHeader("tenant", "acme")
            .setHeader("attempt", 1)
            .build();
        SendResult result = this.template.send("it-spring-message", message);

        MessageExt stored = single(read("it-spring-message", 1));
        assertThat(stored.getMsgId()).isEqualTo(result.messageId());
        assertThat(stored.getTags()).isEqualTo("paid");
        assertThat(stored.getKeys()).isEqualTo("o-3 customer-9");
        assertThat(stored.getUserProperty("tenant")).isEqualTo("acme");
        assertThat(stored.getUserProperty("attempt")).isEqualTo("1");
        assertThat(stored.getUserProperty("contentType")).isEqualTo("application/json");
        assertThat(stored.getUserProperty("id")).isNull();
        assertThat(stored.getUserProperty("timestamp")).isNull();
        assertThat(StoredMessages.text(stored)).contains("\"orderId\":\"o-3\"");

        Map<String, Object> headers = new RocketMQHeaderMapper().toHeaders(stored.getProperties());
        assertThat(headers).containsEntry("rocketmq_KEYS", "o-3 customer-9")
            .containsEntry("rocketmq_TAGS", "paid")
            .containsEntry("rocketmq_MESSAGE_ID", result.messageId())
            .containsEntry("tenant", "acme")
            .containsEntry("contentType", "application/json");
    }

    @Test
    void sendAsyncCompletesWithTheResultOfEachStoredMessage() throws Exception {
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(this.template.sendAsync("it-async:tick", new OrderEvent("a-" + i, "tick", i), "a-" + i));
        }
        List<SendResult> results = new ArrayList<>();
        for (CompletableFuture<SendResult> future : futures) {
            results.add(future.get(10, TimeUnit.SECONDS));
        }
        Map<String, MessageExt> stored = byId(read("it-async", 20));
        assertThat(stored).hasSize(20);
        for (int i = 0; i < 20; i++) {
            MessageExt message = stored.get(results.get(i).messageId());
            assertThat(message.getKeys()).isEqualTo("a-" + i);
            assertThat(message.getTags()).isEqualTo("tick");
            assertThat(StoredMessages.text(message)).contains("\"orderId\":\"a-" + i + "\"");
        }
    }

    @Test
    void sendOnewayIsStored() throws Exception {
        for (int i = 0; i < 5; i++) {
            this.template.sendOneway("it-oneway:log", "line " + i);
        }
        List<MessageExt> stored = read("it-oneway", 5);
        assertThat(stored).extracting(StoredMessages::text)
            .containsExactlyInAnyOrder("line 0", "line 1", "line 2", "line 3", "line 4");
        assertThat(stored).extracting(MessageExt::getTags).containsOnly("log");
    }

    @Test
    void sendOrderlyKeepsEachHashKeyInOneQueueInSendOrder() throws Exception {
        List<String> orders = List.of("order-a", "order-b", "order-c");
        for (int step = 0; step < 5; step++) {
            for (String order : orders) {
                this.template.sendOrderly("it-orderly:step", order + ":" + step, order);
            }
        }
        List<MessageExt> stored = read("it-orderly", 15);
        assertThat(stored).hasSize(15);
        Map<String, List<MessageExt>> byOrder = stored.stream()
            .collect(Collectors.groupingBy((message) -> StoredMessages.text(message).split(":")[0]));
        for (String order : orders) {
            List<MessageExt> messages = new ArrayList<>(byOrder.get(order));
            assertThat(messages).extracting(MessageExt::getQueueId)
                .as("queues of %s", order)
                .containsOnly(messages.get(0).getQueueId());
            messages.sort((a, b) -> Long.compare(a.getQueueOffset(), b.getQueueOffset()));
            assertThat(messages).extracting(StoredMessages::text)
                .containsExactly(order + ":0", order + ":1", order + ":2", order + ":3", order + ":4");
        }
    }

    @Test
    void sendDelayedIsDeliveredAfterTheDelay() throws Exception {
        long sentAt = System.currentTimeMillis();
        SendResult result = this.template.sendDelayed("it-delayed:later", "wake up", Duration.ofSeconds(2));
        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);

        // Visible to consumers from its store timestamp in the topic on, which the
        // broker's timer sets when it delivers the message: a bound that holds however
        // slow the machine.
        MessageExt stored = single(read("it-delayed", 1));
        assertThat(stored.getMsgId()).isEqualTo(result.messageId());
        assertThat(StoredMessages.text(stored)).isEqualTo("wake up");
        assertThat(stored.getTags()).isEqualTo("later");
        assertThat(stored.getStoreTimestamp() - sentAt).as("ms from the send to the topic")
            .isGreaterThanOrEqualTo(2000 - CLOCK_GRANULARITY_MILLIS);
    }

    @Test
    void sendBatchStoresEveryPayloadWithTheDestinationTag() throws Exception {
        SendResult result = this.template.sendBatch("it-batch:bulk", List.of(new OrderEvent("b-1", "new", 1), "plain",
                MessageBuilder.withPayload("with-key").setHeader(RocketMQHeaders.KEYS, "b-3").build()));
        assertThat(result.messageId().split(",")).hasSize(3);

        List<MessageExt> stored = read("it-batch", 3);
        stored.sort((a, b) -> Long.compare(a.getQueueOffset(), b.getQueueOffset()));
        assertThat(stored).extracting(MessageExt::getTags).containsOnly("bulk");
        assertThat(StoredMessages.text(stored.get(0))).contains("\"orderId\":\"b-1\"");
        assertThat(stored.get(0).getUserProperty("contentType")).isEqualTo("application/json");
        assertThat(StoredMessages.text(stored.get(1))).isEqualTo("plain");
        assertThat(StoredMessages.text(stored.get(2))).isEqualTo("with-key");
        assertThat(stored.get(2).getKeys()).isEqualTo("b-3");
    }

    @Test
    void largeBodiesAreCompressedOnTheWireAndStoredIntact() throws Exception {
        String large = "x".repeat(64 * 1024);
        this.template.send("it-large", large);

        MessageExt stored = single(read("it-large", 1));
        assertThat(StoredMessages.text(stored)).isEqualTo(large);
        MessageExt raw = this.rocketmq.brokerController(stored.getBrokerName())
            .getMessageStore()
            .lookMessageByOffset(stored.getCommitLogOffset());
        assertThat(raw.getSysFlag() & MessageSysFlag.COMPRESSED_FLAG).as("compressed flag")
            .isEqualTo(MessageSysFlag.COMPRESSED_FLAG);
        assertThat(raw.getStoreSize()).as("stored size").isLessThan(large.length() / 2);
    }

    private List<MessageExt> read(String topic, int expected) throws Exception {
        return new ArrayList<>(StoredMessages.read(this.rocketmq.nameServerAddress(), topic, expected, READ_TIMEOUT));
    }

    private static Map<String, MessageExt> byId(List<MessageExt> messages) {
        return messages.stream().collect(Collectors.toMap(MessageExt::getMsgId, Function.identity()));
    }

    private static MessageExt single(List<MessageExt> messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    record OrderEvent(String orderId, String status, double amount) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

    }

}
