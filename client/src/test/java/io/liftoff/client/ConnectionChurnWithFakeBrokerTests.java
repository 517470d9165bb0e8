package io.liftoff.client;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.liftoff.client.internal.send.ProducerInternals;
import io.liftoff.client.testing.FakeBroker;
import io.liftoff.client.testing.FakeCluster;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection churn against a fake NameServer and broker (the broker drops its clients on
 * demand, which a real one cannot be made to do): 1,000 connections closed from the
 * broker's side under a producer that keeps sending (one in ten sends straight into the
 * closing connection, the others once the producer saw it close), and 1,000 producers
 * started, used and closed. File descriptors, live threads and direct memory are counted
 * before and after; each may differ by a small constant only (for direct memory: a chunk
 * per arena of Netty's pool, which the pool keeps).
 */
class ConnectionChurnWithFakeBrokerTests {

    private static final int CYCLES = 1_000;

    /** One cycle in this many sends at once into the connection the broker is closing. */
    private static final int RACING_EVERY = 10;

    private FakeCluster cluster;

    private FakeBroker broker;

    @BeforeEach
    void start() throws IOException {
        this.cluster = new FakeCluster();
        this.broker = this.cluster.broker("broker-a", FakeBroker.stores(ResponseCodes.SUCCESS));
    }

    @AfterEach
    void stop() throws IOException {
        this.cluster.close();
    }

    @Test
    void aThousandConnectionsClosedByTheBrokerUnderSendsLeaveNoDescriptorThreadOrDirectMemoryBehind() throws Exception {
        Resources before;
        Resources after;
        int failed = 0;
        try (Producer producer = producer()) {
            for (int i = 0; i < 20; i++) {
                producer.send(message("warm-up"));
            }
            before = Resources.count();
            for (int i = 0; i < CYCLES; i++) {
                this.broker.dropConnections();
                if (i % RACING_EVERY != 0) {
                    // Most cycles let the producer see the close first (fast); the rest
                    // send into the closing connection, retried after a back-off.
                    awaitClosed(producer);
                }
                try {
                    producer.send(message("churn-" + i));
                }
                catch (LiftoffException ex) {
                    failed++;
                }
            }
            this.broker.dropConnections();
            producer.send(message("last"));
            after = Resources.settled(before);
        }
        System.out.printf("%d broker-side connection closes under sends (%d sends failed, %d connections accepted): "
                + "%s before, %s after%n", CYCLES, failed, this.broker.acceptedConnections(), before, after);

        assertThat(this.broker.acceptedConnections()).as("a new connection after each close").isGreaterThan(CYCLES);
        assertThat(failed).as("sends failed (a send may meet the closing connection and be retried)")
            .isLessThan(CYCLES / 10);
        before.assertNoMoreThan(after);
    }

    @Test
    void aThousandProducersStartedUsedAndClosedLeaveNoDescriptorThreadOrDirectMemoryBehind() throws Exception {
        try (Producer warmUp = producer()) {
            warmUp.send(message("warm-up"));
        }
        Resources before = Resources.count();
        for (int i = 0; i < CYCLES; i++) {
            try (Producer producer = producer()) {
                producer.send(message("cycle-" + i));
            }
        }
        Resources after = Resources.settled(before);
        System.out.printf("%d producers started, used and closed: %s before, %s after%n", CYCLES, before, after);

        before.assertNoMoreThan(after);
    }

    private void awaitClosed(Producer producer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (ProducerInternals.connectedAddresses(producer).contains(this.broker.address())
                && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
    }

    private Producer producer() {
        Producer producer = Producer.builder().nameServer(this.cluster.nameServerAddress()).group("churn").build();
        producer.start();
        return producer;
    }

    private static Message message(String body) {
        return Message.of("churn", body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What a leak would grow: open file descriptors, live threads (the fake servers' own
     * aside) and direct memory (the JDK's and Netty's).
     */
    private record Resources(long descriptors, long threads, long jdkDirect, long nettyDirect) {

        static Resources count() throws IOException {
            long descriptors;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                descriptors = fds.count();
            }
            long threads = Thread.getAllStackTraces()
                .keySet()
                .stream()
                .filter((thread) -> !thread.getName().startsWith("fake-remoting"))
                .count();
            long jdkDirect = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
                .stream()
                .filter((pool) -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
            return new Resources(descriptors, threads, jdkDirect, PlatformDependent.usedDirectMemory());
        }

        /**
         * Counts again until the closed connections' threads and sockets are gone, at
         * most 10 s.
         */
        static Resources settled(Resources before) throws Exception {
            Resources now = count();
            for (int i = 0; i < 100 && !now.withinLimits(before); i++) {
                System.gc();
                Thread.sleep(100);
                now = count();
            }
            return now;
        }

        /**
         * The direct memory a pool may keep without a leak: one chunk per arena (the
         * producers' event loop threads are spread over the arenas, each of which keeps a
         * chunk once it has allocated one), however many cycles ran.
         */
        static long poolSlack() {
            PooledByteBufAllocatorMetric pool = PooledByteBufAllocator.DEFAULT.metric();
            return (long) pool.numDirectArenas() * pool.chunkSize() + 1024 * 1024;
        }

        boolean withinLimits(Resources before) {
            return this.descriptors <= before.descriptors + 8 && this.threads <= before.threads + 4
                    && this.jdkDirect <= before.jdkDirect + poolSlack()
                    && this.nettyDirect <= before.nettyDirect + poolSlack();
        }

        void assertNoMoreThan(Resources after) {
            assertThat(after.descriptors).as("file descriptors").isLessThanOrEqualTo(this.descriptors + 8);
            assertThat(after.threads).as("live threads").isLessThanOrEqualTo(this.threads + 4);
            assertThat(after.jdkDirect).as("JDK direct memory (slack: a chunk per pool arena)")
                .isLessThanOrEqualTo(this.jdkDirect + poolSlack());
            assertThat(after.nettyDirect).as("Netty direct memory (slack: a chunk per pool arena)")
                .isLessThanOrEqualTo(this.nettyDirect + poolSlack());
        }

        @Override
        public String toString() {
            return String.format("%d fds, %d threads, %d KiB JDK direct, %d KiB Netty direct", this.descriptors,
                    this.threads, this.jdkDirect / 1024, this.nettyDirect / 1024);
        }

    }

}
