package io.liftoff.client.internal.message;

import java.nio.ByteBuffer;

import io.liftoff.client.CompressionCodec;

/**
 * Compresses message bodies at or above a size threshold with the producer's codec, as
 * the Java client does, into the caller's buffer, and marks the {@code sysFlag} with that
 * codec's type bits. Thread-safe. Each codec keeps a few idle native compressors for
 * reuse (at most one per processor, up to {@value #MAX_POOLED}). The LZ4 and ZSTD
 * libraries are loaded only when their codec is chosen.
 */
public final class BodyCompression {

    private static final int MAX_POOLED = 16;

    private final int threshold;

    private final BodyCodec codec;

    /**
     * Creates the compression of one producer.
     * @param threshold bodies of this many bytes or more are compressed;
     * {@link Integer#MAX_VALUE} turns compression off
     * @param codec the codec, whose library {@code SendOptions} found present
     * @param level the level, as checked by {@code SendOptions} for the codec
     * @throws IllegalArgumentException if the threshold is not positive
     */
    public BodyCompression(int threshold, CompressionCodec codec, int level) {
        if (threshold <= 0) {
            throw new IllegalArgumentException("compressThreshold must be positive, was " + threshold);
        }
        this.threshold = threshold;
        int pooled = Math.min(MAX_POOLED, Runtime.getRuntime().availableProcessors());
        this.codec = switch (codec) {
            case ZLIB -> new ZlibCodec(level, pooled);
            case LZ4 -> new Lz4Codec();
            case ZSTD -> new ZstdCodec(level, pooled);
        };
    }

    /**
     * Tells whether a body of this size is compressed when sent (the threshold, as the
     * Java client's).
     * @param bodyLength the body's length
     * @return whether it reaches the threshold
     */
    public boolean compresses(int bodyLength) {
        return bodyLength >= this.threshold;
    }

    /**
     * The most bytes {@link #compressInto} writes for a body of this length, with the
     * codec's bound for incompressible data.
     * @param bodyLength the body's length
     * @return the space to give {@link #compressInto}
     */
    public int compressBound(int bodyLength) {
        return this.codec.compressBound(bodyLength);
    }

    /**
     * Compresses a body with the codec into a buffer, for a caller that keeps compressed
     * bodies in pooled buffers rather than in new arrays; set {@code sysFlag} with
     * {@link #compressedSysFlag}.
     * @param body the body
     * @param out where to write, with at least
     * {@link #compressBound}{@code (body.length)} bytes remaining
     * @return the bytes written, or -1 if compression failed (the message then goes
     * uncompressed)
     */
    public int compressInto(byte[] body, ByteBuffer out) {
        return this.codec.compressInto(body, out);
    }

    /**
     * The {@code sysFlag} of a message whose body was compressed by
     * {@link #compressInto}.
     * @param sysFlag the flag of the uncompressed message
     * @return the flag with {@code COMPRESSED} and the codec's compression type set
     */
    public int compressedSysFlag(int sysFlag) {
        return (sysFlag & ~SysFlag.COMPRESSION_TYPE_MASK) | SysFlag.COMPRESSED | this.codec.typeBits();
    }

    /**
     * Tells whether a stored message's body is compressed: its {@code sysFlag} has
     * {@code COMPRESSED}.
     * @param sysFlag the stored message's flag
     * @return whether {@link #decompress} should read its body
     */
    public static boolean isCompressed(int sysFlag) {
        return (sysFlag & SysFlag.COMPRESSED) != 0;
    }

    /**
     * Decompresses a stored body with the codec its {@code sysFlag} names, as the
     * official consumer does: ZLIB (or no type, as old producers wrote it), LZ4 (frame
     * format) or ZSTD. LZ4 and ZSTD need their library on the class path (see
     * {@link CodecLibraries}).
     * @param compressed the body as stored
     * @param sysFlag the stored message's flag, with {@code COMPRESSED} set
     * @return the body
     * @throws IllegalArgumentException if the bytes are not data of that codec, or the
     * type bits name no codec
     * @throws IllegalStateException if the codec's library is not on the class path
     */
    public static byte[] decompress(byte[] compressed, int sysFlag) {
        int type = sysFlag & SysFlag.COMPRESSION_TYPE_MASK;
        return switch (type) {
            case 0, SysFlag.COMPRESSION_ZLIB -> ZlibCodec.decompress(compressed);
            case SysFlag.COMPRESSION_LZ4 -> {
                requireLibrary(CompressionCodec.LZ4);
                yield Lz4Codec.decompress(compressed);
            }
            case SysFlag.COMPRESSION_ZSTD -> {
                requireLibrary(CompressionCodec.ZSTD);
                yield ZstdCodec.decompress(compressed);
            }
            default -> throw new IllegalArgumentException("Compression type 0x" + Integer.toHexString(type)
                    + " names no codec (LZ4 0x100, ZSTD 0x200, " + "ZLIB 0x300)");
        };
    }

    private static void requireLibrary(CompressionCodec codec) {
        if (!CodecLibraries.present(codec)) {
            throw new IllegalStateException("The body is compressed with " + codec + ", which needs "
                    + CodecLibraries.coordinates(codec) + " on the class path to be read");
        }
    }

}
