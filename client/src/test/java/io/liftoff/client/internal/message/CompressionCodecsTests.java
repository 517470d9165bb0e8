package io.liftoff.client.internal.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import io.liftoff.client.CompressionCodec;
import io.liftoff.client.InvalidOptionException;
import io.liftoff.client.SendOptions;
import org.apache.rocketmq.common.compression.CompressionType;
import org.apache.rocketmq.common.compression.CompressorFactory;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Each codec's bytes, decompressed by the official client's own compressors, and its
 * {@code sysFlag} bits, read by the official {@code MessageSysFlag}.
 */
class CompressionCodecsTests {

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void marksTheCodecsTypeBitsAsTheOfficialClientReadsThem(CompressionCodec codec) {
        BodyCompression compression = new BodyCompression(4096, codec, 5);

        int sysFlag = compression.compressedSysFlag(MessageSysFlag.TRANSACTION_PREPARED_TYPE);

        CompressionType official = CompressionType.valueOf(codec.name());
        assertThat(sysFlag).isEqualTo(MessageSysFlag.COMPRESSED_FLAG | official.getCompressionFlag()
                | MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        assertThat(MessageSysFlag.getCompressionType(sysFlag)).isEqualTo(official);
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void compressedBodiesAreDecompressedByTheOfficialCompressorOfTheirType(CompressionCodec codec) throws Exception {
        BodyCompression compression = new BodyCompression(4096, codec, 5);
        byte[] random = new byte[20_000];
        new Random(3).nextBytes(random);
        for (byte[] body : List.of(compressible(16 * 1024), random, compressible(300 * 1024),
                compressible(5 * 1024 * 1024))) {
            byte[] compressed = compress(compression, body);

            CompressionType type = MessageSysFlag.getCompressionType(compression.compressedSysFlag(0));
            assertThat(CompressorFactory.getCompressor(type).decompress(compressed)).isEqualTo(body);
            if (body != random) {
                assertThat(compressed).hasSizeLessThan(body.length / 2);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void compressesIntoAHeapBufferAfterItsPositionToo(CompressionCodec codec) throws Exception {
        BodyCompression compression = new BodyCompression(4096, codec, 5);
        byte[] body = compressible(16 * 1024);
        ByteBuffer out = ByteBuffer.allocate(5 + compression.compressBound(body.length));
        out.position(5);

        int length = compression.compressInto(body, out);

        assertThat(length).isPositive().isEqualTo(out.position() - 5);
        byte[] compressed = new byte[length];
        System.arraycopy(out.array(), 5, compressed, 0, length);
        CompressionType type = CompressionType.valueOf(codec.name());
        assertThat(CompressorFactory.getCompressor(type).decompress(compressed)).isEqualTo(body);
    }

    @Test
    void lz4WritesTheSameFrameAsTheOfficialLz4Compressor() throws Exception {
        BodyCompression compression = new BodyCompression(4096, CompressionCodec.LZ4, 5);
        byte[] body = compressible(16 * 1024);

        byte[] official = CompressorFactory.getCompressor(CompressionType.LZ4).compress(body, 5);

        assertThat(compress(compression, body)).isEqualTo(official);
    }

    @Test
    void zstdLevelChangesTheOutputAsTheOfficialLevelDoes() throws Exception {
        byte[] body = orders(64 * 1024);

        byte[] fast = compress(new BodyCompression(4096, CompressionCodec.ZSTD, 1), body);
        byte[] small = compress(new BodyCompression(4096, CompressionCodec.ZSTD, 19), body);

        assertThat(small).hasSizeLessThan(fast.length);
        assertThat(CompressorFactory.getCompressor(CompressionType.ZSTD).decompress(small)).isEqualTo(body);
    }

    @Test
    void aMissingCodecLibraryIsReportedWithItsMavenCoordinates() {
        assertThatThrownBy(() -> CodecLibraries.check(CompressionCodec.LZ4, (className) -> false))
            .isInstanceOfSatisfying(InvalidOptionException.class,
                    (ex) -> assertThat(ex.option()).isEqualTo("compressType"))
            .hasMessageContaining("compressType LZ4 needs org.lz4:lz4-java:1.8.0 on the class path");
        assertThatThrownBy(() -> CodecLibraries.check(CompressionCodec.ZSTD,
                (className) -> !className.startsWith("com.github.luben.zstd")))
            .isInstanceOf(InvalidOptionException.class)
            .hasMessageContaining("com.github.luben:zstd-jni:1.5.2-2");
        assertThatNoException().isThrownBy(() -> CodecLibraries.check(CompressionCodec.ZLIB, (className) -> false));
    }

    @Test
    void sendOptionsAcceptEveryCodecWhoseLibraryIsPresent() {
        for (CompressionCodec codec : CompressionCodec.values()) {
            assertThat(SendOptions.builder().compressType(codec).build().compressType()).isEqualTo(codec);
        }
        assertThat(SendOptions.defaults().compressType()).isEqualTo(CompressionCodec.ZLIB);
        assertThat(SendOptions.builder().compressType(CompressionCodec.LZ4).compressLevel(17).build().compressLevel())
            .isEqualTo(17);
    }

    private static byte[] compress(BodyCompression compression, byte[] body) {
        ByteBuffer out = ByteBuffer.allocateDirect(compression.compressBound(body.length));
        int length = compression.compressInto(body, out);
        assertThat(length).as("compressed length").isPositive().isEqualTo(out.position());
        byte[] compressed = new byte[length];
        out.flip().get(compressed);
        return compressed;
    }

    /** JSON-like orders with random numbers: compressible, but not trivially. */
    private static byte[] orders(int size) {
        Random random = new Random(5);
        StringBuilder text = new StringBuilder(size + 64);
        while (text.length() < size) {
            text.append("{\"order\":")
                .append(random.nextInt(1_000_000))
                .append(",\"price\":")
                .append(random.nextInt(10_000))
                .append(",\"item\":\"")
                .append((char) ('a' + random.nextInt(26)))
                .append("\"}\n");
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] compressible(int size) {
        byte[] line = "{\"order\":12345,\"item\":\"book\",\"price\":19.99}\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = line[i % line.length];
        }
        return body;
    }

}
