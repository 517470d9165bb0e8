package io.liftoff.client.internal.message;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.compression.CompressionType;
import org.apache.rocketmq.common.compression.CompressorFactory;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageEncoderTests {

    private static final byte[] BODY = "hello".getBytes(StandardCharsets.UTF_8);

    private final MessageEncoder encoder = new MessageEncoder(MessageEncoder.DEFAULT_COMPRESS_THRESHOLD,
            MessageEncoder.DEFAULT_COMPRESS_LEVEL, new UniqueIdGenerator(new byte[] { 10, 0, 0, 1 }, 1, 2,
                    Clock.fixed(Instant.parse("2024-05-01T00:00:00Z"), ZoneOffset.UTC)));

    @Test
    void writesUserPropertiesThenTagKeysWaitAndUniqueIdWithASeparatorAfterEveryPair() {
        Message message = Message.builder("t")
            .property("tenant", "acme")
            .property("region", "eu")
            .tag("created")
            .keys("order-42", "user-7")
            .body(BODY)
            .build();

        EncodedMessage encoded = this.encoder.encode(message);

        assertThat(encoded.uniqueId()).isEqualTo("0A00000100010000000200000000" + "0000");
        assertThat(encoded.properties()).isEqualTo("tenant\u0001acme\u0002region\u0001eu\u0002TAGS\u0001created\u0002"
                + "KEYS\u0001order-42 user-7\u0002WAIT\u0001true\u0002UNIQ_KEY\u0001" + encoded.uniqueId() + "\u0002");
    }

    @Test
    void alwaysWritesWaitAndTheUniqueId() {
        EncodedMessage encoded = this.encoder.encode(Message.of("t", BODY));

        assertThat(encoded.properties())
            .isEqualTo("WAIT\u0001true\u0002UNIQ_KEY\u0001" + encoded.uniqueId() + "\u0002");
        assertThat(encoded.sysFlag()).isZero();
        assertThat(encoded.flag()).isZero();
    }

    @Test
    void encodesAHalfMessageWithTheTransactionPropertiesAfterTheUserOnesAndThePreparedSysFlag() {
        Message message = Message.builder("t").property("tenant", "acme").tag("created").body(BODY).flag(3).build();

        EncodedMessage half = this.encoder.encodeHalf(message, "ns%orders");

        assertThat(half.properties()).isEqualTo("tenant\u0001acme\u0002TRAN_MSG\u0001true\u0002PGROUP\u0001ns%orders"
                + "\u0002TAGS\u0001created\u0002WAIT\u0001true\u0002UNIQ_KEY\u0001" + half.uniqueId() + "\u0002");
        assertThat(half.sysFlag()).isEqualTo(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        assertThat(this.encoder.compressedSysFlag(half.sysFlag()) & MessageSysFlag.TRANSACTION_ROLLBACK_TYPE)
            .as("compression keeps the transaction type")
            .isEqualTo(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        assertThat(half.flag()).isEqualTo(3);
        assertThat(half.body()).isSameAs(BODY);
        assertThat(message.properties()).containsOnlyKeys("tenant");
    }

    @Test
    void writesWaitFalseWhenTheMessageDoesNotWaitForTheStore() {
        EncodedMessage encoded = this.encoder.encode(Message.builder("t").body(BODY).waitStoreMsgOk(false).build());

        assertThat(MessageEncoder.decodeProperties(encoded.properties())).containsEntry("WAIT", "false");
    }

    @Test
    void writesEachKindOfDelayUnderItsOwnProperty() {
        Instant at = Instant.parse("2030-01-02T03:04:05.678Z");

        assertThat(propertiesOf(Message.builder("t").body(BODY).deliveryDelay(Duration.ofMillis(1500)).build()))
            .containsEntry("TIMER_DELAY_MS", "1500")
            .doesNotContainKeys("TIMER_DELIVER_MS", "DELAY");
        assertThat(propertiesOf(Message.builder("t").body(BODY).deliverAt(at).build()))
            .containsEntry("TIMER_DELIVER_MS", String.valueOf(at.toEpochMilli()))
            .doesNotContainKeys("TIMER_DELAY_MS", "DELAY");
        assertThat(propertiesOf(Message.builder("t").body(BODY).delayLevel(3).build())).containsEntry("DELAY", "3")
            .doesNotContainKeys("TIMER_DELAY_MS", "TIMER_DELIVER_MS");
    }

    @Test
    void passesTheUserFlagThrough() {
        assertThat(this.encoder.encode(Message.builder("t").body(BODY).flag(-7).build()).flag()).isEqualTo(-7);
    }

    @Test
    void propertyBytesAreTheUtf8OfThePropertyStringAndCarryTheIdOfTheResult() {
        Message message = Message.builder("t")
            .property("lone", "a\uD800b")
            .property("wide", "\u4e16\uD83D\uDE00")
            .tag("t\u00e9")
            .keys("k1", "k\u00e9")
            .deliverAt(java.time.Instant.ofEpochMilli(1_764_000_000_123L))
            .waitStoreMsgOk(false)
            .body(BODY)
            .build();

        EncodedMessage encoded = this.encoder.encode(message);

        assertThat(encoded.propertyBytes()).isEqualTo(encoded.properties().getBytes(StandardCharsets.UTF_8));
        assertThat(MessageEncoder.decodeProperties(encoded.properties())).containsEntry("lone", "a?b")
            .containsEntry("wide", "\u4e16\uD83D\uDE00")
            .containsEntry("TAGS", "t\u00e9")
            .containsEntry("KEYS", "k1 k\u00e9")
            .containsEntry("WAIT", "false")
            .containsEntry("UNIQ_KEY", encoded.uniqueId())
            .containsEntry("TIMER_DELIVER_MS", "1764000000123");
        assertThat(encoded.uniqueId()).hasSize(32).matches("[0-9A-F]+");
    }

    @Test
    void producesPropertiesThatRocketMqDecodesToTheSameValues() {
        Message message = Message.builder("t")
            .property("greeting", "grüße 你好 \uD83D\uDE00")
            .property("a", "=;,")
            .tag("tag-1")
            .keys("k1", "k2", "k3")
            .deliveryDelay(Duration.ofSeconds(3))
            .body(BODY)
            .build();

        EncodedMessage encoded = this.encoder.encode(message);
        String onTheWire = new String(encoded.properties().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        Map<String, String> official = MessageDecoder.string2messageProperties(onTheWire);

        assertThat(official).isEqualTo(MessageEncoder.decodeProperties(encoded.properties()))
            .containsEntry("greeting", "grüße 你好 \uD83D\uDE00")
            .containsEntry("a", "=;,")
            .containsEntry("TAGS", "tag-1")
            .containsEntry("KEYS", "k1 k2 k3")
            .containsEntry("WAIT", "true")
            .containsEntry("UNIQ_KEY", encoded.uniqueId())
            .containsEntry("TIMER_DELAY_MS", "3000")
            .hasSize(7);
    }

    @Test
    void encodesAMapExactlyAsRocketMqDoes() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("KEYS", "a b");
        properties.put("skipped", null);
        properties.put("x", "ü");

        assertThat(MessageEncoder.encodeProperties(properties))
            .isEqualTo(MessageDecoder.messageProperties2String(properties))
            .isEqualTo("KEYS\u0001a b\u0002x\u0001ü\u0002");
    }

    @ParameterizedTest
    @ValueSource(
            strings = { "", "a", "ab", "\u0001b\u0002", "a\u0001\u0002", "a\u0001b", "a\u0001b\u0002\u0002c\u0001d",
                    "x\u0001y\u0001z\u0002", "k\u0001v\u0002no-separator\u0002k2\u0001v2\u0002", "\u0002\u0002\u0002" })
    void decodesOddStringsAsRocketMqDoes(String properties) {
        assertThat(MessageEncoder.decodeProperties(properties))
            .isEqualTo(MessageDecoder.string2messageProperties(properties));
    }

    @Test
    void decodesNullAsNoProperties() {
        assertThat(MessageEncoder.decodeProperties(null)).isEmpty();
    }

    @Test
    void rejectsPropertiesLongerThan32767Utf8Bytes() {
        Message asciiTooLong = Message.builder("t").property("p", "a".repeat(32_767)).body(BODY).build();
        Message wideTooLong = Message.builder("t").property("p", "\u4f60".repeat(10_920)).body(BODY).build();
        Message wideFits = Message.builder("t").property("p", "\u4f60".repeat(10_000)).body(BODY).build();

        assertThatThrownBy(() -> this.encoder.encode(asciiTooLong)).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Message properties take 32822 bytes encoded; at most 32767 are allowed "
                    + "(tag, keys and user properties together)");
        assertThatThrownBy(() -> this.encoder.encode(wideTooLong)).isInstanceOf(InvalidMessageException.class)
            .hasMessageStartingWith("Message properties take 32815 bytes");
        assertThat(this.encoder.encode(wideFits).properties()).hasSizeGreaterThan(10_000);
    }

    @Test
    void countsUtf8BytesAsStringGetBytesDoes() {
        for (String text : List.of("", "abc", "ü", "你好", "\uD83D\uDE00", "\uD83D", "\uDE00x", "a\uD83Db",
                "\uD83D\uD83D\uDE00", "\u0000\u007f\u0080\u07ff\u0800\uffff")) {
            assertThat(Utf8.length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void compressesABodyAtTheThresholdWithZlibAndMarksTheZlibType() throws Exception {
        byte[] body = compressible(4096);

        byte[] compressed = compress(this.encoder, body);

        assertThat(this.encoder.compressedSysFlag(0))
            .isEqualTo(MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.COMPRESSION_ZLIB_TYPE)
            .isEqualTo(0x301);
        assertThat(MessageSysFlag.getCompressionType(this.encoder.compressedSysFlag(0)))
            .isEqualTo(CompressionType.ZLIB);
        assertThat(compressed).hasSizeLessThan(body.length);
        // A zlib (RFC 1950) header: deflate with a 32 KiB window, header checksum valid.
        assertThat(compressed[0]).isEqualTo((byte) 0x78);
        assertThat(((compressed[0] & 0xFF) << 8 | (compressed[1] & 0xFF)) % 31).isZero();
        assertThat(inflate(compressed)).isEqualTo(body);
        assertThat(CompressorFactory.getCompressor(CompressionType.ZLIB).decompress(compressed)).isEqualTo(body);
        assertThat(UtilAll.uncompress(compressed)).isEqualTo(body);
    }

    @Test
    void encodingLeavesTheBodyAsItIsAndCompressesFromTheThresholdOn() {
        byte[] body = compressible(4095);

        EncodedMessage encoded = this.encoder.encode(Message.of("t", body));

        assertThat(encoded.body()).isSameAs(body);
        assertThat(encoded.sysFlag()).isZero();
        assertThat(this.encoder.compresses(4095)).isFalse();
        assertThat(this.encoder.compresses(4096)).isTrue();
    }

    @Test
    void compressesIncompressibleAndLargeBodiesCorrectly() throws Exception {
        byte[] random = new byte[100_000];
        new Random(42).nextBytes(random);
        byte[] large = compressible(4 * 1024 * 1024);

        for (byte[] body : List.of(random, large)) {
            assertThat(inflate(compress(this.encoder, body))).isEqualTo(body);
        }
    }

    @Test
    void compressesIntoADirectBufferWithinTheBoundAndAfterItsPosition() throws Exception {
        byte[] random = new byte[20_000];
        new Random(7).nextBytes(random);
        for (byte[] body : List.of(compressible(16 * 1024), random)) {
            ByteBuffer out = ByteBuffer.allocateDirect(3 + this.encoder.compressBound(body.length));
            out.position(3);

            int length = this.encoder.compressInto(body, out);

            assertThat(length).isPositive().isEqualTo(out.position() - 3);
            byte[] compressed = new byte[length];
            out.flip().position(3);
            out.get(compressed);
            assertThat(inflate(compressed)).isEqualTo(body);
            assertThat(UtilAll.uncompress(compressed)).isEqualTo(body);
        }
        assertThat(this.encoder.compressedSysFlag(0)).isEqualTo(SysFlag.COMPRESSED | SysFlag.COMPRESSION_ZLIB);
    }

    @Test
    void compressingIntoTooSmallABufferFailsWithoutHarmingTheNextCompression() throws Exception {
        byte[] random = new byte[10_000];
        new Random(11).nextBytes(random);

        assertThat(this.encoder.compressInto(random, ByteBuffer.allocate(1_000))).isEqualTo(-1);

        byte[] body = compressible(8_000);
        ByteBuffer out = ByteBuffer.allocate(this.encoder.compressBound(body.length));
        int length = this.encoder.compressInto(body, out);
        assertThat(inflate(Arrays.copyOf(out.array(), length))).isEqualTo(body);
    }

    @Test
    void compressesCorrectlyFromManyThreadsAtOnce() throws Exception {
        int threads = 8;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CyclicBarrier together = new CyclicBarrier(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(executor.submit(() -> {
                    boolean intact = true;
                    for (int i = 0; i < 8; i++) {
                        int seed = thread * 8 + i;
                        byte[] body = compressible(5000 + seed * 100);
                        body[0] = (byte) seed;
                        // Every thread starts each compression with the others.
                        together.await(10, TimeUnit.SECONDS);
                        intact &= Arrays.equals(inflate(compress(this.encoder, body)), body);
                    }
                    return intact;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void usesTheConfiguredThresholdAndLevel() throws Exception {
        MessageEncoder storing = new MessageEncoder(10, 0, new UniqueIdGenerator());
        byte[] body = compressible(100);

        assertThat(storing.compresses(body.length)).isTrue();
        byte[] compressed = compress(storing, body);

        // Level 0 stores: the zlib stream is longer than the input.
        assertThat(compressed).hasSizeGreaterThan(body.length);
        assertThat(inflate(compressed)).isEqualTo(body);
    }

    @Test
    void rejectsAThresholdThatIsNotPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MessageEncoder(0, 5, new UniqueIdGenerator()));
    }

    /**
     * Compresses as the producer does: into a direct buffer of {@code compressBound}
     * bytes.
     */
    private static byte[] compress(MessageEncoder encoder, byte[] body) {
        ByteBuffer out = ByteBuffer.allocateDirect(encoder.compressBound(body.length));
        int length = encoder.compressInto(body, out);
        assertThat(length).as("compressed length").isPositive();
        byte[] compressed = new byte[length];
        out.flip().get(compressed);
        return compressed;
    }

    private Map<String, String> propertiesOf(Message message) {
        return MessageEncoder.decodeProperties(this.encoder.encode(message).properties());
    }

    static byte[] compressible(int length) {
        byte[] body = new byte[length];
        byte[] pattern = "{\"order\":42,\"status\":\"created\"}".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < length; i++) {
            body[i] = pattern[i % pattern.length];
        }
        return body;
    }

    private static byte[] inflate(byte[] compressed) throws Exception {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsInput()) {
                    throw new IllegalStateException("Truncated zlib stream");
                }
                out.write(buffer, 0, n);
            }
            assertThat(inflater.getRemaining()).isZero();
            return out.toByteArray();
        }
        finally {
            inflater.end();
        }
    }

}
