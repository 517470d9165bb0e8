package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.liftoff.client.internal.send.ProducerInternals;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Async sends batched under load against a real broker, checked with the official
 * consumer.
 */
@WithEmbeddedRocketMQ(brokers = 2,
        topics = { "ab-load:2", "ab-mixed:2", "ab-off:2", "ab-few:2", "ab-large:2", "ab-sync:2" })
class AutoBatchIntegrationTests {

    @Test
    void asyncSendsUnderLoadGoOutInBatchesAndEachIsStoredWithItsOwnIdKeysPropertiesAndOffset(EmbeddedRocketMQ rocketmq)
            throws Exception {
        Counting events = new Counting();
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        try (Producer producer = producer(rocketmq, events, AutoBatchOptions.defaults())) {
            for (int i = 0; i < 2_000; i++) {
                futures.add(producer.sendAsync(Message.builder("ab-load")
                    .tag("t" + (i % 3))
                    .keys("key-" + i)
                    .property("index", Integer.toString(i))
                    .flag(i % 5)
                    .body(("load-" + i).getBytes(StandardCharsets.UTF_8))
                    .build()));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            assertThat(producer.snapshot().inFlightRequests()).isZero();
            assertThat(ProducerInternals.pooledBodiesHeld(producer)).as("batch bodies not released").isZero();
        }

        assertThat(events.sends.get()).isEqualTo(2_000);
        assertThat(events.attempts.get()).as("requests for 2,000 async sends").isLessThan(1_000);
        Map<String, MessageExt> stored = StoredMessages
            .read(rocketmq.nameServerAddress(), "ab-load", 2_000, Duration.ofSeconds(30))
            .stream()
            .collect(Collectors.toMap(MessageExt::getMsgId, Function.identity()));
        assertThat(stored).hasSize(2_000);
        for (int i = 0; i < 2_000; i++) {
            SendResult result = futures.get(i).get();
            MessageExt message = stored.get(result.messageId());
            assertThat(message).as("stored message %s", result.messageId()).isNotNull();
            assertThat(StoredMessages.text(message)).isEqualTo("load-" + i);
            assertThat(message.getKeys()).isEqualTo("key-" + i);
            assertThat(message.getTags()).isEqualTo("t" + (i % 3));
            assertThat(message.getUserProperty("index")).isEqualTo(Integer.toString(i));
            assertThat(message.getFlag()).isEqualTo(i % 5);
            assertThat(message.getBrokerName()).isEqualTo(result.queue().brokerName());
            assertThat(message.getQueueId()).isEqualTo(result.queue().queueId());
            assertThat(message.getQueueOffset()).isEqualTo(result.queueOffset());
            assertThat(result.queue().topic()).isEqualTo("ab-load");
            assertThat(result.offsetMessageId()).isNotBlank().doesNotContain(",");
        }
    }

    @Test
    void largeAsyncSendsUnderLoadAreBatchedCompressedAndEachIsReadBackWhole(EmbeddedRocketMQ rocketmq)
            throws Exception {
        Counting events = new Counting();
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        try (Producer producer = producer(rocketmq, events, AutoBatchOptions.defaults())) {
            for (int i = 0; i < 400; i++) {
                futures.add(producer.sendAsync(Message.builder("ab-large").keys("large-" + i).body(large(i)).build()));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            assertThat(ProducerInternals.pooledBodiesHeld(producer)).as("compressed bodies not released").isZero();
        }

        assertThat(events.attempts.get()).as("requests for 400 large async sends").isLessThan(300);
        Map<String, MessageExt> stored = StoredMessages
            .read(rocketmq.nameServerAddress(), "ab-large", 400, Duration.ofSeconds(30))
            .stream()
            .collect(Collectors.toMap(MessageExt::getKeys, Function.identity()));
        assertThat(stored).hasSize(400);
        for (int i = 0; i < 400; i++) {
            MessageExt message = stored.get("large-" + i);
            SendResult result = futures.get(i).get();
            assertThat(message.getMsgId()).isEqualTo(result.messageId());
            assertThat(message.getBody()).as("body of large-%d", i).isEqualTo(large(i));
            assertThat(message.getQueueOffset()).isEqualTo(result.queueOffset());
        }
    }

    private static byte[] large(int index) {
        return ("large message " + index + " ").repeat(1200).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void delayedAndNoWaitMessagesTravelAloneAmongBatchedPlainAndCompressedOnes(EmbeddedRocketMQ rocketmq)
            throws Exception {
        byte[] large = "y".repeat(16 * 1024).getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        try (Producer producer = producer(rocketmq, new Counting(), AutoBatchOptions.defaults())) {
            for (int i = 0; i < 600; i++) {
                Message.Builder message = Message.builder("ab-mixed").keys("mixed-" + i);
                switch (i % 50) {
                    case 7 -> message.deliveryDelay(Duration.ofSeconds(1))
                        .body(("delayed-" + i).getBytes(StandardCharsets.UTF_8));
                    case 8 -> message.body(large);
                    case 9 -> message.waitStoreMsgOk(false).body(("nowait-" + i).getBytes(StandardCharsets.UTF_8));
                    default -> message.body(("plain-" + i).getBytes(StandardCharsets.UTF_8));
                }
                futures.add(producer.sendAsync(message.build()));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        }

        Map<String, MessageExt> stored = StoredMessages
            .read(rocketmq.nameServerAddress(), "ab-mixed", 600, Duration.ofSeconds(30))
            .stream()
            .collect(Collectors.toMap(MessageExt::getKeys, Function.identity()));
        assertThat(stored).hasSize(600);
        for (int i = 0; i < 600; i++) {
            MessageExt message = stored.get("mixed-" + i);
            assertThat(message.getMsgId()).isEqualTo(futures.get(i).get().messageId());
            switch (i % 50) {
                case 7 -> assertThat(message.getProperty(MessageConst.PROPERTY_TIMER_DELAY_MS)).isEqualTo("1000");
                case 8 -> assertThat(message.getBody()).isEqualTo(large);
                case 9 -> assertThat(message.getProperty(MessageConst.PROPERTY_WAIT_STORE_MSG_OK)).isEqualTo("false");
                default -> assertThat(StoredMessages.text(message)).isEqualTo("plain-" + i);
            }
        }
    }

    @Test
    void withAutoBatchingOffEveryAsyncSendIsItsOwnRequest(EmbeddedRocketMQ rocketmq) throws Exception {
        Counting events = new Counting();
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        try (Producer producer = producer(rocketmq, events, AutoBatchOptions.disabled())) {
            for (int i = 0; i < 300; i++) {
                futures.add(producer.sendAsync(Message.of("ab-off", ("off-" + i).getBytes(StandardCharsets.UTF_8))));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        }

        assertThat(events.storedAttempts.get()).as("requests that stored a message (retries aside)").isEqualTo(300);
        assertThat(StoredMessages.read(rocketmq.nameServerAddress(), "ab-off", 300, Duration.ofSeconds(30)))
            .hasSize(300);
    }

    @Test
    void asFewAsyncSendsAsTheRequestsAllowedBeforeBatchingEachGoOutAloneAtOnce(EmbeddedRocketMQ rocketmq)
            throws Exception {
        Counting events = new Counting();
        try (Producer producer = producer(rocketmq, events, AutoBatchOptions.defaults())) {
            for (int round = 0; round < 5; round++) {
                List<CompletableFuture<SendResult>> futures = new ArrayList<>();
                for (int i = 0; i < AutoBatchOptions.DEFAULT_REQUESTS_BEFORE_BATCHING; i++) {
                    futures.add(producer.sendAsync(Message.of("ab-few", "few".getBytes(StandardCharsets.UTF_8))));
                }
                CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            }
        }

        assertThat(events.storedAttempts.get()).isEqualTo(5 * AutoBatchOptions.DEFAULT_REQUESTS_BEFORE_BATCHING);
    }

    @Test
    void syncSendsFromManyThreadsAreBatchedEachReportedAsSyncWithItsOwnResult(EmbeddedRocketMQ rocketmq)
            throws Exception {
        Counting events = new Counting();
        int threads = 64;
        int perThread = 50;
        Map<String, SendResult> results = new java.util.concurrent.ConcurrentHashMap<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Producer producer = producer(rocketmq, events, AutoBatchOptions.defaults())) {
            producer.send(Message.of("ab-sync", "warm-up".getBytes(StandardCharsets.UTF_8)));
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String body = "sync-" + thread + "-" + i;
                        try {
                            results.put(body,
                                    producer.send(Message.builder("ab-sync")
                                        .keys(body)
                                        .body(body.getBytes(StandardCharsets.UTF_8))
                                        .build()));
                        }
                        catch (RuntimeException ex) {
                            failures.add(ex);
                        }
                    }
                }));
            }
            senders.forEach(Thread::start);
            for (Thread sender : senders) {
                sender.join(TimeUnit.SECONDS.toMillis(60));
            }
        }

        int total = threads * perThread;
        assertThat(failures).isEmpty();
        assertThat(results).hasSize(total);
        assertThat(events.syncSends.get()).as("each reported as a sync send").isEqualTo(total + 1);
        assertThat(events.storedAttempts.get()).as("requests for %d sync sends from %d threads", total, threads)
            .isLessThan(total / 2);
        Map<String, MessageExt> stored = StoredMessages
            .read(rocketmq.nameServerAddress(), "ab-sync", total + 1, Duration.ofSeconds(30))
            .stream()
            .collect(Collectors.toMap(MessageExt::getMsgId, Function.identity()));
        for (Map.Entry<String, SendResult> sent : results.entrySet()) {
            MessageExt message = stored.get(sent.getValue().messageId());
            assertThat(message).as("stored message %s", sent.getKey()).isNotNull();
            assertThat(StoredMessages.text(message)).isEqualTo(sent.getKey());
            assertThat(message.getQueueOffset()).isEqualTo(sent.getValue().queueOffset());
        }
    }

    @Test
    void syncSendsOfAFewThreadsEachGoOutAloneAsTheirOwnRequest(EmbeddedRocketMQ rocketmq) throws Exception {
        Counting events = new Counting();
        try (Producer producer = producer(rocketmq, events, AutoBatchOptions.defaults())) {
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                senders.add(new Thread(() -> {
                    for (int i = 0; i < 20; i++) {
                        producer.send(Message.of("ab-few", ("alone-" + i).getBytes(StandardCharsets.UTF_8)));
                    }
                }));
            }
            senders.forEach(Thread::start);
            for (Thread sender : senders) {
                sender.join(TimeUnit.SECONDS.toMillis(60));
            }
        }

        assertThat(events.syncSends.get()).isEqualTo(160);
        assertThat(events.storedAttempts.get()).as("8 threads stay under the sync batching threshold").isEqualTo(160);
    }

    private static Producer producer(EmbeddedRocketMQ rocketmq, ProducerListener listener, AutoBatchOptions options) {
        Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("auto-batch")
            .autoBatch(options)
            .listener(listener)
            .build();
        producer.start();
        return producer;
    }

    /** Counts requests (attempts) and sends. */
    private static final class Counting implements ProducerListener {

        final AtomicInteger attempts = new AtomicInteger();

        final AtomicInteger sends = new AtomicInteger();

        final AtomicInteger syncSends = new AtomicInteger();

        final AtomicInteger storedAttempts = new AtomicInteger();

        @Override
        public void attemptFinished(AttemptEvent event) {
            this.attempts.incrementAndGet();
            if (event.failure() == null) {
                this.storedAttempts.incrementAndGet();
            }
        }

        @Override
        public void sendFinished(SendEvent event) {
            this.sends.incrementAndGet();
            if (event.mode() == SendMode.SYNC) {
                this.syncSends.incrementAndGet();
            }
        }

    }

}
