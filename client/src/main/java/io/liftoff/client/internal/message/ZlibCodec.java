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
 * zlib (RFC 1950) through {@link Deflater}, as the official client's
 * {@code ZlibCompressor}. Keeps a few idle deflaters for reuse; their native memory is
 * freed when they are garbage-collected.
 */
final class ZlibCodec implements BodyCodec {

    private final int level;

    private final BlockingQueue<Deflater> deflaters;

    /**
     * @param level the zlib level, 0 to 9
     * @param poolSize the most idle deflaters kept
     */
    ZlibCodec(int level, int poolSize) {
        assert level >= -1 && level <= 9 : "zlib has no level " + level + "; SendOptions checks it";
        this.level = level;
        this.deflaters = new ArrayBlockingQueue<>(poolSize);
    }

    @Override
    public int compressBound(int bodyLength) {
        // zlib's bound for incompressible data, with room to spare.
        return bodyLength + (bodyLength >>> 10) + 64;
    }

    @Override
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
     * Decompresses a zlib body (RFC 1950).
     * @param compressed the body as stored
     * @return the body
     * @throws IllegalArgumentException if the bytes are not zlib data
     */
    static byte[] decompress(byte[] compressed) {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("Body of " + compressed.length + " bytes is not ZLIB data", ex);
        }
    }

    @Override
    public int typeBits() {
        return SysFlag.COMPRESSION_ZLIB;
    }

}
