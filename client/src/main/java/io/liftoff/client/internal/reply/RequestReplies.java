package io.liftoff.client.internal.reply;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import io.liftoff.client.ReplyMessage;

/**
 * What a request does, in order, as the official client's
 * {@code DefaultMQProducerImpl.request}: checks and encodes the message with a fresh
 * {@code CORRELATION_ID}, the requester's client id ({@code REPLY_TO_CLIENT}) and the
 * timeout ({@code TTL}); waits in the {@link PendingReplies} table from then on; makes
 * sure every master of the topic has a heartbeat of this producer (the broker that takes
 * the reply finds the requester's connection by that client id); then sends the request.
 * A failed send fails the request at once; otherwise it ends with its reply or at its
 * deadline.
 */
public final class RequestReplies {

    static final String REPLY_TO_CLIENT = "REPLY_TO_CLIENT";

    static final String TTL = "TTL";

    private final PendingReplies pending;

    private final RequestChannel channel;

    private final String clientId;

    /**
     * @param pending the requests waiting
     * @param channel the producer's send path
     * @param clientId the client id this producer heartbeats with
     */
    public RequestReplies(PendingReplies pending, RequestChannel channel, String clientId) {
        this.pending = pending;
        this.channel = channel;
        this.clientId = clientId;
    }

    /**
     * Sends a request and returns its reply without blocking.
     * @param message the request
     * @param timeout the longest wait, for the send and the reply together
     * @return a future completed with the reply, or exceptionally with a
     * {@link io.liftoff.client.ReplyTimeoutException} at the deadline, or with why the
     * send failed
     * @throws InvalidMessageException when the message breaks a rule (nothing was sent)
     * @throws io.liftoff.client.BackpressureException when too many requests wait
     */
    public CompletableFuture<ReplyMessage> requestAsync(Message message, Duration timeout) {
        if (message == null) {
            throw new InvalidMessageException("Request message must not be null");
        }
        long timeoutMillis = Math.max(1, timeout.toMillis());
        String correlationId = UUID.randomUUID().toString();
        Map<String, String> properties = new LinkedHashMap<>(4);
        properties.put(ReplyReceiver.CORRELATION_ID, correlationId);
        properties.put(REPLY_TO_CLIENT, this.clientId);
        properties.put(TTL, Long.toString(timeoutMillis));
        RequestChannel.Prepared request = this.channel.prepare(message, properties);
        long start = System.nanoTime();
        CompletableFuture<ReplyMessage> reply = this.pending.register(correlationId, message.topic(), timeoutMillis);
        this.channel.registerOn(message.topic()).thenCompose((registered) -> {
            Duration left = timeout.minusNanos(System.nanoTime() - start);
            if (!this.pending.isPending(correlationId) || left.isNegative() || left.isZero()) {
                return CompletableFuture.completedFuture(null);
            }
            return request.send(left);
        }).whenComplete((result, error) -> {
            if (error != null) {
                this.pending.fail(correlationId, unwrap(error));
            }
        });
        return reply;
    }

    /**
     * Fails every waiting request: the producer closes.
     * @param group the producer's group, for the message
     */
    public void close(String group) {
        this.pending.closeAll(group);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

}
