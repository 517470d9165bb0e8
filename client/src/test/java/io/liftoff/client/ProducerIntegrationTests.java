package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.liftoff.client.internal.resources.DefaultClientResources;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every send mode against a real broker, checked with the official consumer reading what
 * was stored.
 */
@WithEmbeddedRocketMQ(brokers = 2,
        topics = { "p-sync:2", "p-async:2", "p-large-async:2", "p-large-oneway:2", "p-oneway:2", "p-orderly:4",
                "p-batch:2", "p-delay:2", "p-large:1", "p-ns%p-namespaced:1", "p-snapshot:2", "p-mixed:2", "p-warm:2" })
class ProducerIntegrationTests {

    /**
     * How far two readings of the wall clock may disagree: the broker's timer delivers a
     * message once its clock passed the delivery time, never earlier.
     */
    private static final long CLOCK_GRANULARITY_MILLIS = 20;

    private static Producer producer;

    private static String nameServer;

    @BeforeAll
    static void startProducer(EmbeddedRocketMQ rocketmq) {
        nameServer = rocketmq.nameServerAddress();
        producer = Producer.builder().nameServer(nameServer).group("it-producer").build();
        producer.start();
        // A fresh broker's first writes can be slow enough (over 200 ms on a busy
        // machine) for it to refuse the
        // requests queued behind them ([TIMEOUT_CLEAN_QUEUE]); a oneway send refused that
        // way is lost, with any
        // client. Whatever test runs first should not depend on that, so both brokers
        // write once here.
        java.util.Set<String> brokers = new java.util.HashSet<>();
        for (int i = 0; i < 20 && brokers.size() < 2; i++) {
            brokers.add(producer.send(Message.builder("p-warm").body(new byte[] { 1 }).build()).queue().brokerName());
        }
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void syncSendsStoreBodyTagKeysAndPropertiesExactlyWithTheReturnedMessageId() {
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(producer.send(Message.builder("p-sync")
                .tag("created")
                .keys("order-" + i, "customer-7")
                .property("tenant", "acme")
                .property("index", Integer.toString(i))
                .body(("sync-" + i).getBytes(StandardCharsets.UTF_8))
                .build()));
        }

        assertThat(results).allSatisfy((result) -> {
            assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
            assertThat(result.messageId()).hasSize(32).matches("[0-9A-F]+");
            assertThat(result.offsetMessageId()).isNotBlank();
            assertThat(result.queue().topic()).isEqualTo("p-sync");
            assertThat(result.queueOffset()).isGreaterThanOrEqualTo(0);
        });
        assertThat(results).extracting((result) -> result.queue().brokerName()).contains("broker-a", "broker-b");
        Map<String, MessageExt> stored = byId(StoredMessages.read(nameServer, "p-sync", 10, Duration.ofSeconds(20)));
        assertThat(stored).hasSize(10);
        for (int i = 0; i < 10; i++) {
            MessageExt message = stored.get(results.get(i).messageId());
            assertThat(message).as("stored message %s", results.get(i).messageId()).isNotNull();
            assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("sync-" + i);
            assertThat(message.getTags()).isEqualTo("created");
            assertThat(message.getKeys()).isEqualTo("order-" + i + " customer-7");
            assertThat(message.getUserProperty("tenant")).isEqualTo("acme");
            assertThat(message.getUserProperty("index")).isEqualTo(Integer.toString(i));
            assertThat(message.getQueueId()).isEqualTo(results.get(i).queue().queueId());
            assertThat(message.getBrokerName()).isEqualTo(results.get(i).queue().brokerName());
            assertThat(message.getQueueOffset()).isEqualTo(results.get(i).queueOffset());
        }
    }

    @Test
    void asyncSendsCompleteAndStoreEveryMessage() throws Exception {
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(producer.sendAsync(Message.builder("p-async")
                .tag("async")
                .keys("k" + i)
                .body(("async-" + i).getBytes(StandardCharsets.UTF_8))
                .build()));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

        Map<String, MessageExt> stored = byId(StoredMessages.read(nameServer, "p-async", 200, Duration.ofSeconds(20)));
        for (int i = 0; i < 200; i++) {
            MessageExt message = stored.get(futures.get(i).get().messageId());
            assertThat(message).isNotNull();
            assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("async-" + i);
            assertThat(message.getKeys()).isEqualTo("k" + i);
            assertThat(message.getTags()).isEqualTo("async");
        }
        assertThat(producer.snapshot().inFlightRequests()).isZero();
    }

    @Test
    void onewaySendsAreStored() {
        for (int i = 0; i < 50; i++) {
            producer.sendOneway(Message.builder("p-oneway")
                .tag("oneway")
                .property("n", Integer.toString(i))
                .body(("oneway-" + i).getBytes(StandardCharsets.UTF_8))
                .build());
        }

        List<MessageExt> stored = StoredMessages.read(nameServer, "p-oneway", 50, Duration.ofSeconds(20));
        assertThat(stored).hasSize(50);
        assertThat(stored).extracting((message) -> new String(message.getBody(), StandardCharsets.UTF_8))
            .containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.range(0, 50).mapToObj((i) -> "oneway-" + i).toList());
        assertThat(stored).allMatch((message) -> "oneway".equals(message.getTags()));
    }

    @Test
    void everySendModeFromManyThreadsAtOnceStoresEachBodyWholeWhileCallersWriteTheirOwnFrames() throws Exception {
        long callerWritesBefore = io.liftoff.client.internal.send.ProducerInternals.framesWrittenByCallers(producer);
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<SendResult>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            senders.add(threads.submit(() -> {
                Random random = new Random(thread);
                for (int i = 0; i < 150; i++) {
                    String body = "t" + thread + "-" + i + "-" + "x".repeat(random.nextInt(3000));
                    Message message = Message.builder("p-mixed")
                        .tag("mode" + (i % 3))
                        .keys("t" + thread + "-" + i)
                        .body(body.getBytes(StandardCharsets.UTF_8))
                        .build();
                    sent.add(body);
                    switch (i % 3) {
                        case 0 -> assertThat(producer.send(message).status()).isEqualTo(SendStatus.SEND_OK);
                        case 1 -> futures.add(producer.sendAsync(message));
                        default -> producer.sendOneway(message);
                    }
                }
            }));
        }
        try {
            for (java.util.concurrent.Future<?> sender : senders) {
                sender.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            threads.shutdownNow();
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

        List<MessageExt> stored = StoredMessages.read(nameServer, "p-mixed", 900, Duration.ofSeconds(30));
        assertThat(stored).extracting((message) -> new String(message.getBody(), StandardCharsets.UTF_8))
            .containsExactlyInAnyOrderElementsOf(sent);
        assertThat(io.liftoff.client.internal.send.ProducerInternals.framesWrittenByCallers(producer))
            .isGreaterThan(callerWritesBefore);
    }

    @Test
    void orderlySendsPutEachKeyOnOneQueueInSendOrder() {
        Map<String, List<String>> sentByKey = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            String key = "key-" + (i % 10);
            String body = key + ":" + i;
            SendResult result = producer.sendOrderly(
                    Message.builder("p-orderly").keys(key).body(body.getBytes(StandardCharsets.UTF_8)).build(), key);
            assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
            sentByKey.computeIfAbsent(key, (k) -> new ArrayList<>()).add(body);
        }

        List<MessageExt> stored = StoredMessages.read(nameServer, "p-orderly", 1000, Duration.ofSeconds(30));
        assertThat(stored).hasSize(1000);
        Map<String, List<MessageExt>> storedByKey = stored.stream().collect(Collectors.groupingBy(MessageExt::getKeys));
        assertThat(storedByKey).hasSize(10);
        storedByKey.forEach((key, messages) -> {
            assertThat(messages).extracting((m) -> m.getBrokerName() + "#" + m.getQueueId())
                .as("queues of %s", key)
                .containsOnly(messages.get(0).getBrokerName() + "#" + messages.get(0).getQueueId());
            List<String> inQueueOrder = messages.stream()
                .sorted(java.util.Comparator.comparingLong(MessageExt::getQueueOffset))
                .map((m) -> new String(m.getBody(), StandardCharsets.UTF_8))
                .toList();
            assertThat(inQueueOrder).as("order of %s", key).containsExactlyElementsOf(sentByKey.get(key));
        });
    }

    @Test
    void aBatchOfOneHundredIsOneRequestAndEveryMessageIsStored() {
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(Message.builder("p-batch")
                .tag("batch")
                .keys("b" + i)
                .property("pos", Integer.toString(i))
                .body(("batch-" + i).getBytes(StandardCharsets.UTF_8))
                .build());
        }

        SendResult result = producer.sendBatch(batch);

        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        String[] ids = result.messageId().split(",");
        assertThat(ids).hasSize(100);
        List<MessageExt> stored = StoredMessages.read(nameServer, "p-batch", 100, Duration.ofSeconds(20));
        assertThat(stored).hasSize(100);
        Map<String, MessageExt> byId = byId(stored);
        for (int i = 0; i < 100; i++) {
            MessageExt message = byId.get(ids[i]);
            assertThat(message).isNotNull();
            assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("batch-" + i);
            assertThat(message.getKeys()).isEqualTo("b" + i);
            assertThat(message.getUserProperty("pos")).isEqualTo(Integer.toString(i));
            assertThat(message.getTags()).isEqualTo("batch");
            assertThat(message.getQueueId()).isEqualTo(result.queue().queueId());
        }
    }

    @Test
    void aDelayedMessageIsDeliveredAfterItsDelay() {
        long sentAt = System.currentTimeMillis();
        SendResult result = producer.send(Message.builder("p-delay")
            .tag("later")
            .deliveryDelay(Duration.ofSeconds(2))
            .body("delayed".getBytes(StandardCharsets.UTF_8))
            .build());

        List<MessageExt> stored = StoredMessages.read(nameServer, "p-delay", 1, Duration.ofSeconds(20));

        // A consumer sees the message once the broker's timer wrote it into the topic,
        // which is its store timestamp there: a bound that holds however slow the
        // machine.
        assertThat(stored).singleElement().satisfies((message) -> {
            assertThat(message.getMsgId()).isEqualTo(result.messageId());
            assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("delayed");
            assertThat(message.getTags()).isEqualTo("later");
            assertThat(message.getStoreTimestamp() - sentAt).as("ms from the send to the topic")
                .isGreaterThanOrEqualTo(2000 - CLOCK_GRANULARITY_MILLIS);
        });
    }

    @Test
    void aLargeBodyIsStoredCompressedAndReadBackWhole(EmbeddedRocketMQ rocketmq) {
        byte[] body = new byte[64 * 1024];
        Random random = new Random(42);
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + random.nextInt(4));
        }

        SendResult result = producer.send(Message.of("p-large", body));

        MessageExt stored = StoredMessages.read(nameServer, "p-large", 1, Duration.ofSeconds(20)).get(0);
        assertThat(stored.getMsgId()).isEqualTo(result.messageId());
        assertThat(stored.getStoreSize()).isLessThan(body.length / 2);
        assertThat(stored.getBody()).isEqualTo(body);
        MessageExt raw = rocketmq.brokerController(result.queue().brokerName())
            .getMessageStore()
            .lookMessageByOffset(stored.getCommitLogOffset());
        assertThat(raw.getSysFlag() & MessageSysFlag.COMPRESSED_FLAG).isEqualTo(MessageSysFlag.COMPRESSED_FLAG);
        assertThat(raw.getSysFlag() & MessageSysFlag.COMPRESSION_TYPE_COMPARATOR)
            .isEqualTo(MessageSysFlag.COMPRESSION_ZLIB_TYPE);
    }

    @Test
    void largeAsyncBodiesAreCompressedOffTheCallersThreadAndStoredWhole(EmbeddedRocketMQ rocketmq) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        Random random = new Random(7);
        try (ClientResources resources = ClientResources.builder().name("p-large-async").build();
                Producer compressing = producerOn(resources, "it-large-async")) {
            for (int i = 0; i < 40; i++) {
                byte[] body = new byte[16 * 1024];
                for (int k = 0; k < body.length; k++) {
                    body[k] = (byte) ('a' + random.nextInt(4));
                }
                bodies.add(body);
                futures.add(compressing.sendAsync(Message.builder("p-large-async").keys("k" + i).body(body).build()));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

            assertThat(awaitCompressionsOnPool(resources, 40)).as("bodies compressed on the pool, not by the caller")
                .isEqualTo(40);
            assertThat(compressing.snapshot().inFlightRequests()).isZero();
        }
        Map<String, MessageExt> stored = byId(
                StoredMessages.read(nameServer, "p-large-async", 40, Duration.ofSeconds(20)));
        for (int i = 0; i < 40; i++) {
            SendResult result = futures.get(i).get();
            MessageExt message = stored.get(result.messageId());
            assertThat(message.getBody()).isEqualTo(bodies.get(i));
            assertThat(message.getKeys()).isEqualTo("k" + i);
            assertStoredCompressed(rocketmq, message, bodies.get(i).length);
        }
    }

    @Test
    void largeOnewayBodiesAreCompressedOnThePoolAndStoredWhole(EmbeddedRocketMQ rocketmq) throws Exception {
        Map<String, byte[]> bodies = new java.util.HashMap<>();
        Random random = new Random(11);
        try (ClientResources resources = ClientResources.builder().name("p-large-oneway").build();
                Producer compressing = producerOn(resources, "it-large-oneway")) {
            for (int i = 0; i < 20; i++) {
                byte[] body = new byte[16 * 1024];
                for (int k = 0; k < body.length; k++) {
                    body[k] = (byte) ('a' + random.nextInt(4));
                }
                bodies.put("k" + i, body);
                compressing.sendOneway(Message.builder("p-large-oneway").keys("k" + i).body(body).build());
            }

            List<MessageExt> stored = StoredMessages.read(nameServer, "p-large-oneway", 20, Duration.ofSeconds(20));
            assertThat(stored).hasSize(20);
            for (MessageExt message : stored) {
                assertThat(message.getBody()).isEqualTo(bodies.get(message.getKeys()));
                assertStoredCompressed(rocketmq, message, 16 * 1024);
            }
            assertThat(awaitCompressionsOnPool(resources, 20)).as("bodies compressed on the pool").isEqualTo(20);
        }
    }

    @Test
    void aNamespaceIsAppliedOnTheWireAndRemovedFromResults() {
        try (Producer namespaced = Producer.builder().nameServer(nameServer).group("it-ns").namespace("p-ns").build()) {
            namespaced.start();

            SendResult result = namespaced.send(Message.of("p-namespaced", "ns".getBytes(StandardCharsets.UTF_8)));

            assertThat(result.queue().topic()).isEqualTo("p-namespaced");
            MessageExt stored = StoredMessages.read(nameServer, "p-ns%p-namespaced", 1, Duration.ofSeconds(20)).get(0);
            assertThat(stored.getMsgId()).isEqualTo(result.messageId());
            assertThat(namespaced.snapshot().routes()).containsKey("p-namespaced");
        }
    }

    @Test
    void anUnknownTopicIsAutoCreatedByTheFirstSend() {
        SendResult result = producer.send(Message.of("p-auto-created", "auto".getBytes(StandardCharsets.UTF_8)));

        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(StoredMessages.read(nameServer, "p-auto-created", 1, Duration.ofSeconds(20))).singleElement()
            .satisfies((m) -> assertThat(m.getMsgId()).isEqualTo(result.messageId()));
    }

    @Test
    void theSnapshotShowsRoutesBrokersAndNameServers() {
        producer.send(Message.of("p-snapshot", "snapshot".getBytes(StandardCharsets.UTF_8)));

        ProducerSnapshot snapshot = producer.snapshot();

        assertThat(snapshot.state()).isEqualTo(ProducerSnapshot.State.RUNNING);
        assertThat(snapshot.group()).isEqualTo("it-producer");
        assertThat(snapshot.routes().get("p-snapshot").brokers()).containsExactly("broker-a", "broker-b");
        assertThat(snapshot.brokers()).extracting(ProducerSnapshot.BrokerState::name).contains("broker-a", "broker-b");
        assertThat(snapshot.brokers()).allSatisfy((broker) -> {
            assertThat(broker.masterAddress()).isNotBlank();
            assertThat(broker.isolated()).isFalse();
        });
        assertThat(snapshot.nameServers()).singleElement().satisfies((ns) -> assertThat(ns.reachable()).isTrue());
    }

    private static Producer producerOn(ClientResources resources, String group) {
        Producer producer = Producer.builder().nameServer(nameServer).group(group).clientResources(resources).build();
        producer.start();
        return producer;
    }

    /**
     * Waits until the compression pool of these resources ran {@code expected} tasks (a
     * pool thread counts a task once it returned, maybe after its send completed), and
     * returns how many it ran.
     */
    private static long awaitCompressionsOnPool(ClientResources resources, long expected) throws InterruptedException {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) DefaultClientResources.of(resources).compression();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.getCompletedTaskCount() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return pool.getCompletedTaskCount();
    }

    /**
     * Asserts that the broker stored the message's body compressed with zlib, as the
     * message's system flag and its size in the commit log say.
     */
    private static void assertStoredCompressed(EmbeddedRocketMQ rocketmq, MessageExt message, int bodyLength) {
        MessageExt raw = rocketmq.brokerController(message.getBrokerName())
            .getMessageStore()
            .lookMessageByOffset(message.getCommitLogOffset());
        assertThat(raw.getSysFlag() & MessageSysFlag.COMPRESSED_FLAG).as("compressed flag")
            .isEqualTo(MessageSysFlag.COMPRESSED_FLAG);
        assertThat(raw.getSysFlag() & MessageSysFlag.COMPRESSION_TYPE_COMPARATOR).as("compression type")
            .isEqualTo(MessageSysFlag.COMPRESSION_ZLIB_TYPE);
        assertThat(raw.getStoreSize()).as("stored size").isLessThan(bodyLength / 2);
    }

    private static Map<String, MessageExt> byId(List<MessageExt> messages) {
        Map<String, MessageExt> byId = new HashMap<>();
        for (MessageExt message : messages) {
            byId.put(message.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX), message);
        }
        return byId;
    }

}
