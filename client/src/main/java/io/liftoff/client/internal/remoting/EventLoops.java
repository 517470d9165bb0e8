package io.liftoff.client.internal.remoting;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O threads of one or more {@link RemotingClient}s: a Netty event loop group on the
 * chosen transport (native epoll when asked for and present, else NIO). Threads start
 * when the first channel or task needs them (the first client created on them starts one,
 * see {@link #warmUpOnce()}). Whoever creates it shuts it down; clients that were given
 * it never do.
 */
public final class EventLoops {

    private static final Logger logger = LoggerFactory.getLogger(EventLoops.class);

    private final EventLoopGroup group;

    private final Transports transport;

    private final int threads;

    private final AtomicBoolean warmed = new AtomicBoolean();

    /**
     * Creates the loops.
     * @param threads how many I/O threads at most
     * @param preferNative whether to use Linux's epoll transport when it is on the class
     * path
     * @param name a short name for thread names ({@code liftoff-io-<name>-N})
     */
    public EventLoops(int threads, boolean preferNative, String name) {
        this.threads = threads;
        this.transport = Transports.choose(preferNative);
        logger.debug("Event loops '{}' use the {} transport", name, this.transport.name());
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("liftoff-io-" + name, true),
                this.transport.ioHandlerFactory());
    }

    /**
     * Pays the pooled allocator's first-use cost on an I/O thread, once for these loops:
     * about 100 ms of CPU in a cold JVM (its arenas, a thread cache and, since Netty 4.2,
     * its JFR event types). Called when a client is created on the loops, it overlaps
     * with the caller building the producer and its first message and with the NameServer
     * round trip, instead of delaying the first request to a broker; it starts one I/O
     * thread.
     */
    void warmUpOnce() {
        if (this.warmed.compareAndSet(false, true)) {
            this.group.next().execute(EventLoops::warmAllocator);
        }
    }

    /**
     * @return how many I/O threads these loops have at most
     */
    public int threads() {
        return this.threads;
    }

    /**
     * @return {@code epoll} or {@code nio}
     */
    public String transportName() {
        return this.transport.name();
    }

    /**
     * @return whether {@link #shutdown()} was called
     */
    public boolean isShutdown() {
        return this.group.isShuttingDown();
    }

    /**
     * Stops the I/O threads, waiting up to 5 s; channels still open on them are closed.
     */
    public void shutdown() {
        this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    Transports transport() {
        return this.transport;
    }

    EventLoop next() {
        return this.group.next();
    }

    private static void warmAllocator() {
        try {
            PooledByteBufAllocator.DEFAULT.ioBuffer(256).release();
        }
        catch (RuntimeException ex) {
            logger.debug("Could not warm the buffer allocator up", ex);
        }
    }

}
