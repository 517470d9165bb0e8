package io.liftoff.client;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Async sends submitted far faster than a broker stores them stay bounded in memory, and
 * all complete.
 */
@WithEmbeddedRocketMQ(brokers = 1, topics = "flood:4")
class AsyncBackpressureIntegrationTests {

    private static final int SENDS = 200_000;

    @Test
    void twoHundredThousandAsyncSendsFinishWithBoundedInFlightAndNoneLeftPending(EmbeddedRocketMQ rocketmq)
            throws Exception {
        AsyncLimits limits = AsyncLimits.defaults();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        java.util.List<Throwable> unclear = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicLong maxInFlight = new AtomicLong();
        AtomicLong maxInFlightBytes = new AtomicLong();
        AtomicLong peakHeap = new AtomicLong();
        CountDownLatch done = new CountDownLatch(SENDS);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        byte[] body = new byte[1024];
        try (Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("flood")
            .asyncLimits(limits)
            .build()) {
            producer.start();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    ProducerSnapshot snapshot = producer.snapshot();
                    maxInFlight.accumulateAndGet(snapshot.inFlightRequests(), Math::max);
                    maxInFlightBytes.accumulateAndGet(snapshot.inFlightBytes(), Math::max);
                    peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                }
            }, "flood-sampler");
            sampler.start();
            long start = System.nanoTime();
            for (int i = 0; i < SENDS; i++) {
                try {
                    producer.sendAsync(Message.of("flood", body)).whenComplete((result, error) -> {
                        if (error == null) {
                            succeeded.incrementAndGet();
                        }
                        else {
                            Throwable cause = (error instanceof java.util.concurrent.CompletionException)
                                    ? error.getCause() : error;
                            if (!(cause instanceof LiftoffException) || cause.getMessage() == null) {
                                unclear.add(cause);
                            }
                            if (failed.incrementAndGet() % 10_000 == 1) {
                                System.out.println("failure sample: " + error);
                            }
                        }
                        done.countDown();
                    });
                }
                catch (BackpressureException ex) {
                    System.out.println("refused: " + ex.getMessage());
                    failed.incrementAndGet();
                    done.countDown();
                }
            }
            assertThat(done.await(120, TimeUnit.SECONDS)).as("every send completed").isTrue();
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            sampler.interrupt();
            sampler.join();

            System.out.printf(
                    "%d async sends of 1 KiB in %d ms: %d stored, %d failed; max in flight %d (%d bytes); "
                            + "peak heap %d MiB (broker in the same JVM)%n",
                    SENDS, elapsedMillis, succeeded.get(), failed.get(), maxInFlight.get(), maxInFlightBytes.get(),
                    peakHeap.get() >> 20);
            assertThat(succeeded.get() + failed.get()).isEqualTo(SENDS);
            assertThat(unclear).as("failures without a clear Liftoff exception").isEmpty();
            assertThat(maxInFlight.get()).isLessThanOrEqualTo(limits.maxInFlightRequests());
            assertThat(maxInFlightBytes.get()).isLessThanOrEqualTo(limits.maxInFlightBytes());
            assertThat(producer.snapshot().inFlightRequests()).isZero();
        }
    }

}
