package io.liftoff.client.internal.send;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.ProducerClosedException;
import io.liftoff.client.QueueSelector;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendOptions;
import io.liftoff.client.SendResult;
import io.liftoff.client.internal.message.EncodedMessage;
import io.liftoff.client.internal.route.PublishRoute;
import io.liftoff.client.internal.trace.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * Starts sends that have a result: sync, async, ordered and batch. Each is prepared by
 * the {@link SendPreparer}, then carried out by a {@link SendOperation} (which chooses,
 * writes and retries), or for async sends under load by the {@link AsyncBatcher}; sync
 * callers wait here for the outcome. When tracing is on, each send's start is noted here
 * and the {@link Tracer} records it when its result completes.
 */
final class MessageSender {

    private final SendContext context;

    private final SendPreparer preparer;

    private final @Nullable AsyncBatcher batcher;

    /**
     * @param context what sends need
     * @param preparer prepares messages
     * @param batcher batches async sends under load; none when auto-batching is off
     */
    MessageSender(SendContext context, SendPreparer preparer, @Nullable AsyncBatcher batcher) {
        this.context = context;
        this.preparer = preparer;
        this.batcher = batcher;
    }

    SendResult send(Message message, Duration timeout) {
        PreparedSend send = this.preparer.prepare(message);
        Tracer.Started trace = traceStart(message);
        if (this.batcher != null && AsyncBatcher.batchable(message)) {
            // Alone while few requests of its topic are in flight, batched with the
            // others under concurrency (many threads, virtual ones too, sending sync).
            long start = System.nanoTime();
            int permits = this.context.limiter().acquire(send.bodyLength(), timeout.toNanos());
            return Blocking.await(
                    traced(trace, this.batcher.send(send, permits, start, timeout.toNanos(), SendMode.SYNC)), timeout);
        }
        SendOperation operation = new SendOperation(this.context, send, SendMode.SYNC, options().retries() + 1,
                timeout.toNanos())
            .deliveredByTimer(TimerMessages.of(message))
            .start();
        return Blocking.await(traced(trace, operation.result()), timeout);
    }

    CompletableFuture<SendResult> sendAsync(Message message, Duration timeout) {
        EncodedMessage encoded = this.preparer.encode(message);
        Tracer.Started trace = traceStart(message);
        return traced(trace, startAsync(message, encoded, timeout));
    }

    private CompletableFuture<SendResult> startAsync(Message message, EncodedMessage encoded, Duration timeout) {
        // A large body is compressed on the compression pool, not on the caller's thread.
        boolean offload = this.preparer.compresses(encoded);
        PreparedSend send = this.preparer.plain(message, encoded);
        long timeoutNanos = timeout.toNanos();
        long start = System.nanoTime();
        int permits = this.context.limiter().acquire(send.bodyLength(), timeoutNanos);
        if (this.batcher != null && AsyncBatcher.batchable(message)) {
            if (!offload) {
                return this.batcher.send(send, permits, start, timeoutNanos, SendMode.ASYNC);
            }
            return compressThenBatch(message, encoded, permits, start, timeoutNanos);
        }
        try {
            SendOperation operation = new SendOperation(this.context, send, SendMode.ASYNC,
                    options().asyncRetries() + 1, timeoutNanos)
                .deliveredByTimer(TimerMessages.of(message))
                .holding(permits)
                .completingOn(this.context.completionExecutor());
            if (offload) {
                this.preparer.compressOnPool(message, encoded, operation::start, operation::abandon);
            }
            else {
                operation.start();
            }
            return operation.result();
        }
        catch (RejectedExecutionException ex) {
            this.context.limiter().release(permits);
            throw notStarted(message);
        }
    }

    /**
     * Compresses a large async body on the compression pool, then hands the send to the
     * batcher.
     */
    private CompletableFuture<SendResult> compressThenBatch(Message message, EncodedMessage encoded, int permits,
            long start, long timeoutNanos) {
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        try {
            this.preparer.compressOnPool(message, encoded,
                    (compressed) -> this.batcher.send(compressed, permits, start, timeoutNanos, SendMode.ASYNC)
                        .whenComplete((sent, failure) -> {
                            if (failure != null) {
                                result.completeExceptionally(Outcomes.unwrap(failure));
                            }
                            else {
                                result.complete(sent);
                            }
                        }),
                    (failure) -> {
                        this.context.limiter().release(permits);
                        Outcomes.complete(result, null, failure, this.context.completionExecutor());
                    });
        }
        catch (RejectedExecutionException ex) {
            this.context.limiter().release(permits);
            throw notStarted(message);
        }
        return result;
    }

    SendResult sendOrderly(Message message, QueueSelector selector, @Nullable Object arg) {
        EncodedMessage encoded = this.preparer.encode(message);
        PreparedSend send = this.preparer.plain(message, encoded);
        Tracer.Started trace = traceStart(message);
        Duration timeout = options().sendTimeout();
        long start = System.nanoTime();
        PublishRoute route = Blocking.writeableRoute(this.context.routes(), send, timeout);
        MessageQueue queue = selector.select(route.writeQueues(), message, arg);
        if (queue == null || !route.writeQueues().contains(queue)) {
            throw new InvalidMessageException("Queue selector returned " + queue + ", which is not a write queue of "
                    + "topic '" + message.topic() + "'");
        }
        // Compressed once the queue is known, so that a route or selector failure leaves
        // no pooled body behind.
        PreparedSend compressed = this.preparer.compressed(message, encoded);
        long left = timeout.toNanos() - (System.nanoTime() - start);
        SendOperation operation = new SendOperation(this.context, compressed, SendMode.ORDERLY, 1, Math.max(1, left))
            .toQueue(queue)
            .deliveredByTimer(TimerMessages.of(message))
            .start();
        return Blocking.await(traced(trace, operation.result()), timeout);
    }

    SendResult sendBatch(List<Message> messages) {
        PreparedSend send = this.preparer.batch(messages);
        Tracer tracer = this.context.tracer();
        List<Tracer.Started> trace = (tracer != null) ? tracer.beginBatch(messages) : List.of();
        Duration timeout = options().sendTimeout();
        SendOperation operation = new SendOperation(this.context, send, SendMode.BATCH, options().retries() + 1,
                timeout.toNanos())
            .start();
        if (tracer != null) {
            tracer.trackBatch(trace, operation.result());
        }
        return Blocking.await(operation.result(), timeout);
    }

    /**
     * Notes the start of a traced send, when tracing is on.
     */
    private Tracer.@Nullable Started traceStart(Message message) {
        Tracer tracer = this.context.tracer();
        return (tracer != null) ? tracer.begin(message) : null;
    }

    /**
     * Has the tracer record the send when its result completes.
     */
    private CompletableFuture<SendResult> traced(Tracer.@Nullable Started trace, CompletableFuture<SendResult> result) {
        Tracer tracer = this.context.tracer();
        return (tracer != null) ? tracer.track(trace, result) : result;
    }

    private SendOptions options() {
        return this.context.options();
    }

    private static ProducerClosedException notStarted(Message message) {
        return new ProducerClosedException(
                "Producer is closed; async send to topic '" + message.topic() + "' not started");
    }

}
