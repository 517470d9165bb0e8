package io.liftoff.client.internal.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStream;

/**
 * A Zstandard frame at the producer's level, which the official client's
 * {@code ZstdCompressor} ({@code ZstdInputStream}) reads. Loaded only when ZSTD is
 * chosen.
 * <p>
 * zstd-jni compresses into a direct buffer only from a direct buffer, so a body is first
 * copied into a direct scratch buffer kept with each pooled context (one copy of the
 * body, no allocation). Bodies larger than {@value #MAX_SCRATCH} bytes are compressed
 * into a temporary array of {@code compressBound} bytes and copied out: the one case that
 * allocates per send.
 */
final class ZstdCodec implements BodyCodec {

    /** The largest scratch buffer kept per pooled context. */
    static final int MAX_SCRATCH = 256 * 1024;

    private final int level;

    private final BlockingQueue<Context> contexts;

    /**
     * @param level the zstd level, checked by {@code SendOptions}
     * @param poolSize the most idle contexts kept
     */
    ZstdCodec(int level, int poolSize) {
        this.level = level;
        this.contexts = new ArrayBlockingQueue<>(poolSize);
        // Loads the native library now, so that a platform without it fails when the
        // producer is built rather than at the first large send.
        release(new Context(level));
    }

    @Override
    public int compressBound(int bodyLength) {
        return (int) Zstd.compressBound(bodyLength);
    }

    @Override
    public int compressInto(byte[] body, ByteBuffer out) {
        Context context = this.contexts.poll();
        if (context == null) {
            context = new Context(this.level);
        }
        int start = out.position();
        boolean reusable = false;
        try {
            int written = context.compress(body, out);
            out.position(start + written);
            reusable = true;
            return written;
        }
        catch (RuntimeException ex) {
            out.position(start);
            return -1;
        }
        finally {
            if (reusable) {
                release(context);
            }
            else {
                context.ctx.close();
            }
        }
    }

    private void release(Context context) {
        if (!this.contexts.offer(context)) {
            context.ctx.close();
        }
    }

    /**
     * Decompresses a Zstandard frame, as the official client's {@code ZstdCompressor}
     * reads it.
     * @param compressed the body as stored
     * @return the body
     * @throws IllegalArgumentException if the bytes are not a Zstandard frame
     */
    static byte[] decompress(byte[] compressed) {
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
        catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException("Body of " + compressed.length + " bytes is not a Zstandard frame", ex);
        }
    }

    @Override
    public int typeBits() {
        return SysFlag.COMPRESSION_ZSTD;
    }

    /** A compression context (not thread-safe) and its scratch buffer. */
    private static final class Context {

        final ZstdCompressCtx ctx;

        ByteBuffer scratch = ByteBuffer.allocateDirect(0);

        Context(int level) {
            this.ctx = new ZstdCompressCtx().setLevel(level);
        }

        int compress(byte[] body, ByteBuffer out) {
            if (out.hasArray()) {
                return this.ctx.compressByteArray(out.array(), out.arrayOffset() + out.position(), out.remaining(),
                        body, 0, body.length);
            }
            if (body.length > MAX_SCRATCH || !out.isDirect()) {
                byte[] compressed = new byte[(int) Zstd.compressBound(body.length)];
                int length = this.ctx.compressByteArray(compressed, 0, compressed.length, body, 0, body.length);
                out.duplicate().put(compressed, 0, length);
                return length;
            }
            if (this.scratch.capacity() < body.length) {
                this.scratch = ByteBuffer.allocateDirect(Math.min(MAX_SCRATCH, Math.max(body.length, 16 * 1024)));
            }
            this.scratch.clear();
            this.scratch.put(body);
            return this.ctx.compressDirectByteBuffer(out, out.position(), out.remaining(), this.scratch, 0,
                    body.length);
        }

    }

}
