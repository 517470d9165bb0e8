package io.liftoff.client.internal.remoting;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Who writes to one channel's socket, and when. The event loop writes through Netty, as
 * usual; a caller's thread may write a frame to the socket itself
 * ({@link DirectNioSocketChannel}) while Netty has nothing queued and nothing is on its
 * way to the loop, which spares waking the loop for it. A lock keeps the two apart: the
 * loop holds it while it puts bytes into Netty's queue, a caller while it writes to the
 * socket. A frame the socket takes only in part is finished by the loop before anything
 * else, writes that come meanwhile wait their turn.
 */
final class SocketWrites {

    private static final int CALLER_FRAME_INITIAL = 4096;

    /** The largest buffer kept for callers' frames between writes. */
    private static final int CALLER_FRAME_KEPT = 64 * 1024;

    private final Channel channel;

    /** The channel when callers may write to it; absent when they may not. */
    private final @Nullable DirectNioSocketChannel socket;

    private final EventLoop loop;

    private final SerializeType format;

    private final Listener listener;

    /**
     * Held while bytes go into the socket or into Netty's queue for it, by a caller or by
     * the loop.
     */
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Writes handed to the loop and not yet in Netty's queue: callers must not overtake
     * them.
     */
    private final AtomicInteger queued = new AtomicInteger();

    /**
     * A caller's frame that the socket took only in part waits for the loop to finish it;
     * guarded by the lock.
     */
    private boolean restPending;

    /**
     * Where callers encode the frames they write; guarded by the lock, released by
     * {@link #close}.
     */
    private @Nullable ByteBuf callerFrame;

    /** Writes that came while {@link #restPending}, in order; on the loop only. */
    private final ArrayDeque<HeldWrite> held = new ArrayDeque<>();

    /** Signs callers' requests, under the lock; absent when requests are not signed. */
    private final @Nullable RequestSigner signer;

    /**
     * Creates the writes of a channel.
     * @param channel the channel
     * @param callersAllowed whether callers may write to its socket at all: not when a
     * handler must see every byte (TLS)
     * @param loop the channel's event loop
     * @param format the header encoding
     * @param listener hears about callers' writes
     * @param signer signs callers' requests; none when requests are not signed
     */
    SocketWrites(Channel channel, boolean callersAllowed, EventLoop loop, SerializeType format, Listener listener,
            @Nullable RequestSigner signer) {
        this.signer = signer;
        this.channel = channel;
        this.socket = (callersAllowed && channel instanceof DirectNioSocketChannel direct) ? direct : null;
        this.loop = loop;
        this.format = format;
        this.listener = listener;
    }

    /** Hears what happened to callers' writes. */
    interface Listener {

        /**
         * A caller wrote a frame to the socket.
         * @param whole whether the socket took all of it; if not, the loop writes the
         * rest
         */
        void wroteOnCaller(boolean whole);

        /** A caller's write failed: the connection must close. */
        void failed(IOException cause);

    }

    /**
     * Counts a write handed to the loop; the loop calls {@link #leftQueue()} once it is
     * in Netty's queue.
     */
    void enqueued() {
        this.queued.incrementAndGet();
    }

    /** The loop took a write counted by {@link #enqueued()}, or it was dropped. */
    void leftQueue() {
        this.queued.decrementAndGet();
    }

    /**
     * @return whether callers may write to this channel at all (NIO, no TLS, and not from
     * the loop itself)
     */
    boolean callersMayWrite() {
        return this.socket != null && !this.loop.inEventLoop();
    }

    /**
     * Takes the lock for a caller's write if the socket is idle: open, no rest of an
     * earlier frame pending, no write on its way to the loop, nothing in Netty's queue.
     * On {@code true} the caller must {@link #unlock()}.
     * @return whether the caller holds the lock and may write
     */
    boolean lockIfIdle() {
        if (!this.lock.tryLock()) {
            return false;
        }
        if (!this.restPending && this.queued.get() == 0 && this.socket.nothingQueued() && this.socket.isActive()) {
            return true;
        }
        this.lock.unlock();
        return false;
    }

    void unlock() {
        this.lock.unlock();
    }

    /**
     * Encodes a request and writes it to the socket with one system call, under the lock
     * from {@link #lockIfIdle()}; what the socket does not take now, the loop writes when
     * it has room. A failed write is reported to the listener, which closes the
     * connection.
     * @param command the request
     * @throws RuntimeException when the request cannot be encoded (nothing is written
     * then)
     */
    void writeFromCaller(RemotingCommand command) {
        ByteBuf frame = this.callerFrame;
        if (frame == null) {
            frame = this.channel.alloc().directBuffer(CALLER_FRAME_INITIAL);
            this.callerFrame = frame;
        }
        try {
            FrameCodec.encode(command, this.format, frame.clear(), this.signer);
            write(frame);
        }
        finally {
            if (frame.capacity() > CALLER_FRAME_KEPT) {
                // A rare large frame: its memory is not kept for the next.
                this.callerFrame = null;
                frame.release();
            }
        }
    }

    private void write(ByteBuf frame) {
        ByteBuffer bytes = frame.internalNioBuffer(frame.readerIndex(), frame.readableBytes());
        try {
            this.socket.writeNow(bytes);
        }
        catch (IOException ex) {
            this.listener.failed(ex);
            return;
        }
        boolean whole = !bytes.hasRemaining();
        if (!whole) {
            ByteBuf rest = this.channel.alloc().ioBuffer(bytes.remaining());
            rest.writeBytes(bytes);
            this.restPending = true;
            try {
                this.loop.execute(() -> writeRest(rest));
            }
            catch (RejectedExecutionException ex) {
                rest.release();
                this.restPending = false;
            }
        }
        this.listener.wroteOnCaller(whole);
    }

    /**
     * Finishes a caller's frame that the socket took only in part, then the writes held
     * meanwhile; on the loop.
     */
    private void writeRest(ByteBuf rest) {
        this.lock.lock();
        try {
            this.restPending = false;
            this.channel.write(rest, this.channel.voidPromise());
            HeldWrite next;
            while ((next = this.held.poll()) != null) {
                this.channel.write(next.message(), next.promise());
            }
            this.channel.flush();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Writes and flushes a frame or command on the loop, under the lock so that no caller
     * writes meanwhile; held back while a caller's frame waits to be finished.
     * @param message a frame or a command
     * @param promise completed when it is written
     */
    void writeOnLoop(Object message, ChannelPromise promise) {
        this.lock.lock();
        try {
            if (this.restPending) {
                this.held.add(new HeldWrite(message, promise));
                return;
            }
            this.channel.writeAndFlush(message, promise);
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Drops the held writes and the callers' buffer once the connection closed; on the
     * loop.
     * @param failure what the held writes' promises fail with
     */
    void close(Throwable failure) {
        HeldWrite dropped;
        while ((dropped = this.held.poll()) != null) {
            ReferenceCountUtil.release(dropped.message());
            dropped.promise().tryFailure(failure);
        }
        this.lock.lock();
        try {
            if (this.callerFrame != null) {
                this.callerFrame.release();
                this.callerFrame = null;
            }
        }
        finally {
            this.lock.unlock();
        }
    }

    /** A write that waits for a caller's partly written frame to be finished. */
    private record HeldWrite(Object message, ChannelPromise promise) {
    }

}
