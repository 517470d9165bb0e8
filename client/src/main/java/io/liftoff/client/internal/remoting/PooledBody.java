package io.liftoff.client.internal.remoting;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;

/**
 * A request body held in a pooled buffer instead of a heap array: a compressed message
 * body is written into it once and copied into the frame of each attempt (or into a
 * batch), so that sending it allocates nothing on the heap. Its owner
 * {@linkplain #release() releases} it after the last request carrying it has completed (a
 * request's frame is never encoded after its callback ran); releasing again does nothing.
 * Not thread-safe for filling; the filled body may be read by any thread.
 */
public final class PooledBody {

    private final ByteBuf buffer;

    private final AtomicInteger held;

    private final AtomicBoolean released = new AtomicBoolean();

    PooledBody(ByteBuf buffer, AtomicInteger held) {
        this.buffer = buffer;
        this.held = held;
        held.incrementAndGet();
    }

    /**
     * Returns the space still free in the buffer, to write the body into; then call
     * {@link #written(int)}.
     * @return a view of the free space, positioned at its start
     */
    public ByteBuffer writable() {
        return this.buffer.nioBuffer(this.buffer.writerIndex(), this.buffer.writableBytes());
    }

    /**
     * Adds bytes written through {@link #writable()} to the body.
     * @param length how many bytes were written
     */
    public void written(int length) {
        this.buffer.writerIndex(this.buffer.writerIndex() + length);
    }

    /**
     * @return a view of the body, from its first byte to its last, for copying it
     * elsewhere
     */
    public ByteBuffer readable() {
        return this.buffer.nioBuffer(this.buffer.readerIndex(), this.buffer.readableBytes());
    }

    /**
     * @return the body's length in bytes
     */
    public int length() {
        return this.buffer.readableBytes();
    }

    /**
     * Gives the buffer back to the pool, the first time it is called; the body must not
     * be used afterwards.
     */
    public void release() {
        if (this.released.compareAndSet(false, true)) {
            this.buffer.release();
            this.held.decrementAndGet();
        }
    }

    /**
     * Shares the body with a frame written after it: the frame's write releases the
     * share, this body stays held until {@link #release()}.
     * @return the body's bytes, retained once more
     */
    ByteBuf retainedSlice() {
        return this.buffer.retainedSlice(this.buffer.readerIndex(), this.buffer.readableBytes());
    }

    /** Copies the body to a frame, leaving this body as it is. */
    void copyTo(ByteBuf out) {
        out.writeBytes(this.buffer, this.buffer.readerIndex(), this.buffer.readableBytes());
    }

    /**
     * Feeds the body to a {@link javax.crypto.Mac} without allocating: through a scratch
     * array when the buffer is direct.
     * @param mac the Mac
     * @param scratch the array to copy through
     */
    void updateMac(javax.crypto.Mac mac, byte[] scratch) {
        int index = this.buffer.readerIndex();
        int end = this.buffer.writerIndex();
        if (this.buffer.hasArray()) {
            mac.update(this.buffer.array(), this.buffer.arrayOffset() + index, end - index);
            return;
        }
        while (index < end) {
            int chunk = Math.min(scratch.length, end - index);
            this.buffer.getBytes(index, scratch, 0, chunk);
            mac.update(scratch, 0, chunk);
            index += chunk;
        }
    }

    @Override
    public String toString() {
        return "PooledBody[" + length() + " bytes]";
    }

}
