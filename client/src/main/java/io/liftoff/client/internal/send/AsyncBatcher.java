package io.liftoff.client.internal.send;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.AutoBatchOptions;
import io.liftoff.client.Message;
import io.liftoff.client.ProducerListener.SendEvent;
import io.liftoff.client.SendFailedException;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendResult;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.message.SysFlag;
import io.liftoff.client.internal.remoting.PooledBody;
import org.jspecify.annotations.Nullable;

/**
 * Sends async messages alone while few requests of their topic are in flight, and in
 * batches beyond that (see {@link AutoBatchOptions}). Per topic, a lane counts the
 * requests in flight and holds the messages waiting for one of them to end; when one
 * ends, the waiting messages go out as one batch request, and a full batch goes out at
 * once. Every message waiting is therefore behind a request in flight, so none waits
 * forever. Messages whose bodies are compressed have lanes of their own: a batch's
 * {@code sysFlag} marks every body in it as compressed. Thread-safe.
 */
final class AsyncBatcher {

    /** The sysFlag bits that say a body is compressed, and with which codec. */
    private static final int COMPRESSION_BITS = SysFlag.COMPRESSED | SysFlag.COMPRESSION_TYPE_MASK;

    /** Requests of a topic in flight before its sync sends are batched: 32. */
    static final int SYNC_REQUESTS_BEFORE_BATCHING = 32;

    private final SendContext context;

    private final AutoBatchOptions options;

    private final int maxBytes;

    private final int maxAttempts;

    private final int syncAttempts;

    private final ConcurrentHashMap<String, TopicLanes> lanes = new ConcurrentHashMap<>();

    /**
     * Creates a batcher; a message sent alone has the retries of its mode, a batch the
     * most of its messages' modes, within the maximum message size; async futures
     * complete on the completion executor, sync ones on the thread that ends them (the
     * caller waits for it).
     * @param context what sends need
     * @param options when and how much to batch
     */
    AsyncBatcher(SendContext context, AutoBatchOptions options) {
        this.context = context;
        this.options = options;
        this.maxBytes = Math.min(options.maxBytes(), context.options().maxMessageSize());
        this.maxAttempts = context.options().asyncRetries() + 1;
        this.syncAttempts = context.options().retries() + 1;
    }

    /**
     * Tells whether a message may travel in a batch: not delayed and waiting for the
     * store.
     * @param message the message
     * @return whether it may be batched
     */
    static boolean batchable(Message message) {
        return !message.isDelayed() && message.waitStoreMsgOk();
    }

    /**
     * Sends one message, alone or in a batch. Compressed messages are batched with
     * compressed ones only.
     * @param send the message in its final form (body compressed or not), not a batch
     * @param permits the in-flight permits it holds, given back when it ends
     * @param startNanos when the send started
     * @param timeoutNanos its send timeout, from {@code startNanos}
     * @param mode {@code ASYNC}, or {@code SYNC} for a caller that waits for the result
     * @return its result
     */
    CompletableFuture<SendResult> send(PreparedSend send, int permits, long startNanos, long timeoutNanos,
            SendMode mode) {
        TopicLanes topic = this.lanes.computeIfAbsent(send.wireTopic(), (name) -> new TopicLanes());
        Lane lane = (send.pooledBody() != null) ? topic.compressed : topic.plain;
        Waiting waiting = null;
        List<Waiting> full = null;
        List<Waiting> fuller = null;
        synchronized (lane) {
            if (lane.waiting.isEmpty() && lane.inFlight < requestsBeforeBatching(mode)) {
                lane.inFlight++;
            }
            else {
                waiting = new Waiting(send, permits, startNanos, timeoutNanos, mode);
                int size = MessageEncoder.batchRecordLength(send.bodyLength(), send.properties().length);
                if (!lane.waiting.isEmpty() && lane.bytes + size > this.maxBytes) {
                    full = lane.drain();
                }
                lane.add(waiting, size);
                if (lane.waiting.size() >= this.options.maxMessages()) {
                    fuller = lane.drain();
                }
            }
        }
        if (waiting == null) {
            SendOperation operation = new SendOperation(this.context, send, mode, attempts(mode),
                    Math.max(1, startNanos + timeoutNanos - System.nanoTime()))
                .holding(permits)
                .completingOn(completion(mode))
                .whenEnded(() -> ended(lane));
            operation.start();
            return operation.result();
        }
        if (full != null) {
            sendBatch(lane, full);
        }
        if (fuller != null) {
            sendBatch(lane, fuller);
        }
        return waiting.result;
    }

    /** A request of the lane ended: what waits goes out now, as one batch. */
    private void ended(Lane lane) {
        List<Waiting> next = null;
        synchronized (lane) {
            lane.inFlight--;
            if (!lane.waiting.isEmpty() && lane.inFlight < this.options.requestsBeforeBatching()) {
                next = lane.drain();
            }
        }
        if (next != null) {
            sendBatch(lane, next);
        }
    }

    /**
     * Sends messages taken from the lane (counted in flight) as one request, or ends the
     * lane's request at once. Kept in small steps, each loop in a method of its own: one
     * large method here cost the JIT compiler seconds of CPU in a producer's first minute
     * (measured: 3.7 s of C2 time for this method alone).
     */
    private void sendBatch(Lane lane, List<Waiting> batch) {
        long now = System.nanoTime();
        List<Waiting> live = unexpired(batch, now);
        if (live.isEmpty()) {
            ended(lane);
            return;
        }
        SendOperation operation = (live.size() == 1) ? alone(lane, live.get(0), now) : batched(lane, live, now);
        if (operation != null) {
            operation.start();
        }
    }

    /** Ends the messages whose deadline passed while they waited; returns the others. */
    private List<Waiting> unexpired(List<Waiting> batch, long now) {
        List<Waiting> live = null;
        for (int i = 0; i < batch.size(); i++) {
            Waiting waiting = batch.get(i);
            if (waiting.deadlineNanos - now <= 0) {
                if (live == null) {
                    live = new ArrayList<>(batch.subList(0, i));
                }
                complete(waiting, null, expired(waiting, now), 0, null, now);
            }
            else if (live != null) {
                live.add(waiting);
            }
        }
        return (live != null) ? live : batch;
    }

    /** The operation of the one message left of a batch: it goes as itself. */
    private SendOperation alone(Lane lane, Waiting alone, long now) {
        SendOperation operation = new SendOperation(this.context, alone.send, alone.mode, attempts(alone.mode),
                alone.deadlineNanos - now)
            .whenEnded(() -> ended(lane))
            .withoutSendEvent();
        operation.result()
            .whenComplete(
                    (result, failure) -> complete(alone, result, (failure != null) ? Outcomes.unwrap(failure) : null,
                            operation.attempts(), operation.lastBroker(), System.nanoTime()));
        return operation;
    }

    /**
     * The operation of a batch request of the messages, each result split back to its
     * message; none when the batch could not be encoded (its messages and the lane's
     * request are ended then).
     */
    private @Nullable SendOperation batched(Lane lane, List<Waiting> live, long now) {
        long deadline = earliestDeadline(live);
        int attempts = mostAttempts(live);
        PreparedSend send;
        try {
            send = encode(lane, live);
        }
        catch (RuntimeException | Error ex) {
            failAll(live, ex);
            ended(lane);
            return null;
        }
        SendOperation operation = new SendOperation(this.context, send, SendMode.ASYNC, attempts, deadline - now)
            .whenEnded(() -> ended(lane))
            .withoutSendEvent();
        operation.result().whenComplete((result, failure) -> split(live, operation, result, failure));
        return operation;
    }

    /**
     * The earliest deadline of the messages: a batch's request ends by it. A loop of its
     * own: a loop in {@link #batched} made the JIT compile that whole method (about 40 KB
     * of code with what it inlines) once more, on stack, while its loop ran.
     */
    private static long earliestDeadline(List<Waiting> live) {
        long deadline = Long.MAX_VALUE;
        for (int i = 0; i < live.size(); i++) {
            deadline = Math.min(deadline, live.get(i).deadlineNanos);
        }
        return deadline;
    }

    /** The most attempts any of the messages' modes allows. */
    private int mostAttempts(List<Waiting> live) {
        int attempts = 1;
        for (int i = 0; i < live.size(); i++) {
            attempts = Math.max(attempts, attempts(live.get(i).mode));
        }
        return attempts;
    }

    /** Encodes the messages as one batch body; each compressed body alone is released. */
    private PreparedSend encode(Lane lane, List<Waiting> live) {
        int length = length(live);
        PooledBody body = this.context.transport().allocateBody(length);
        try {
            write(body.writable(), live);
            body.written(length);
        }
        catch (RuntimeException | Error ex) {
            body.release();
            throw ex;
        }
        releaseAll(live);
        PreparedSend first = live.get(0).send;
        // Every record of a compressed lane holds a body compressed with the producer's
        // one codec: the batch's sysFlag carries its compressed flag and type bits for
        // all of them.
        return new PreparedSend(first.topic(), first.wireTopic(), ids(live), MessageEncoder.batchProperties(true), null,
                body, lane.compressed ? first.sysFlag() & COMPRESSION_BITS : 0, 0, true);
    }

    private static int length(List<Waiting> live) {
        long length = 0;
        for (int i = 0; i < live.size(); i++) {
            PreparedSend one = live.get(i).send;
            length += MessageEncoder.batchRecordLength(one.bodyLength(), one.properties().length);
        }
        return (int) length;
    }

    private static void write(ByteBuffer out, List<Waiting> live) {
        for (int i = 0; i < live.size(); i++) {
            PreparedSend one = live.get(i).send;
            MessageEncoder.writeBatchRecord(out, one.flag(), one.body(),
                    (one.pooledBody() != null) ? one.pooledBody().readable() : null, one.properties());
        }
    }

    /** The messages' ids, comma-joined. */
    private static String ids(List<Waiting> live) {
        StringBuilder ids = new StringBuilder(live.size() * 33);
        for (int i = 0; i < live.size(); i++) {
            if (i > 0) {
                ids.append(',');
            }
            ids.append(live.get(i).send.messageId());
        }
        return ids.toString();
    }

    /** Copied into the batch: a compressed body alone is not needed any more. */
    private static void releaseAll(List<Waiting> live) {
        for (int i = 0; i < live.size(); i++) {
            releaseBody(live.get(i).send);
        }
    }

    /**
     * Gives back a message's compressed body, if it has one. The check is made here
     * rather than only in {@link PreparedSend#release()}, whose profile also sees the
     * pooled bodies of whole batches: here the JIT sees it fail for plain messages and
     * leaves the buffer pool's free path out of the per-message loops (it had inlined it,
     * and C2 spent 3.7 s compiling this loop and 4.2 s the result split in a run's first
     * seconds, measured with JFR).
     */
    private static void releaseBody(PreparedSend send) {
        if (send.pooledBody() != null) {
            send.release();
        }
    }

    /** Ends every message of a batch with its own share of the batch's result. */
    private void split(List<Waiting> live, SendOperation operation, @Nullable SendResult result,
            @Nullable Throwable failure) {
        long end = System.nanoTime();
        Throwable cause = (failure != null) ? Outcomes.unwrap(failure) : null;
        String[] offsetIds = (result != null) ? offsetIds(result.offsetMessageId(), live.size()) : null;
        int attempts = operation.attempts();
        String broker = operation.lastBroker();
        for (int i = 0; i < live.size(); i++) {
            Waiting waiting = live.get(i);
            SendResult own = (result != null) ? new SendResult(result.status(), waiting.send.messageId(),
                    (offsetIds != null) ? offsetIds[i] : null, result.queue(),
                    (result.queueOffset() >= 0) ? result.queueOffset() + i : -1, result.transactionId(),
                    result.regionId()) : null;
            complete(waiting, own, cause, attempts, broker, end);
        }
    }

    /**
     * Splits the broker's comma-joined offset message ids of a batch, one per message;
     * none unless there are exactly as many as messages.
     * @param joined the ids, comma-joined
     * @param count the messages of the batch
     * @return the ids, or none
     */
    static String @Nullable [] offsetIds(@Nullable String joined, int count) {
        if (joined == null) {
            return null;
        }
        String[] ids = new String[count];
        int from = 0;
        for (int i = 0; i < count; i++) {
            int comma = joined.indexOf(',', from);
            boolean last = i == count - 1;
            if (last != (comma < 0)) {
                return null;
            }
            int to = last ? joined.length() : comma;
            ids[i] = joined.substring(from, to);
            from = to + 1;
        }
        return ids;
    }

    private void failAll(List<Waiting> live, Throwable failure) {
        long now = System.nanoTime();
        for (int i = 0; i < live.size(); i++) {
            complete(live.get(i), null, failure, 0, null, now);
        }
    }

    private SendFailedException expired(Waiting waiting, long now) {
        long budget = TimeUnit.NANOSECONDS.toMillis(waiting.deadlineNanos - waiting.startNanos);
        return new SendFailedException(waiting.send.topic(),
                "Send to topic '" + waiting.send.topic() + "' failed " + "after 0 attempts: send timeout of " + budget
                        + " ms used up after " + TimeUnit.NANOSECONDS.toMillis(now - waiting.startNanos)
                        + " ms waiting to be batched",
                List.of(), null);
    }

    /**
     * Ends one message: its body and permits back, its send event, then its future (on
     * the completion executor).
     */
    private void complete(Waiting waiting, @Nullable SendResult result, @Nullable Throwable failure, int attempts,
            @Nullable String broker, long endNanos) {
        releaseBody(waiting.send);
        this.context.limiter().release(waiting.permits);
        if (this.context.hasListener()) {
            this.context.listener()
                .sendFinished(new SendEvent(waiting.send.topic(), broker, waiting.mode, attempts,
                        endNanos - waiting.startNanos, waiting.send.bodyLength(), result, failure));
        }
        Outcomes.complete(waiting.result, result, failure, completion(waiting.mode));
    }

    /**
     * A batched sync caller waits for the request ahead to end, then for its batch: two
     * round trips, slower than going alone until the broker would queue the requests
     * (measured: 8 threads of sync sends lost 10% batched after 4 requests).
     */
    private int requestsBeforeBatching(SendMode mode) {
        return (mode == SendMode.SYNC) ? Math.max(this.options.requestsBeforeBatching(), SYNC_REQUESTS_BEFORE_BATCHING)
                : this.options.requestsBeforeBatching();
    }

    private int attempts(SendMode mode) {
        return (mode == SendMode.SYNC) ? this.syncAttempts : this.maxAttempts;
    }

    /** Where a result completes: a sync caller is woken by the thread that ends it. */
    private @Nullable Executor completion(SendMode mode) {
        return (mode == SendMode.SYNC) ? null : this.context.completionExecutor();
    }

    /**
     * The two lanes of a topic: messages with plain bodies and messages with compressed
     * ones.
     */
    private static final class TopicLanes {

        final Lane plain = new Lane(false);

        final Lane compressed = new Lane(true);

    }

    /**
     * The async sends of one topic: requests in flight and messages waiting for a batch.
     */
    private static final class Lane {

        final boolean compressed;

        int inFlight;

        List<Waiting> waiting = new ArrayList<>();

        int bytes;

        Lane(boolean compressed) {
            this.compressed = compressed;
        }

        void add(Waiting message, int size) {
            this.waiting.add(message);
            this.bytes += size;
        }

        /** Takes every waiting message for one request, counted in flight from now. */
        List<Waiting> drain() {
            List<Waiting> batch = this.waiting;
            this.waiting = new ArrayList<>();
            this.bytes = 0;
            this.inFlight++;
            return batch;
        }

    }

    /** One send waiting for a batch. */
    private static final class Waiting {

        final PreparedSend send;

        final SendMode mode;

        final int permits;

        final long startNanos;

        final long deadlineNanos;

        final CompletableFuture<SendResult> result = new CompletableFuture<>();

        Waiting(PreparedSend send, int permits, long startNanos, long timeoutNanos, SendMode mode) {
            this.send = send;
            this.mode = mode;
            this.permits = permits;
            this.startNanos = startNanos;
            this.deadlineNanos = startNanos + timeoutNanos;
        }

    }

}
