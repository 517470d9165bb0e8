package io.liftoff.client.internal.trace;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.TraceOptions;
import io.liftoff.client.TraceStats;
import org.apache.rocketmq.client.trace.TraceBean;
import org.apache.rocketmq.client.trace.TraceContext;
import org.apache.rocketmq.client.trace.TraceDataEncoder;
import org.apache.rocketmq.client.trace.TraceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace dispatcher without a broker: the records' format as the official decoder
 * reads it, the bounded queue, batching and failure counting.
 */
class TraceDispatcherTests {

    private final ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stopTimer() {
        this.timer.shutdownNow();
    }

    @Test
    void recordIsReadFieldByFieldByTheOfficialDecoderAndTheMessageKeysAreTheIdAndKeys() {
        StringBuilder text = new StringBuilder();
        TraceRecord record = new TraceRecord(1_700_000_000_123L, "DefaultRegion", "orders-group", "orders",
                "AC11000100002A9F00000000000000AA", "created", "order-1 order-2", "10.0.0.1:10911", 512, 7,
                TraceRecord.DELAY, "0A00000100002A9F0000000000000042", true);
        record.appendTo(text);

        List<TraceContext> decoded = TraceDataEncoder.decoderFromTraceDataString(text.toString());

        assertThat(decoded).hasSize(1);
        TraceContext context = decoded.get(0);
        assertThat(context.getTraceType()).isEqualTo(TraceType.Pub);
        assertThat(context.getTimeStamp()).isEqualTo(1_700_000_000_123L);
        assertThat(context.getRegionId()).isEqualTo("DefaultRegion");
        assertThat(context.getGroupName()).isEqualTo("orders-group");
        assertThat(context.getCostTime()).isEqualTo(7);
        assertThat(context.isSuccess()).isTrue();
        TraceBean bean = context.getTraceBeans().get(0);
        assertThat(bean.getTopic()).isEqualTo("orders");
        assertThat(bean.getMsgId()).isEqualTo("AC11000100002A9F00000000000000AA");
        assertThat(bean.getTags()).isEqualTo("created");
        assertThat(bean.getKeys()).isEqualTo("order-1 order-2");
        assertThat(bean.getStoreHost()).isEqualTo("10.0.0.1:10911");
        assertThat(bean.getBodyLength()).isEqualTo(512);
        assertThat(bean.getMsgType().ordinal()).isEqualTo(TraceRecord.DELAY);
        assertThat(bean.getOffsetMsgId()).isEqualTo("0A00000100002A9F0000000000000042");
        List<String> keys = new ArrayList<>();
        record.addKeysTo(keys);
        assertThat(keys).containsExactly("AC11000100002A9F00000000000000AA", "order-1", "order-2");
    }

    @Test
    void recordsBeyondTheQueueCapacityAreDroppedAndCounted() {
        TraceDispatcher dispatcher = new TraceDispatcher(
                TraceOptions.builder().enabled(true).queueCapacity(8).batchSize(100).build(),
                (topic, keys, body) -> new CompletableFuture<>(), this.timer);

        for (int i = 0; i < 20; i++) {
            dispatcher.append(record(i));
        }

        assertThat(dispatcher.queued()).isEqualTo(8);
        assertThat(dispatcher.stats()).isEqualTo(new TraceStats(0, 12, 0));
    }

    @Test
    void aBatchWorthOfRecordsGoesOutOnTheTimerAsOneMessageWithoutWaitingForTheInterval() throws Exception {
        Sent sent = new Sent(1);
        TraceDispatcher dispatcher = new TraceDispatcher(
                TraceOptions.builder().enabled(true).batchSize(10).flushInterval(Duration.ofHours(1)).build(), sent,
                this.timer);
        dispatcher.start();

        for (int i = 0; i < 10; i++) {
            dispatcher.append(record(i));
        }

        assertThat(sent.latch.await(5, TimeUnit.SECONDS)).isTrue();
        Thread timerThread = this.timer.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        assertThat(sent.threads).singleElement().isSameAs(timerThread).isNotSameAs(Thread.currentThread());
        List<TraceContext> decoded = TraceDataEncoder.decoderFromTraceDataString(sent.bodies.get(0));
        assertThat(decoded).hasSize(10);
        assertThat(sent.keys.get(0)).hasSize(20);
        assertThat(sent.topics).containsExactly(TraceOptions.DEFAULT_TOPIC);
    }

    @Test
    void fewerRecordsThanABatchGoOutAfterTheFlushInterval() throws Exception {
        Sent sent = new Sent(1);
        TraceDispatcher dispatcher = new TraceDispatcher(
                TraceOptions.builder().enabled(true).flushInterval(Duration.ofMillis(200)).build(), sent, this.timer);
        long started = System.nanoTime();
        dispatcher.start();

        dispatcher.append(record(1));

        assertThat(sent.latch.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TraceDataEncoder.decoderFromTraceDataString(sent.bodies.get(0))).hasSize(1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(sent.sentAtNanos.get(0) - started)).as("ms from start to the send")
            .isGreaterThanOrEqualTo(200);
    }

    @Test
    void failedTraceMessagesAreCountedPerRecordAndNotRetried() {
        List<Integer> calls = new CopyOnWriteArrayList<>();
        TraceDispatcher dispatcher = new TraceDispatcher(TraceOptions.builder().enabled(true).batchSize(5).build(),
                (topic, keys, body) -> {
                    calls.add(1);
                    return CompletableFuture.failedFuture(new IllegalStateException("no route"));
                }, this.timer);
        for (int i = 0; i < 12; i++) {
            dispatcher.append(record(i));
        }

        dispatcher.flush();

        assertThat(calls).hasSize(3);
        assertThat(dispatcher.stats()).isEqualTo(new TraceStats(0, 0, 12));
        dispatcher.flush();
        assertThat(calls).hasSize(3);
    }

    @Test
    void closeSendsWhatIsQueued() {
        Sent sent = new Sent(1);
        TraceDispatcher dispatcher = new TraceDispatcher(
                TraceOptions.builder().enabled(true).flushInterval(Duration.ofHours(1)).build(), sent, this.timer);
        dispatcher.start();
        dispatcher.append(record(1));
        dispatcher.append(record(2));

        dispatcher.close(Duration.ofSeconds(1));

        assertThat(dispatcher.stats()).isEqualTo(new TraceStats(2, 0, 0));
    }

    @Test
    void closeWaitsForATraceMessageAFlushOnTheTimerIsSendingAtThatMoment() throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> answer = new CompletableFuture<>();
        TraceDispatcher dispatcher = new TraceDispatcher(
                TraceOptions.builder().enabled(true).batchSize(2).flushInterval(Duration.ofHours(1)).build(),
                (topic, keys, body) -> {
                    sending.countDown();
                    try {
                        release.await();
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    return answer;
                }, this.timer);
        dispatcher.start();
        dispatcher.append(record(1));
        dispatcher.append(record(2));
        assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> dispatcher.close(Duration.ofSeconds(10)));
        Thread.sleep(200);
        assertThat(closed).as("close returned while a flush was still sending").isNotDone();
        release.countDown();
        Thread.sleep(200);
        assertThat(closed).as("close returned before the trace message was answered").isNotDone();
        answer.complete(null);
        closed.get(5, TimeUnit.SECONDS);

        assertThat(dispatcher.stats()).isEqualTo(new TraceStats(2, 0, 0));
    }

    private static TraceRecord record(int i) {
        return new TraceRecord(1_700_000_000_000L + i, "DefaultRegion", "g", "t", "ID" + i, null, "key-" + i,
                "127.0.0.1:10911", 10, 1, TraceRecord.NORMAL, "OFFSET" + i, true);
    }

    private static final class Sent implements TraceTransport {

        final List<String> bodies = new CopyOnWriteArrayList<>();

        final List<Collection<String>> keys = new CopyOnWriteArrayList<>();

        final List<String> topics = new CopyOnWriteArrayList<>();

        final List<Thread> threads = new CopyOnWriteArrayList<>();

        final List<Long> sentAtNanos = new CopyOnWriteArrayList<>();

        final CountDownLatch latch;

        Sent(int messages) {
            this.latch = new CountDownLatch(messages);
        }

        @Override
        public CompletableFuture<?> send(String topic, Collection<String> keys, byte[] body) {
            this.topics.add(topic);
            this.keys.add(List.copyOf(keys));
            this.bodies.add(new String(body, StandardCharsets.UTF_8));
            this.threads.add(Thread.currentThread());
            this.sentAtNanos.add(System.nanoTime());
            this.latch.countDown();
            return CompletableFuture.completedFuture(null);
        }

    }

}
