package io.liftoff.client.internal.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.liftoff.client.Message;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.client.TraceStats;
import org.jspecify.annotations.Nullable;

/**
 * Turns sends into {@code Pub} trace records, as the official client's
 * {@code SendMessageTraceHookImpl} does: {@link #begin(Message)} where a send starts
 * (timestamp, topic, tags, keys, body length, type), then, when it ends with a result,
 * the message id, offset id, region, store host, cost and success, handed to the
 * {@link TraceDispatcher}. A send that fails without a result is not traced (the official
 * hook skips it too), nor is a send to the trace topic itself. Recording only builds a
 * small record and queues it, so it may run on an I/O thread.
 */
public final class Tracer {

    /** The region recorded when the broker named none: RocketMQ's default region. */
    static final String DEFAULT_REGION = "DefaultRegion";

    private final String group;

    private final String traceTopic;

    private final Function<String, @Nullable String> brokerAddresses;

    private final LongSupplier clock;

    private final TraceDispatcher dispatcher;

    private volatile String lastRegion = DEFAULT_REGION;

    /**
     * @param group the producer group, without namespace
     * @param traceTopic the trace topic as the application names it
     * @param brokerAddresses a broker name's master address (the store host)
     * @param clock epoch milliseconds
     * @param dispatcher queues and sends records
     */
    public Tracer(String group, String traceTopic, Function<String, @Nullable String> brokerAddresses,
            LongSupplier clock, TraceDispatcher dispatcher) {
        this.group = group;
        this.traceTopic = traceTopic;
        this.brokerAddresses = brokerAddresses;
        this.clock = clock;
        this.dispatcher = dispatcher;
    }

    /**
     * Notes what a send's record needs from its message, when the send starts.
     * @param message the message
     * @return the start of its record; none for a message to the trace topic
     */
    public @Nullable Started begin(Message message) {
        if (message.topic().startsWith(this.traceTopic)) {
            return null;
        }
        byte[] body = message.body();
        return new Started(this.clock.getAsLong(), message.topic(), message.tag(),
                message.keys().isEmpty() ? null : String.join(" ", message.keys()), (body != null) ? body.length : 0,
                message.isDelayed() ? TraceRecord.DELAY : TraceRecord.NORMAL);
    }

    /**
     * Records a send when its result completes; a failed send leaves no record. The
     * caller gets a future that completes once the record is queued, so that a caller who
     * saw every send complete and then closes the producer finds every record queued.
     * @param started the send's start, none when not traced
     * @param result its result
     * @return the result to give the caller: completes as {@code result} does, after the
     * record is queued
     */
    public CompletableFuture<SendResult> track(@Nullable Started started, CompletableFuture<SendResult> result) {
        if (started == null) {
            return result;
        }
        CompletableFuture<SendResult> traced = new CompletableFuture<>();
        result.whenComplete((sent, failure) -> {
            try {
                if (sent != null) {
                    completed(started, sent, sent.messageId(), sent.offsetMessageId());
                }
            }
            finally {
                if (failure != null) {
                    traced.completeExceptionally(failure);
                }
                else {
                    traced.complete(sent);
                }
            }
        });
        return traced;
    }

    /**
     * Notes the start of each message of a batch.
     * @param messages the batch
     * @return each message's start; empty when none is traced
     */
    public List<Started> beginBatch(List<Message> messages) {
        List<Started> started = new ArrayList<>(messages.size());
        for (Message message : messages) {
            Started one = begin(message);
            if (one == null) {
                return List.of();
            }
            started.add(one);
        }
        return started;
    }

    /**
     * Records each message of a batch when the batch's result completes: one record per
     * message, with its own id (the official client writes one record for the batch, with
     * the ids comma-joined).
     * @param started each message's start
     * @param result the batch's result, its ids comma-joined
     */
    public void trackBatch(List<Started> started, CompletableFuture<SendResult> result) {
        if (started.isEmpty()) {
            return;
        }
        result.whenComplete((sent, failure) -> {
            if (sent == null) {
                return;
            }
            String[] ids = sent.messageId().split(",");
            String offsetIds = sent.offsetMessageId();
            String[] offsets = (offsetIds != null) ? offsetIds.split(",") : new String[0];
            for (int i = 0; i < started.size(); i++) {
                completed(started.get(i), sent, (i < ids.length) ? ids[i] : sent.messageId(),
                        (offsets.length == ids.length && i < offsets.length) ? offsets[i] : offsetIds);
            }
        });
    }

    /**
     * Records a oneway send the broker took (or was handed): no offset id, the region
     * last seen.
     * @param started the send's start, none when not traced
     * @param messageId its client message id
     * @param address the broker address it went to
     */
    public void oneway(@Nullable Started started, String messageId, String address) {
        if (started != null) {
            this.dispatcher.append(new TraceRecord(started.timestamp(), this.lastRegion, this.group, started.topic(),
                    messageId, started.tags(), started.keys(), address, started.bodyLength(), cost(started),
                    started.messageType(), null, true));
        }
    }

    /**
     * @return the counters so far
     */
    public TraceStats stats() {
        return this.dispatcher.stats();
    }

    /** Starts flushing records. */
    public void start() {
        this.dispatcher.start();
    }

    /**
     * Sends what is queued and waits up to {@code grace} for it.
     * @param grace the longest wait
     */
    public void close(Duration grace) {
        this.dispatcher.close(grace);
    }

    private void completed(Started started, SendResult sent, String messageId, @Nullable String offsetMessageId) {
        String region = sent.regionId();
        if (region == null || region.isEmpty()) {
            region = this.lastRegion;
        }
        else if (!region.equals(this.lastRegion)) {
            this.lastRegion = region;
        }
        String address = this.brokerAddresses.apply(sent.queue().brokerName());
        this.dispatcher
            .append(new TraceRecord(started.timestamp(), region, this.group, started.topic(), messageId, started.tags(),
                    started.keys(), (address != null) ? address : sent.queue().brokerName(), started.bodyLength(),
                    cost(started), started.messageType(), offsetMessageId, sent.status() == SendStatus.SEND_OK));
    }

    private long cost(Started started) {
        return Math.max(0, this.clock.getAsLong() - started.timestamp());
    }

    /**
     * What a record needs from a message, taken when its send starts.
     *
     * @param timestamp when the send started, epoch milliseconds
     * @param topic the topic as the application names it
     * @param tags the tag, if any
     * @param keys the keys joined by spaces, if any
     * @param bodyLength the body's length
     * @param messageType the official message type ordinal
     */
    public record Started(long timestamp, String topic, @Nullable String tags, @Nullable String keys, int bodyLength,
            int messageType) {
    }

}
