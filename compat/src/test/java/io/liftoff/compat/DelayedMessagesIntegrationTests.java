package io.liftoff.compat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.liftoff.client.LiftoffException;
import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.client.SendStatus;
import io.liftoff.client.TransportOptions.HeaderFormat;
import io.liftoff.embedded.process.RocketMQProcesses;
import io.liftoff.embedded.process.StoredMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Delayed messages reach consumers when due, not earlier: delay levels on every RocketMQ
 * version, timer messages ({@code deliveryDelay}) on 5.x, as the version's official
 * consumer reads them (a delayed message is stored in its topic when it becomes due).
 */
abstract class DelayedMessagesIntegrationTests extends ClusterTests {

    /** Delay level 1: 1 s on every version. */
    private static final int LEVEL = 1;

    private static final Duration LEVEL_DELAY = Duration.ofSeconds(1);

    private static final Duration TIMER_DELAY = Duration.ofSeconds(3);

    /**
     * The timer wheel ticks in 1 s slots by default, and stores may be a little early.
     */
    private static final long TOLERANCE_MILLIS = 1_000;

    @Test
    void aDelayLevelMessageIsStoredInItsTopicWhenDue() {
        RocketMQProcesses rocketmq = rocketmq();
        String version = version();
        String topic = Producers.topic("level", version, HeaderFormat.ROCKETMQ);
        rocketmq.createTopic(topic, 2);
        try (Producer producer = Producers.start(rocketmq, "compat-delay", HeaderFormat.ROCKETMQ)) {
            assertThat(producer
                .send(Message.builder(topic).body("level".getBytes(StandardCharsets.UTF_8)).delayLevel(LEVEL).build())
                .status()).isEqualTo(SendStatus.SEND_OK);
        }
        List<StoredMessage> stored = rocketmq.read(Map.of(topic, 1), Duration.ofSeconds(20)).of(topic);
        assertThat(stored).singleElement().satisfies((message) -> {
            long waited = message.storeTimestamp() - message.bornTimestamp();
            System.out.printf("RocketMQ %s: delay level %d stored in its topic %d ms after it was born%n", version,
                    LEVEL, waited);
            assertThat(message.text()).isEqualTo("level");
            assertThat(waited).isGreaterThanOrEqualTo(LEVEL_DELAY.toMillis() - 50);
        });
    }

    @Test
    void aTimerMessageIsStoredInItsTopicWhenDue() {
        RocketMQProcesses rocketmq = rocketmq();
        String version = version();
        assumeTrue(rocketmq.version().supportsTimerMessages(), "RocketMQ " + version + " has no timer messages");
        String topic = Producers.topic("timer", version, HeaderFormat.ROCKETMQ);
        rocketmq.createTopic(topic, 2);
        try (Producer producer = Producers.start(rocketmq, "compat-timer", HeaderFormat.ROCKETMQ)) {
            assertThat(producer
                .send(Message.builder(topic)
                    .body("timer".getBytes(StandardCharsets.UTF_8))
                    .deliveryDelay(TIMER_DELAY)
                    .build())
                .status()).isEqualTo(SendStatus.SEND_OK);
        }
        List<StoredMessage> stored = rocketmq.read(Map.of(topic, 1), Duration.ofSeconds(20)).of(topic);
        assertThat(stored).singleElement().satisfies((message) -> {
            long waited = message.storeTimestamp() - message.bornTimestamp();
            System.out.printf("RocketMQ %s: deliveryDelay %d ms stored in its topic %d ms after it was born%n", version,
                    TIMER_DELAY.toMillis(), waited);
            assertThat(message.text()).isEqualTo("timer");
            assertThat(waited).isGreaterThanOrEqualTo(TIMER_DELAY.toMillis() - TOLERANCE_MILLIS);
        });
    }

    @Test
    void aTimerMessageToABrokerWithoutTimerMessagesIsRefusedAndNothingIsStored() {
        RocketMQProcesses rocketmq = rocketmq();
        String version = version();
        assumeFalse(rocketmq.version().supportsTimerMessages(), "RocketMQ " + version + " has timer messages");
        String topic = Producers.topic("timer", version, HeaderFormat.ROCKETMQ);
        rocketmq.createTopic(topic, 2);
        try (Producer producer = Producers.start(rocketmq, "compat-timer", HeaderFormat.ROCKETMQ)) {
            Message message = Message.builder(topic)
                .body("timer".getBytes(StandardCharsets.UTF_8))
                .deliveryDelay(TIMER_DELAY)
                .build();
            assertThatExceptionOfType(LiftoffException.class).isThrownBy(() -> producer.send(message))
                .withMessageContaining("deliveryDelay")
                .withMessageContaining("5.0");
        }
        finally {
            List<StoredMessage> stored = rocketmq.read(Map.of(topic, 1), Duration.ofSeconds(2)).of(topic);
            stored.forEach((message) -> System.out.printf(
                    "RocketMQ %s: a message with deliveryDelay %d ms was stored for delivery %d ms after it was born%n",
                    version, TIMER_DELAY.toMillis(), message.storeTimestamp() - message.bornTimestamp()));
            assertThat(stored).as("stored on a broker without timer messages").isEmpty();
        }
    }

}
