package io.liftoff.client.internal.send;

import java.util.concurrent.Executor;

import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.remoting.PooledBody;
import io.liftoff.client.internal.remoting.RequestTransport;
import org.jspecify.annotations.Nullable;

/**
 * Compresses bodies that reach the threshold into pooled buffers (no array per send), on
 * the caller's thread or on the compression pool: compression is the slowest step of a
 * send, and an application that sends async or oneway wants its thread back at once.
 */
final class BodyCompressor {

    private final MessageEncoder encoder;

    private final RequestTransport transport;

    private final Executor pool;

    /**
     * @param encoder knows the threshold and the level
     * @param transport gives the pooled buffers
     * @param pool runs compression off the caller's thread
     */
    BodyCompressor(MessageEncoder encoder, RequestTransport transport, Executor pool) {
        this.encoder = encoder;
        this.transport = transport;
        this.pool = pool;
    }

    /**
     * Tells whether a body of this length is compressed.
     * @param length the body's length
     * @return whether it reaches the threshold
     */
    boolean compresses(int length) {
        return this.encoder.compresses(length);
    }

    /**
     * Compresses a body into a pooled buffer; whoever ends the send releases it.
     * @param body a body that {@link #compresses(int) reaches the threshold}
     * @return the compressed body; none when compressing does not make it smaller
     */
    @Nullable PooledBody compress(byte[] body) {
        PooledBody pooled = this.transport.allocateBody(this.encoder.compressBound(body.length));
        int length;
        try {
            length = this.encoder.compressInto(body, pooled.writable());
        }
        catch (RuntimeException | Error ex) {
            pooled.release();
            throw ex;
        }
        if (length < 0) {
            pooled.release();
            return null;
        }
        pooled.written(length);
        return pooled;
    }

    /**
     * Runs a compression task on the pool.
     * @param task the task
     * @throws java.util.concurrent.RejectedExecutionException when the pool is shut down
     */
    void onPool(Runnable task) {
        this.pool.execute(task);
    }

}
