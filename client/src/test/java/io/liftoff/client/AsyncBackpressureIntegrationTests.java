package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link AsyncLimits} promise, measured from outside the producer against a real
 * broker: however fast a caller submits async sends, the sends whose futures have not
 * completed stay within the limits (the caller blocks instead), a caller that finds no
 * room within its send timeout gets a {@link BackpressureException} and that message is
 * never sent, and every other send completes and is stored.
 */
@WithEmbeddedRocketMQ(brokers = 1, topics = { "bp-held:4", "bp-bytes:8", "bp-requests:8" })
class AsyncBackpressureIntegrationTests {

    /**
     * I/O threads of the producers: each can hold one send between release and
     * completion.
     */
    private static final int IO_THREADS = 2;

    /**
     * Sends the test counts in flight beyond the limiter's: the caller's own send
     * (counted from just before {@code sendAsync}, while it waits for room), and one per
     * thread that ends sends (the I/O threads and the retry timer), which gives a send's
     * room back just before it completes its future.
     */
    private static final int SLACK_SENDS = 1 + IO_THREADS + 1;

    private static final BrokerGate gate = new BrokerGate();

    @BeforeAll
    static void holdSendsWhenAsked(EmbeddedRocketMQ rocketmq) {
        BrokerController broker = rocketmq.brokerController("broker-a");
        broker.registerServerRPCHook(gate);
        // Held sends wait in the broker's send queue too: no SYSTEM_BUSY for them.
        broker.getBrokerConfig().setWaitTimeMillsInSendQueue(60_000);
    }

    @Test
    void aSendThatFindsNoRoomWithinItsTimeoutIsRefusedWithBackpressureExceptionAndNeverSent(EmbeddedRocketMQ rocketmq)
            throws Exception {
        List<CompletableFuture<SendResult>> held = new ArrayList<>();
        try (Producer producer = producer(rocketmq, AsyncLimits.of(4, AsyncLimits.MIN_MAX_IN_FLIGHT_BYTES))) {
            gate.close();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(producer.sendAsync(message("bp-held", "held-" + i, 100), Duration.ofSeconds(20)));
                }
                assertThat(gate.awaitHeld(Duration.ofSeconds(10))).as("a held send reached the broker").isTrue();
                for (int i = 0; i < 3; i++) {
                    Message refused = message("bp-held", "refused-" + i, 100);
                    long start = System.nanoTime();
                    assertThatExceptionOfType(BackpressureException.class)
                        .isThrownBy(() -> producer.sendAsync(refused, Duration.ofMillis(200)))
                        .withMessageContaining("4 sends already in flight");
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time the caller waited for room")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(190));
                }
                assertThat(held).as("sends held by the broker").noneMatch(CompletableFuture::isDone);
            }
            finally {
                gate.open();
            }
            CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        }
        List<MessageExt> stored = StoredMessages.read(rocketmq, "bp-held", 4, Duration.ofSeconds(20));
        assertThat(stored).extracting(MessageExt::getKeys)
            .containsExactlyInAnyOrder("held-0", "held-1", "held-2", "held-3");
    }

    @Test
    void aBurstOverTheByteLimitWaitsForRoomKeepsBytesInFlightWithinItAndStoresEverySend(EmbeddedRocketMQ rocketmq)
            throws Exception {
        AsyncLimits limits = AsyncLimits.of(AsyncLimits.DEFAULT_MAX_IN_FLIGHT_REQUESTS,
                AsyncLimits.MIN_MAX_IN_FLIGHT_BYTES);
        int bodySize = 3 * 1024;
        // One request per send: batches of 256 KiB drain a 1 MiB burst as fast as it
        // comes on a fast machine, and it must fill the limit to test it.
        Burst burst = burst(rocketmq, limits, AutoBatchOptions.disabled(), "bp-bytes", 1_500, bodySize);

        burst.assertEverySendStoredOrRefused(rocketmq);
        burst.print();
        assertThat(burst.peakBytes()).as("peak body bytes of sends not completed")
            .isLessThanOrEqualTo(limits.maxInFlightBytes() + (long) SLACK_SENDS * bodySize)
            .as("the burst reached the limit")
            .isGreaterThan(limits.maxInFlightBytes() - 2L * bodySize);
    }

    @Test
    void aBurstOverTheRequestLimitWaitsForRoomKeepsSendsInFlightWithinItAndStoresEverySend(EmbeddedRocketMQ rocketmq)
            throws Exception {
        AsyncLimits limits = AsyncLimits.of(64, AsyncLimits.DEFAULT_MAX_IN_FLIGHT_BYTES);
        Burst burst = burst(rocketmq, limits, AutoBatchOptions.defaults(), "bp-requests", 1_500, 100);

        burst.assertEverySendStoredOrRefused(rocketmq);
        burst.print();
        assertThat(burst.peakSends()).as("peak sends not completed")
            .isLessThanOrEqualTo(limits.maxInFlightRequests() + SLACK_SENDS)
            .as("the burst reached the limit")
            .isGreaterThanOrEqualTo(limits.maxInFlightRequests());
    }

    /**
     * Submits {@code count} async sends as fast as {@code sendAsync} returns, from one
     * thread, counting each in flight from just before {@code sendAsync} until its future
     * completes; then waits for every future.
     */
    private static Burst burst(EmbeddedRocketMQ rocketmq, AsyncLimits limits, AutoBatchOptions batching, String topic,
            int count, int bodySize) throws Exception {
        Burst burst = new Burst(topic, count);
        try (Producer producer = producer(rocketmq, limits, batching)) {
            for (int i = 0; i < count; i++) {
                String key = topic + "-" + i;
                burst.submitting(bodySize);
                try {
                    producer.sendAsync(message(topic, key, bodySize))
                        .whenComplete((result, failure) -> burst.completed(key, bodySize, failure));
                }
                catch (BackpressureException ex) {
                    burst.refused(key, bodySize);
                }
            }
            assertThat(burst.awaitAll(Duration.ofSeconds(30))).as("every send completed").isTrue();
        }
        return burst;
    }

    private static Producer producer(EmbeddedRocketMQ rocketmq, AsyncLimits limits) {
        return producer(rocketmq, limits, AutoBatchOptions.defaults());
    }

    private static Producer producer(EmbeddedRocketMQ rocketmq, AsyncLimits limits, AutoBatchOptions batching) {
        Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("backpressure")
            .asyncLimits(limits)
            .autoBatch(batching)
            .transportOptions(TransportOptions.builder().ioThreads(IO_THREADS).build())
            .build();
        producer.start();
        return producer;
    }

    private static Message message(String topic, String key, int bodySize) {
        byte[] body = new byte[bodySize];
        byte[] text = key.getBytes(StandardCharsets.UTF_8);
        Arrays.fill(body, (byte) '.');
        System.arraycopy(text, 0, body, 0, text.length);
        return Message.builder(topic).keys(key).body(body).build();
    }

    /**
     * A burst as its caller sees it: sends submitted and not completed, their peak, and
     * how each ended.
     */
    private static final class Burst {

        private final String topic;

        private final CountDownLatch ended;

        private final AtomicLong sends = new AtomicLong();

        private final AtomicLong bytes = new AtomicLong();

        private final AtomicLong peakSends = new AtomicLong();

        private final AtomicLong peakBytes = new AtomicLong();

        private final Set<String> succeeded = ConcurrentHashMap.newKeySet();

        private final Set<String> refused = ConcurrentHashMap.newKeySet();

        private final List<Throwable> otherFailures = new CopyOnWriteArrayList<>();

        Burst(String topic, int count) {
            this.topic = topic;
            this.ended = new CountDownLatch(count);
        }

        void submitting(int bodySize) {
            this.peakSends.accumulateAndGet(this.sends.incrementAndGet(), Math::max);
            this.peakBytes.accumulateAndGet(this.bytes.addAndGet(bodySize), Math::max);
        }

        void completed(String key, int bodySize, Throwable failure) {
            Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
            if (cause == null) {
                this.succeeded.add(key);
            }
            else if (cause instanceof BackpressureException) {
                this.refused.add(key);
            }
            else {
                this.otherFailures.add(cause);
            }
            end(bodySize);
        }

        void refused(String key, int bodySize) {
            this.refused.add(key);
            end(bodySize);
        }

        private void end(int bodySize) {
            this.sends.decrementAndGet();
            this.bytes.addAndGet(-bodySize);
            this.ended.countDown();
        }

        boolean awaitAll(Duration timeout) throws InterruptedException {
            return this.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        void print() {
            System.out.printf("%s: %d stored, %d refused; peak %d sends and %d body bytes not completed%n", this.topic,
                    this.succeeded.size(), this.refused.size(), peakSends(), peakBytes());
        }

        long peakSends() {
            return this.peakSends.get();
        }

        long peakBytes() {
            return this.peakBytes.get();
        }

        void assertEverySendStoredOrRefused(EmbeddedRocketMQ rocketmq) {
            assertThat(this.otherFailures).as("sends that failed other than with BackpressureException").isEmpty();
            assertThat(this.succeeded).as("sends stored").isNotEmpty();
            List<MessageExt> stored = StoredMessages.read(rocketmq, this.topic, this.succeeded.size(),
                    Duration.ofSeconds(30));
            Set<String> storedKeys = stored.stream().map(MessageExt::getKeys).collect(Collectors.toSet());
            assertThat(storedKeys).as("keys stored").isEqualTo(this.succeeded);
            assertThat(this.refused).as("sends refused").doesNotContainAnyElementsOf(storedKeys);
        }

    }

    /**
     * Holds the broker's send requests while closed, as a broker too slow to answer
     * would.
     */
    private static final class BrokerGate implements RPCHook {

        private static final Set<Integer> SEND_CODES = Set.of(RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2,
                RequestCode.SEND_BATCH_MESSAGE);

        private volatile CountDownLatch opened = new CountDownLatch(0);

        private volatile CountDownLatch held = new CountDownLatch(1);

        void close() {
            this.held = new CountDownLatch(1);
            this.opened = new CountDownLatch(1);
        }

        void open() {
            this.opened.countDown();
        }

        boolean awaitHeld(Duration timeout) throws InterruptedException {
            return this.held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
            CountDownLatch opened = this.opened;
            if (!SEND_CODES.contains(request.getCode()) || opened.getCount() == 0) {
                return;
            }
            this.held.countDown();
            try {
                opened.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
        }

    }

}
