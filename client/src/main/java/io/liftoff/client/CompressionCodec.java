package io.liftoff.client;

/**
 * The algorithm that compresses message bodies at or above
 * {@link SendOptions#compressThreshold()}, marked in the message's {@code sysFlag}
 * (compression type bits 8 to 10, as the official 5.x client's {@code CompressionType})
 * so that consumers know how to decompress. Set with
 * {@link SendOptions.Builder#compressType(CompressionCodec)}.
 * <p>
 * Which consumers read which codec: the official Java client 5.x reads all three, by the
 * type bits; 4.x clients read {@link #ZLIB} only (they ignore the type bits). Keep
 * {@link #ZLIB} while any consumer of the topic may be older or written in another
 * language.
 */
public enum CompressionCodec {

    /**
     * zlib (RFC 1950, {@link java.util.zip.Deflater}), levels
     * {@value SendOptions#MIN_COMPRESS_LEVEL} to {@value SendOptions#MAX_COMPRESS_LEVEL}:
     * the default, readable by every consumer. Needs no library.
     */
    ZLIB,

    /**
     * LZ4 frame format, with LZ4's fast compressor: the least CPU, larger bodies than
     * zlib. The level is not used, as in the official client. Needs
     * {@code org.lz4:lz4-java} on the class path.
     */
    LZ4,

    /**
     * Zstandard frame format, levels {@value SendOptions#MIN_ZSTD_COMPRESS_LEVEL} to
     * {@value SendOptions#MAX_ZSTD_COMPRESS_LEVEL}: about zlib's ratio for much less CPU.
     * Needs {@code com.github.luben:zstd-jni} on the class path.
     */
    ZSTD

}
