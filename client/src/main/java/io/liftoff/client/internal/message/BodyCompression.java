package io.liftoff.client.internal.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.Deflater;
import java.util.zip.InflaterInputStream;

/**
 * Compresses message bodies at or above a size threshold with zlib, as the Java client
 * does, into the caller's buffer, and decompresses zlib bodies a broker sends back
 * (transaction checks). Thread-safe. Keeps a few idle {@link Deflater}s for reuse (at
 * most one per processor, up to {@value #MAX_POOLED_DEFLATERS}); their native memory is
 * freed when this object is garbage-collected.
 */
public final class BodyCompression {

    private static final int MAX_POOLED_DEFLATERS = 16;

    private final int threshold;

    private final int level;

    private final BlockingQueue<Deflater> deflaters;

    /**
     * Creates the compression of one producer.
     * @param threshold bodies of this many bytes or more are compressed;
     * {@link Integer#MAX_VALUE} turns compression off
     * @param level the zlib level, as checked by {@code SendOptions}
     * @throws IllegalArgumentException if the threshold is not positive
     */
    public BodyCompression(int threshold, int level) {
        if (threshold <= 0) {
            throw new IllegalArgumentException("compressThreshold must be positive, was " + threshold);
        }
        assert level >= -1 && level <= 9 : "zlib has no level " + level + "; SendOptions checks it";
        this.threshold = threshold;
        this.level = level;
        this.deflaters = new ArrayBlockingQueue<>(
                Math.min(MAX_POOLED_DEFLATERS, Runtime.getRuntime().availableProcessors()));
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
     * The most bytes {@link #compressInto} writes for a body of this length: zlib's bound
     * for incompressible data, with room to spare.
     * @param bodyLength the body's length
     * @return the space to give {@link #compressInto}
     */
    public static int compressBound(int bodyLength) {
        return bodyLength + (bodyLength >>> 10) + 64;
    }

    /**
     * Compresses a body to the zlib format (RFC 1950) into a buffer, for a caller that
     * keeps compressed bodies in pooled buffers rather than in new arrays; set
     * {@code sysFlag} with {@link #compressedSysFlag}.
     * @param body the body
     * @param out where to write, with at least
     * {@link #compressBound}{@code (body.length)} bytes remaining
     * @return the bytes written, or -1 if compression failed (the message then goes
     * uncompressed)
     */
    public int compressInto(byte[] body, ByteBuffer out) {
        Deflater deflater = this.deflaters.poll();
        if (deflater == null) {
            deflater = new Deflater(this.level);
        }
        boolean reusable = false;
        try {
            deflater.setInput(body);
            deflater.finish();
            int start = out.position();
            while (!deflater.finished() && out.hasRemaining()) {
                deflater.deflate(out);
            }
            reusable = true;
            return deflater.finished() ? out.position() - start : -1;
        }
        catch (RuntimeException ex) {
            return -1;
        }
        finally {
            if (reusable) {
                deflater.reset();
                if (!this.deflaters.offer(deflater)) {
                    deflater.end();
                }
            }
            else {
                deflater.end();
            }
        }
    }

    /**
     * Tells whether a stored message's body is compressed with zlib: its {@code sysFlag}
     * has {@code COMPRESSED} and the zlib type, or no type (as old producers wrote it).
     * @param sysFlag the stored message's flag
     * @return whether {@link #decompress} reads its body
     */
    public static boolean isZlib(int sysFlag) {
        int type = sysFlag & SysFlag.COMPRESSION_TYPE_MASK;
        return (sysFlag & SysFlag.COMPRESSED) != 0 && (type == 0 || type == SysFlag.COMPRESSION_ZLIB);
    }

    /**
     * Decompresses a zlib body (RFC 1950).
     * @param compressed the body as stored
     * @return the body
     * @throws IllegalArgumentException if the bytes are not zlib data
     */
    public static byte[] decompress(byte[] compressed) {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("Body of " + compressed.length + " bytes is not zlib data", ex);
        }
    }

    /**
     * The {@code sysFlag} of a message whose body was compressed by
     * {@link #compressInto}.
     * @param sysFlag the flag of the uncompressed message
     * @return the flag with {@code COMPRESSED} and the zlib compression type set
     */
    public static int compressedSysFlag(int sysFlag) {
        return sysFlag | SysFlag.COMPRESSED | SysFlag.COMPRESSION_ZLIB;
    }

}
