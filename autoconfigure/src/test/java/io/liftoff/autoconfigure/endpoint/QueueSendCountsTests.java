package io.liftoff.autoconfigure.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.liftoff.client.MessageQueue;
import io.liftoff.client.ProducerListener.SendEvent;
import io.liftoff.client.SendFailedException;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-queue send counts: totals, the one-minute window, the memory bound. */
class QueueSendCountsTests {

    private Instant now = Instant.parse("2026-01-02T03:04:00Z");

    private final QueueSendCounts counts = new QueueSendCounts(new Clock() {

        @Override
        public Instant instant() {
            return QueueSendCountsTests.this.now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    });

    @Test
    void countsSuccessfulSendsPerQueueAndFailuresPerTopic() {
        sent("orders", "broker-a", 0);
        sent("orders", "broker-a", 0);
        sent("orders", "broker-b", 3);
        failed("orders");
        this.counts.sendFinished(new SendEvent("orders", "broker-a", SendMode.ONEWAY, 1, 1, 10, null, null));

        QueueSendCounts.Counts orders = this.counts.counts("orders");
        assertThat(orders.queues()).containsExactly(
                new QueueSendCounts.QueueCount(new MessageQueue("orders", "broker-a", 0), 2, 2),
                new QueueSendCounts.QueueCount(new MessageQueue("orders", "broker-b", 3), 1, 1));
        assertThat(orders.failed()).isEqualTo(1);
        assertThat(orders.unanswered()).isEqualTo(1);
        assertThat(this.counts.counts("payments")).isNull();
    }

    @Test
    void recentCountsCoverTheLastMinute() {
        sent("orders", "broker-a", 0);
        this.now = this.now.plusSeconds(30);
        sent("orders", "broker-a", 0);
        assertThat(this.counts.counts("orders").queues().get(0).sentRecently()).isEqualTo(2);
        this.now = this.now.plusSeconds(40);
        assertThat(this.counts.counts("orders").queues().get(0).sentRecently()).isEqualTo(1);
        this.now = this.now.plus(QueueSendCounts.WINDOW);
        QueueSendCounts.QueueCount queue = this.counts.counts("orders").queues().get(0);
        assertThat(queue.sentRecently()).isZero();
        assertThat(queue.sent()).isEqualTo(2);
        this.now = this.now.plus(Duration.ofHours(1));
        sent("orders", "broker-a", 0);
        assertThat(this.counts.counts("orders").queues().get(0).sentRecently()).isEqualTo(1);
    }

    @Test
    void memoryIsBoundedByTopics() {
        for (int i = 0; i < QueueSendCounts.MAX_TOPICS + 10; i++) {
            sent("topic-" + i, "broker-a", 0);
        }
        assertThat(this.counts.counts("topic-0")).isNotNull();
        assertThat(this.counts.counts("topic-" + (QueueSendCounts.MAX_TOPICS + 5))).isNull();
    }

    private void sent(String topic, String broker, int queueId) {
        this.counts
            .sendFinished(new SendEvent(topic, broker, SendMode.SYNC, 1, 1, 10, new SendResult(SendStatus.SEND_OK, "id",
                    "offset", new MessageQueue(topic, broker, queueId), 1, null, null), null));
    }

    private void failed(String topic) {
        this.counts.sendFinished(new SendEvent(topic, "broker-a", SendMode.SYNC, 3, 1, 10, null,
                new SendFailedException(topic, "failed", List.of(), null)));
    }

}
