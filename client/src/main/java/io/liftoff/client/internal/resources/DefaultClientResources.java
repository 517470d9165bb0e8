package io.liftoff.client.internal.resources;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.liftoff.client.ClientResources;
import io.liftoff.client.InvalidOptionException;
import io.liftoff.client.internal.remoting.EventLoops;
import io.liftoff.client.internal.remoting.RemotingClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link ClientResources}: event loops, a one-thread timer, a compression pool
 * whose threads end when idle, and the executor that answers requests from brokers.
 */
public final class DefaultClientResources implements ClientResources {

    private static final Logger logger = LoggerFactory.getLogger(DefaultClientResources.class);

    private final String name;

    private final int callbackThreads;

    private final int compressionThreads;

    private final boolean nativeTransport;

    private final EventLoops loops;

    private final ScheduledThreadPoolExecutor timer;

    private final ThreadPoolExecutor compression;

    private final ThreadPoolExecutor callbacks;

    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates the resources; threads start when first needed.
     * @param name the name in thread names
     * @param ioThreads the I/O threads
     * @param callbackThreads the threads answering requests from brokers
     * @param compressionThreads the most threads compressing bodies
     * @param nativeTransport whether to prefer epoll
     */
    public DefaultClientResources(String name, int ioThreads, int callbackThreads, int compressionThreads,
            boolean nativeTransport) {
        this.name = name;
        this.callbackThreads = callbackThreads;
        this.compressionThreads = compressionThreads;
        this.nativeTransport = nativeTransport;
        this.loops = new EventLoops(ioThreads, nativeTransport, name);
        this.timer = new ScheduledThreadPoolExecutor(1, (task) -> daemon(task, "liftoff-timer-" + name));
        this.timer.setRemoveOnCancelPolicy(true);
        AtomicInteger count = new AtomicInteger();
        // Unbounded queue: what waits here holds in-flight permits of its producer, so
        // async limits bound it.
        this.compression = new ThreadPoolExecutor(compressionThreads, compressionThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                (task) -> daemon(task, "liftoff-compress-" + name + "-" + count.incrementAndGet()));
        this.compression.allowCoreThreadTimeOut(true);
        this.callbacks = RemotingClient.callbackExecutor(callbackThreads, name);
    }

    /**
     * Returns the one implementation behind a {@link ClientResources} given to a builder.
     * @param resources the resources
     * @return them as this class
     * @throws InvalidOptionException when they were not built by
     * {@link ClientResources#builder()}
     */
    public static DefaultClientResources of(ClientResources resources) {
        if (resources instanceof DefaultClientResources own) {
            return own;
        }
        throw new InvalidOptionException("clientResources", "ClientResources must come from "
                + "ClientResources.create() or ClientResources.builder(), was " + resources.getClass().getName());
    }

    /**
     * @return the I/O threads
     */
    public EventLoops loops() {
        return this.loops;
    }

    /**
     * @return the timer: one thread for short scheduled tasks; cancel what you schedule
     * when you close
     */
    public ScheduledExecutorService timer() {
        return this.timer;
    }

    /**
     * @return the pool that compresses large bodies
     */
    public ExecutorService compression() {
        return this.compression;
    }

    /**
     * @return the executor that answers requests from brokers
     */
    public ExecutorService callbacks() {
        return this.callbacks;
    }

    @Override
    public String name() {
        return this.name;
    }

    @Override
    public int ioThreads() {
        return this.loops.threads();
    }

    @Override
    public int callbackThreads() {
        return this.callbackThreads;
    }

    @Override
    public int compressionThreads() {
        return this.compressionThreads;
    }

    @Override
    public boolean nativeTransport() {
        return this.nativeTransport;
    }

    @Override
    public boolean isClosed() {
        return this.closed.get();
    }

    @Override
    public void close() {
        if (!this.closed.compareAndSet(false, true)) {
            return;
        }
        this.compression.shutdown();
        this.timer.shutdownNow();
        this.loops.shutdown();
        this.callbacks.shutdown();
        try {
            if (!this.callbacks.awaitTermination(2, TimeUnit.SECONDS)) {
                this.callbacks.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            this.callbacks.shutdownNow();
            Thread.currentThread().interrupt();
        }
        logger.debug("Client resources '{}' closed", this.name);
    }

    @Override
    public String toString() {
        return "ClientResources[name=" + this.name + ", ioThreads=" + ioThreads() + ", callbackThreads="
                + this.callbackThreads + ", compressionThreads=" + this.compressionThreads + ", transport="
                + this.loops.transportName() + "]";
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

}
