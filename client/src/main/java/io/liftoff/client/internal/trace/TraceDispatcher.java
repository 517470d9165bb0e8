package io.liftoff.client.internal.trace;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import io.liftoff.client.TraceOptions;
import io.liftoff.client.TraceStats;
import io.liftoff.client.internal.logging.WarningThrottle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues trace records and sends them in batches, never blocking whoever appends: a
 * record that finds the bounded queue full is dropped and counted. The producer's timer
 * flushes the queue every flush interval, and at once (handed to the timer, never on the
 * appending thread) when a batch's worth waits. Each flush sends trace messages of at
 * most a batch of records and the maximum body size, while fewer than the maximum are in
 * flight; the rest wait for the next flush. A trace message that fails has its records
 * counted as failed and is not retried; the first failure is logged as a warning with its
 * cause, later ones at most once a minute (with the count since), the rest at debug
 * level.
 */
public final class TraceDispatcher {

    private static final Logger logger = LoggerFactory.getLogger(TraceDispatcher.class);

    private final TraceOptions options;

    private final TraceTransport transport;

    private final ScheduledExecutorService timer;

    private final ArrayBlockingQueue<TraceRecord> queue;

    private final AtomicBoolean flushQueued = new AtomicBoolean();

    private final AtomicInteger inFlight = new AtomicInteger();

    private final Set<CompletableFuture<?>> sending = ConcurrentHashMap.newKeySet();

    /**
     * Held while records are taken from the queue and handed to the transport, so that
     * close sees every trace message a flush on the timer has taken records for.
     */
    private final ReentrantLock flushing = new ReentrantLock();

    private final LongAdder written = new LongAdder();

    private final LongAdder dropped = new LongAdder();

    private final LongAdder failed = new LongAdder();

    private final WarningThrottle warnings = new WarningThrottle(Duration.ofMinutes(1));

    private volatile @Nullable ScheduledFuture<?> ticks;

    /**
     * @param options the queue capacity, batch size, flush interval and limits
     * @param transport sends trace messages
     * @param timer runs the flushes; it must not be an I/O thread
     */
    public TraceDispatcher(TraceOptions options, TraceTransport transport, ScheduledExecutorService timer) {
        this.options = options;
        this.transport = transport;
        this.timer = timer;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    }

    /** Starts flushing every flush interval. */
    public void start() {
        long interval = this.options.flushInterval().toNanos();
        this.ticks = this.timer.scheduleWithFixedDelay(this::flushSafely, interval, interval, TimeUnit.NANOSECONDS);
    }

    /**
     * Queues a record, or drops and counts it when the queue is full. Never blocks.
     * @param record the record
     */
    public void append(TraceRecord record) {
        if (!this.queue.offer(record)) {
            this.dropped.increment();
            return;
        }
        if (this.queue.size() >= this.options.batchSize() && this.inFlight.get() < this.options.maxInFlight()
                && this.flushQueued.compareAndSet(false, true)) {
            try {
                this.timer.execute(this::flushSafely);
            }
            catch (RejectedExecutionException ex) {
                this.flushQueued.set(false);
            }
        }
    }

    /**
     * @return the counters so far
     */
    public TraceStats stats() {
        return new TraceStats(this.written.sum(), this.dropped.sum(), this.failed.sum());
    }

    /**
     * @return records waiting to be sent
     */
    public int queued() {
        return this.queue.size();
    }

    /**
     * Stops the periodic flush, sends what is queued and waits up to {@code grace} for
     * trace messages in flight, those of a flush running on the timer at that moment
     * included; records still queued then are counted as dropped.
     * @param grace the longest wait
     */
    public void close(Duration grace) {
        ScheduledFuture<?> current = this.ticks;
        if (current != null) {
            current.cancel(false);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        CompletableFuture<?>[] waiting;
        this.flushing.lock();
        try {
            while (!this.queue.isEmpty()) {
                send(take());
            }
            waiting = this.sending.toArray(new CompletableFuture<?>[0]);
        }
        finally {
            this.flushing.unlock();
        }
        try {
            CompletableFuture.allOf(waiting).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (TimeoutException | java.util.concurrent.ExecutionException ex) {
            // Failures are counted where each message completes; a timeout leaves them to
            // the transport's own timeout.
        }
        int left = this.queue.size();
        this.queue.clear();
        this.dropped.add(left);
    }

    private void flushSafely() {
        this.flushQueued.set(false);
        try {
            flush();
        }
        catch (RuntimeException ex) {
            logger.debug("Flushing trace records failed", ex);
        }
    }

    /**
     * Sends what is queued, while fewer trace messages than the maximum are in flight.
     */
    void flush() {
        this.flushing.lock();
        try {
            while (!this.queue.isEmpty() && this.inFlight.get() < this.options.maxInFlight()) {
                send(take());
            }
        }
        finally {
            this.flushing.unlock();
        }
    }

    private List<TraceRecord> take() {
        List<TraceRecord> batch = new ArrayList<>(Math.min(this.options.batchSize(), this.queue.size()));
        this.queue.drainTo(batch, this.options.batchSize());
        return batch;
    }

    private void send(List<TraceRecord> batch) {
        StringBuilder body = new StringBuilder(256 * batch.size());
        Set<String> keys = new LinkedHashSet<>();
        int records = 0;
        for (TraceRecord record : batch) {
            record.appendTo(body);
            record.addKeysTo(keys);
            records++;
            // As the official dispatcher: a message goes out once its body reaches the
            // maximum size.
            if (body.length() >= this.options.maxMessageSize()) {
                sendMessage(body.toString(), keys, records);
                body.setLength(0);
                keys = new LinkedHashSet<>();
                records = 0;
            }
        }
        if (records > 0) {
            sendMessage(body.toString(), keys, records);
        }
    }

    private void sendMessage(String data, Set<String> keys, int records) {
        this.inFlight.incrementAndGet();
        CompletableFuture<?> sent;
        try {
            sent = this.transport.send(this.options.topic(), keys, data.getBytes(StandardCharsets.UTF_8));
        }
        catch (RuntimeException ex) {
            sent = CompletableFuture.failedFuture(ex);
        }
        CompletableFuture<?> tracked = sent;
        this.sending.add(tracked);
        tracked.whenComplete((ignored, failure) -> {
            this.sending.remove(tracked);
            this.inFlight.decrementAndGet();
            if (failure == null) {
                this.written.add(records);
            }
            else {
                this.failed.add(records);
                reportFailure(records, failure);
            }
        });
    }

    private void reportFailure(int records, Throwable failure) {
        long failed = this.warnings.occurred(records);
        if (failed > 0) {
            logger.warn(
                    "Trace records to topic '{}' could not be sent ({} records failed since the last warning;"
                            + " they are not retried): {}",
                    this.options.topic(), failed,
                    ((failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
                            : failure)
                        .toString());
        }
        else {
            logger.debug("Trace message of {} records to topic '{}' failed", records, this.options.topic(), failure);
        }
    }

}
