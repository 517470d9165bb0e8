package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.apache.rocketmq.common.compression.CompressionType;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 16 KiB bodies compressed with LZ4 and ZSTD, sent sync, async in batches and oneway to
 * real brokers: stored with their codec's type bits and read back whole by the official
 * consumer, which decompresses by those bits.
 */
@WithEmbeddedRocketMQ(brokers = 2, topics = { "cc-sync-lz4:2", "cc-async-lz4:2", "cc-oneway-lz4:2", "cc-sync-zstd:2",
        "cc-async-zstd:2", "cc-oneway-zstd:2" })
class CompressionCodecIntegrationTests {

    private static final Map<CompressionCodec, Producer> producers = new EnumMap<>(CompressionCodec.class);

    private static final AtomicInteger attempts = new AtomicInteger();

    private static String nameServer;

    private static EmbeddedRocketMQ rocketmq;

    @BeforeAll
    static void startProducers(EmbeddedRocketMQ embedded) {
        rocketmq = embedded;
        nameServer = embedded.nameServerAddress();
        for (CompressionCodec codec : List.of(CompressionCodec.LZ4, CompressionCodec.ZSTD)) {
            Producer producer = Producer.builder()
                .nameServer(nameServer)
                .group("codec-" + codec)
                .sendOptions(SendOptions.builder().compressType(codec).build())
                .autoBatch(AutoBatchOptions.of(1, 32, 1024 * 1024))
                .listener(new ProducerListener() {
                    @Override
                    public void attemptFinished(AttemptEvent event) {
                        attempts.incrementAndGet();
                    }
                })
                .build();
            producer.start();
            producers.put(codec, producer);
        }
    }

    @AfterAll
    static void closeProducers() {
        producers.values().forEach(Producer::close);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodec.class, names = { "LZ4", "ZSTD" })
    void syncBodiesAreStoredWithTheCodecsTypeBitsAndReadBackWhole(CompressionCodec codec) {
        String topic = "cc-sync-" + codec.name().toLowerCase();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(producers.get(codec).send(Message.builder(topic).keys("k" + i).body(body(i)).build()).messageId());
        }

        Map<String, MessageExt> stored = read(topic, 3);
        for (int i = 0; i < 3; i++) {
            assertStoredWith(codec, stored.get("k" + i), i);
            assertThat(stored.get("k" + i).getMsgId()).isEqualTo(ids.get(i));
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodec.class, names = { "LZ4", "ZSTD" })
    void asyncBodiesTravelInCompressedBatchesMarkedWithTheCodec(CompressionCodec codec) throws Exception {
        String topic = "cc-async-" + codec.name().toLowerCase();
        int before = attempts.get();
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            futures.add(producers.get(codec).sendAsync(Message.builder(topic).keys("k" + i).body(body(i)).build()));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

        assertThat(attempts.get() - before).as("requests for 60 async sends").isLessThan(60);
        Map<String, MessageExt> stored = read(topic, 60);
        for (int i = 0; i < 60; i++) {
            assertStoredWith(codec, stored.get("k" + i), i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodec.class, names = { "LZ4", "ZSTD" })
    void onewayBodiesAreStoredWithTheCodecsTypeBitsAndReadBackWhole(CompressionCodec codec) {
        String topic = "cc-oneway-" + codec.name().toLowerCase();
        for (int i = 0; i < 3; i++) {
            producers.get(codec).sendOneway(Message.builder(topic).keys("k" + i).body(body(i)).build());
        }

        Map<String, MessageExt> stored = read(topic, 3);
        for (int i = 0; i < 3; i++) {
            assertStoredWith(codec, stored.get("k" + i), i);
        }
    }

    private static void assertStoredWith(CompressionCodec codec, MessageExt message, int index) {
        assertThat(message).as("stored message k%d", index).isNotNull();
        CompressionType type = CompressionType.valueOf(codec.name());
        // The official consumer decompresses by the type bits, then clears only the
        // compressed flag; the store keeps both.
        assertThat(message.getSysFlag() & MessageSysFlag.COMPRESSION_TYPE_COMPARATOR)
            .isEqualTo(type.getCompressionFlag());
        MessageExt raw = rocketmq.brokerController(message.getBrokerName())
            .getMessageStore()
            .lookMessageByOffset(message.getCommitLogOffset());
        assertThat(raw.getSysFlag() & (MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.COMPRESSION_TYPE_COMPARATOR))
            .isEqualTo(MessageSysFlag.COMPRESSED_FLAG | type.getCompressionFlag());
        assertThat(message.getStoreSize()).as("stored size").isLessThan(16 * 1024 / 2);
        assertThat(message.getBody()).as("body of k%d", index).isEqualTo(body(index));
    }

    private static Map<String, MessageExt> read(String topic, int expected) {
        return StoredMessages.read(nameServer, topic, expected, Duration.ofSeconds(30))
            .stream()
            .collect(Collectors.toMap(MessageExt::getKeys, Function.identity()));
    }

    /** 16 KiB of JSON-like text, different for each index. */
    private static byte[] body(int index) {
        Random random = new Random(index);
        StringBuilder text = new StringBuilder(16 * 1024 + 64);
        while (text.length() < 16 * 1024) {
            text.append("{\"order\":").append(random.nextInt(1000)).append(",\"item\":\"book\"}\n");
        }
        return text.substring(0, 16 * 1024).getBytes(StandardCharsets.US_ASCII);
    }

}
