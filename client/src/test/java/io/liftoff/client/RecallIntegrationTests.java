package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Recall of timer messages against real 5.3.3 brokers: broker-a has
 * {@code recallMessageEnable=true}, broker-b keeps the default (off). What was delivered
 * is read with the official consumer.
 */
class RecallIntegrationTests {

    private static EmbeddedRocketMQ rocketmq;

    private static Producer producer;

    @BeforeAll
    static void start() {
        rocketmq = EmbeddedRocketMQ.builder()
            .brokers(2)
            .topicOnBrokers("rc-on", 2, "broker-a")
            .topicOnBrokers("rc-off", 2, "broker-b")
            .topicOnBrokers("rc-other", 2, "broker-a")
            .topicOnBrokers("rc-level", 1, "broker-a")
            .brokerCustomizer((name, broker, store) -> broker.setRecallMessageEnable("broker-a".equals(name)))
            .start();
        producer = Producer.builder().nameServer(rocketmq.nameServerAddress()).group("rc-producer").build();
        producer.start();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (rocketmq != null) {
            rocketmq.close();
        }
    }

    @Test
    void aRecalledTimerMessageIsNeverDeliveredAndOneNotRecalledIs() {
        SendResult recalled = producer.send(timer("rc-on", "recalled"));
        SendResult kept = producer.send(timer("rc-on", "kept"));
        assertThat(recalled.recallHandle()).isNotBlank();
        assertThat(kept.recallHandle()).isNotBlank();

        String id = producer.recall("rc-on", recalled.recallHandle());

        assertThat(id).isEqualTo(recalled.messageId());
        // Both were due 10 s after sending; read until 13 s, waiting for two messages.
        List<MessageExt> delivered = StoredMessages.read(rocketmq.nameServerAddress(), "rc-on", 2,
                Duration.ofSeconds(13));
        assertThat(delivered).extracting(MessageExt::getMsgId).containsExactly(kept.messageId());
        assertThat(new String(delivered.get(0).getBody(), StandardCharsets.UTF_8)).isEqualTo("kept");
    }

    @Test
    void aBrokerWithRecallOffRefusesSayingWhichSettingToChange() {
        SendResult sent = producer.send(timer("rc-off", "not recallable"));

        assertThatThrownBy(() -> producer.recall("rc-off", sent.recallHandle()))
            .isInstanceOf(RecallFailedException.class)
            .hasMessageContaining("broker-b")
            .hasMessageContaining("recallMessageEnable=true")
            .satisfies((ex) -> assertThat(((RecallFailedException) ex).code()).isEqualTo(ResponseCodes.NO_PERMISSION));
    }

    @Test
    void aMessageWithADelayLevelGetsNoHandleAndRecallWithoutOneSaysWhichMessagesHaveOne() {
        SendResult sent = producer.send(Message.builder("rc-level").delayLevel(1).body(new byte[] { 1 }).build());

        assertThat(sent.recallHandle()).isNull();
        assertThatThrownBy(() -> producer.recall("rc-level", sent.recallHandle()))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessageContaining("deliveryDelay or deliverAt");
    }

    @Test
    void aHandleOfAnotherTopicIsRefusedBeforeAnyIo() {
        SendResult sent = producer.send(timer("rc-other", "other"));

        assertThatThrownBy(() -> producer.recall("rc-on", sent.recallHandle()))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessageContaining("for topic 'rc-other', not 'rc-on'");
    }

    private static Message timer(String topic, String body) {
        return Message.builder(topic)
            .deliveryDelay(Duration.ofSeconds(10))
            .body(body.getBytes(StandardCharsets.UTF_8))
            .build();
    }

}
