package io.liftoff.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.liftoff.client.testing.BrokerProxy;
import io.liftoff.client.testing.KeyedLoad;
import io.liftoff.client.testing.KeyedLoad.Tally;
import io.liftoff.embedded.EmbeddedRocketMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A network partition between the producer and one broker: a real two-broker cluster in
 * which clients reach broker-a only through a {@link BrokerProxy} (a test proxy; the
 * broker listens on 127.0.0.2 and registers 127.0.0.1, where the proxy listens). Under
 * Liftoff sync and async load with default settings, the proxy forwards nothing for 8 s
 * while every connection stays open: no close, no reset, only silence, the case a crash
 * or a stopped broker never shows. The counterpart of the SIGSTOP test of the compat
 * module, in process and in a fraction of its time.
 */
@Timeout(90)
class PartitionedBrokerBehindProxyIntegrationTests {

    private static final String TOPIC = "partition";

    private static final Duration SEND_TIMEOUT = SendOptions.DEFAULT_SEND_TIMEOUT;

    private static final Duration LOAD_BEFORE_PARTITION = Duration.ofMillis(1500);

    private static final Duration PARTITION = Duration.ofSeconds(8);

    private static final Duration BACK_WITHIN = Duration.ofSeconds(10);

    private EmbeddedRocketMQ rocketmq;

    private BrokerProxy proxy;

    @AfterEach
    void stop() {
        if (this.proxy != null) {
            this.proxy.close();
        }
        if (this.rocketmq != null) {
            this.rocketmq.close();
        }
    }

    @Test
    void aPartitionedBrokerIsIsolatedWithinOneTimeoutEverySendEndsByItsDeadlineAndItTakesSendsSoonAfterItHeals()
            throws Exception {
        this.rocketmq = EmbeddedRocketMQ.builder()
            .brokers(2)
            .topic(TOPIC, 4)
            .brokerListenHost("broker-a", "127.0.0.2")
            .start();
        this.proxy = BrokerProxy.start(this.rocketmq.brokerAddress("broker-a"),
                this.rocketmq.brokerListenAddress("broker-a"));
        BrokerAWatch watch = new BrokerAWatch();
        KeyedLoad load;
        long partitionedAt;
        long healedAt;
        boolean back;
        int connectionsDuringPartition;
        try (Producer producer = Producer.builder()
            .nameServer(this.rocketmq.nameServerAddress())
            .group("partition")
            .listener(watch)
            .build()) {
            producer.start();
            producer.writeQueues(TOPIC);
            load = KeyedLoad.start("liftoff", KeyedLoad.Sender.liftoff(producer, TOPIC), 3, Duration.ofMillis(5), 256,
                    Duration.ofMillis(2));
            try {
                Thread.sleep(LOAD_BEFORE_PARTITION.toMillis());
                partitionedAt = System.nanoTime();
                watch.partitionedAt.set(partitionedAt);
                this.proxy.blackHole();
                Thread.sleep(PARTITION.toMillis());
                connectionsDuringPartition = this.proxy.openConnections();
                healedAt = System.nanoTime();
                watch.healedAt.set(healedAt);
                this.proxy.heal();
                back = watch.back.await(BACK_WITHIN.toMillis() + 2000, TimeUnit.MILLISECONDS);
            }
            finally {
                load.stop(Duration.ofSeconds(15));
            }
        }

        List<KeyedLoad.Outcome> outcomes = load.outcomes();
        Tally tally = load.tally(this.rocketmq.nameServerAddress(), TOPIC);
        long beforePartition = outcomes.stream()
            .filter((o) -> "broker-a".equals(o.broker()) && o.endNanos() - partitionedAt < 0)
            .count();
        long isolatedAfterMillis = watch.millisAfter(watch.isolatedAt, partitionedAt);
        long backAfterMillis = back ? watch.millisAfter(watch.backAt, healedAt) : -1;
        System.out.printf("broker-a partitioned (through a proxy, connections kept open) for %d s under 3 sync "
                + "threads and an async stream of up to 256 in flight, send timeout %d ms: broker-a isolated %d ms "
                + "after the partition started, took sends again %d ms after it healed; %d connection(s) open "
                + "during the partition%n%s%n%s%n", PARTITION.toSeconds(), SEND_TIMEOUT.toMillis(), isolatedAfterMillis,
                backAfterMillis, connectionsDuringPartition, Tally.HEADER, tally.row());

        assertThat(beforePartition).as("sends broker-a (behind the proxy) acknowledged before the partition")
            .isPositive();
        assertThat(tally.slowestMillis()).as("the slowest send, in ms: each ends by its timeout + 100 ms")
            .isLessThanOrEqualTo(SEND_TIMEOUT.toMillis() + 100);
        assertThat(isolatedAfterMillis).as("ms until broker-a was isolated").isBetween(0L, SEND_TIMEOUT.toMillis());
        assertThat(back).as("broker-a took a send started after the partition healed").isTrue();
        assertThat(backAfterMillis).as("ms until broker-a took sends after the partition healed")
            .isBetween(0L, BACK_WITHIN.toMillis());
        assertThat(tally.missing()).as("acknowledged sends missing from the store").isZero();
    }

    /**
     * When broker-a was first isolated after the partition started, and when it first
     * acknowledged a send started after the partition healed.
     */
    private static final class BrokerAWatch implements ProducerListener {

        /** When the partition started; 0 until then, as every time here. */
        final AtomicLong partitionedAt = new AtomicLong();

        final AtomicLong healedAt = new AtomicLong();

        final AtomicLong isolatedAt = new AtomicLong();

        final AtomicLong backAt = new AtomicLong();

        final CountDownLatch back = new CountDownLatch(1);

        @Override
        public void brokerIsolated(String brokerName, Instant until, String reason) {
            long now = System.nanoTime();
            if (brokerName.equals("broker-a") && isAfter(now, this.partitionedAt)) {
                this.isolatedAt.compareAndSet(0, now);
            }
        }

        @Override
        public void sendFinished(SendEvent event) {
            long now = System.nanoTime();
            SendResult result = event.result();
            if (result != null && result.queue().brokerName().equals("broker-a")
                    && isAfter(now - event.durationNanos(), this.healedAt) && this.backAt.compareAndSet(0, now)) {
                this.back.countDown();
            }
        }

        private static boolean isAfter(long nanos, AtomicLong event) {
            long at = event.get();
            return at != 0 && nanos - at >= 0;
        }

        long millisAfter(AtomicLong event, long since) {
            long at = event.get();
            return (at == 0) ? -1 : TimeUnit.NANOSECONDS.toMillis(at - since);
        }

    }

}
