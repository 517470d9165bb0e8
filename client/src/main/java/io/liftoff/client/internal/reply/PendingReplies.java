package io.liftoff.client.internal.reply;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.liftoff.client.BackpressureException;
import io.liftoff.client.ProducerClosedException;
import io.liftoff.client.ReplyMessage;
import io.liftoff.client.ReplyTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Requests waiting for their reply, by correlation id, each with its deadline on the
 * producer's timer. Bounded: a request beyond the limit is refused before it is sent.
 * Every request leaves the table exactly once: replied, failed, timed out or closed.
 */
public final class PendingReplies {

    private final ConcurrentHashMap<String, Pending> table = new ConcurrentHashMap<>();

    private final AtomicInteger size = new AtomicInteger();

    private final int capacity;

    private final ScheduledExecutorService timer;

    /**
     * @param capacity the largest number of requests waiting at once
     * @param timer where deadlines run
     */
    public PendingReplies(int capacity, ScheduledExecutorService timer) {
        this.capacity = capacity;
        this.timer = timer;
    }

    /**
     * Adds a request and starts its deadline.
     * @param correlationId the request's correlation id, fresh
     * @param topic its topic, for the timeout's message
     * @param timeoutMillis how long it waits for its reply
     * @return a future completed with the reply, or exceptionally with a
     * {@link ReplyTimeoutException} at the deadline
     * @throws BackpressureException when the table is full
     */
    public CompletableFuture<ReplyMessage> register(String correlationId, String topic, long timeoutMillis) {
        if (this.size.incrementAndGet() > this.capacity) {
            this.size.decrementAndGet();
            throw new BackpressureException("Request to topic '" + topic + "' refused: " + this.capacity
                    + " requests already wait for their reply (ReplyOptions.maxPendingRequests); "
                    + "wait for replies, shorten request timeouts or raise the limit");
        }
        Pending pending = new Pending(topic);
        this.table.put(correlationId, pending);
        pending.deadline = this.timer.schedule(
                () -> fail(correlationId, new ReplyTimeoutException(topic, timeoutMillis)), timeoutMillis,
                TimeUnit.MILLISECONDS);
        return pending.reply;
    }

    /**
     * Completes a request with its reply.
     * @param correlationId the reply's correlation id
     * @param reply the reply
     * @return whether a request was waiting for it
     */
    public boolean complete(String correlationId, ReplyMessage reply) {
        Pending pending = remove(correlationId);
        if (pending == null) {
            return false;
        }
        pending.reply.complete(reply);
        return true;
    }

    /**
     * Fails a request, if it still waits.
     * @param correlationId its correlation id
     * @param failure why it failed
     */
    public void fail(String correlationId, Throwable failure) {
        Pending pending = remove(correlationId);
        if (pending != null) {
            pending.reply.completeExceptionally(failure);
        }
    }

    /**
     * @param correlationId a correlation id
     * @return whether that request still waits
     */
    public boolean isPending(String correlationId) {
        return this.table.containsKey(correlationId);
    }

    /**
     * @return how many requests wait
     */
    public int size() {
        return this.size.get();
    }

    /**
     * Fails every waiting request with a {@link ProducerClosedException}.
     * @param group the producer's group, for the message
     */
    public void closeAll(String group) {
        for (String correlationId : this.table.keySet()) {
            Pending pending = this.table.get(correlationId);
            if (pending != null) {
                fail(correlationId, new ProducerClosedException("Producer of group '" + group
                        + "' closed while a request to topic '" + pending.topic + "' waited for its reply"));
            }
        }
    }

    private @Nullable Pending remove(String correlationId) {
        Pending pending = this.table.remove(correlationId);
        if (pending == null) {
            return null;
        }
        this.size.decrementAndGet();
        ScheduledFuture<?> deadline = pending.deadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
        return pending;
    }

    private static final class Pending {

        private final String topic;

        private final CompletableFuture<ReplyMessage> reply = new CompletableFuture<>();

        private volatile @Nullable ScheduledFuture<?> deadline;

        Pending(String topic) {
            this.topic = topic;
        }

    }

}
