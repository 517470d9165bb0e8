package io.liftoff.compat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.client.TransportOptions.HeaderFormat;
import io.liftoff.embedded.process.RocketMQProcesses;
import io.liftoff.embedded.process.RocketMQProcesses.ConsumedMessages;
import io.liftoff.embedded.process.StoredMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every send mode (sync, async, oneway, batch, orderly, compressed) with both request
 * header formats stores every message intact on each RocketMQ version, as that version's
 * official consumer reads it back: body, tag, keys and user properties; orderly messages
 * of one key in one queue in send order; compressed messages stored compressed (a stored
 * record smaller than the body a consumer gets).
 */
abstract class SendModesIntegrationTests extends ClusterTests {

    private static final int PER_MODE = 5;

    private static final int COMPRESSED = 2;

    @ParameterizedTest(name = "{0} headers")
    @EnumSource(HeaderFormat.class)
    void everySendModeStoresEveryMessageIntact(HeaderFormat format) throws Exception {
        RocketMQProcesses rocketmq = rocketmq();
        String version = version();
        String topic = Producers.topic("modes", version, format);
        rocketmq.createTopic(topic, 4);
        Map<String, String> sent = new HashMap<>();
        List<SendResult> results = new ArrayList<>();
        try (Producer producer = Producers.start(rocketmq, "compat-modes-" + format, format)) {
            for (int i = 0; i < PER_MODE; i++) {
                results.add(producer.send(message(topic, "sync", i, sent)));
            }
            List<CompletableFuture<SendResult>> futures = new ArrayList<>();
            for (int i = 0; i < PER_MODE; i++) {
                futures.add(producer.sendAsync(message(topic, "async", i, sent)));
            }
            for (CompletableFuture<SendResult> future : futures) {
                results.add(future.get());
            }
            for (int i = 0; i < PER_MODE; i++) {
                producer.sendOneway(message(topic, "oneway", i, sent));
            }
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < PER_MODE; i++) {
                batch.add(message(topic, "batch", i, sent));
            }
            results.add(producer.sendBatch(batch));
            for (int i = 0; i < PER_MODE; i++) {
                for (String key : List.of("order-x", "order-y")) {
                    results.add(producer.sendOrderly(message(topic, key, i, sent), key));
                }
            }
            for (int i = 0; i < COMPRESSED; i++) {
                String body = "compressed-" + i + "-" + "liftoff ".repeat(1024);
                sent.put(body, "compressed");
                results.add(producer.send(Message.builder(topic)
                    .tag("compressed")
                    .keys("k-compressed-" + i)
                    .property("mode", "compressed")
                    .body(body.getBytes(StandardCharsets.UTF_8))
                    .build()));
            }
        }
        assertThat(results).allSatisfy((result) -> assertThat(result.status()).isEqualTo(SendStatus.SEND_OK));

        ConsumedMessages read = rocketmq.read(Map.of(topic, sent.size()), Duration.ofSeconds(30));
        List<StoredMessage> stored = read.of(topic);
        System.out.printf("RocketMQ %s, %s headers: %d messages sent in 6 modes, %d read back by the %s consumer%n",
                version, format, sent.size(), stored.size(), read.consumerVersion());
        assertThat(stored.stream().map(StoredMessage::text)).containsExactlyInAnyOrderElementsOf(sent.keySet());
        for (StoredMessage message : stored) {
            String mode = sent.get(message.text());
            assertThat(message.property("TAGS")).isEqualTo(mode);
            assertThat(message.property("mode")).isEqualTo(mode);
            assertThat(message.property("KEYS")).startsWith("k-" + mode + "-");
            if (mode.equals("compressed")) {
                assertThat(message.storeSize()).as("stored compressed").isLessThan(message.body().length / 4);
            }
        }
        for (String key : List.of("order-x", "order-y")) {
            List<StoredMessage> ordered = stored.stream()
                .filter((message) -> key.equals(message.property("mode")))
                .sorted((a, b) -> Long.compare(a.queueOffset(), b.queueOffset()))
                .collect(Collectors.toList());
            assertThat(ordered.stream().map((message) -> message.property("TAGS") + "@" + message.queueId()).distinct())
                .as("one queue for key %s", key)
                .hasSize(1);
            assertThat(ordered.stream().map(StoredMessage::text))
                .containsExactly(ordered.stream().map(StoredMessage::text).sorted().toArray(String[]::new));
        }
    }

    private static Message message(String topic, String mode, int i, Map<String, String> sent) {
        String body = mode + "-" + i + "-" + "é€" + "-" + System.nanoTime();
        sent.put(body, mode);
        return Message.builder(topic)
            .tag(mode)
            .keys("k-" + mode + "-" + i)
            .property("mode", mode)
            .body(body.getBytes(StandardCharsets.UTF_8))
            .build();
    }

}
