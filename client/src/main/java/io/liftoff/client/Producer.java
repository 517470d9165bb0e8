package io.liftoff.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A RocketMQ producer. Thread-safe: share one per application and group. Build it,
 * {@link #start()} it, send, and {@link #close()} it.
 *
 * <pre>{@code
 * try (Producer producer = Producer.builder().nameServer("127.0.0.1:9876").group("orders").build()) {
 *     producer.start();
 *     SendResult result = producer.send(Message.of("orders", bytes));
 * }
 * }</pre>
 *
 * Every send validates the message before any network I/O
 * ({@link InvalidMessageException}), looks the topic's route up (cached), picks a queue
 * avoiding isolated brokers, and for sync, async and batch sends retries on another
 * broker within the send timeout (see {@link SendOptions} for which failures retry).
 */
public interface Producer extends AutoCloseable {

    /**
     * Starts building a producer.
     * @return a builder
     */
    static ProducerBuilder builder() {
        return new ProducerBuilder();
    }

    /**
     * Starts background work (route refresh, broker probes, heartbeats). Sends are
     * accepted from now on. Does not need a NameServer to be reachable.
     * @throws IllegalStateException when already started or closed
     */
    void start();

    /**
     * Sends a message and waits for the broker's answer, retrying on other brokers within
     * the send timeout.
     * @param message the message
     * @return the result
     * @throws InvalidMessageException when the message breaks a rule (nothing was sent)
     * @throws SendFailedException when every attempt failed, naming each
     * @throws RouteNotFoundException when the topic has no route
     * @throws ProducerClosedException when the producer is not running
     */
    SendResult send(Message message);

    /**
     * Sends a message with its own time budget.
     * @param message the message
     * @param timeout the budget for all attempts
     * @return the result
     * @see #send(Message)
     */
    SendResult send(Message message, Duration timeout);

    /**
     * Sends a message without blocking on I/O. The caller blocks only when too many sends
     * are in flight ({@link AsyncLimits}), at most for the send timeout. The future
     * completes on a Liftoff I/O thread unless a callback executor was configured: do not
     * block in its callbacks.
     * @param message the message
     * @return a future completed with the result, or exceptionally with the same
     * exceptions as {@link #send(Message)}
     * @throws InvalidMessageException when the message breaks a rule (nothing was sent)
     * @throws BackpressureException when no room came within the send timeout (too many
     * sends, or body bytes, in flight): nothing was sent
     */
    CompletableFuture<SendResult> sendAsync(Message message);

    /**
     * Sends a message asynchronously with its own time budget (retries included; also the
     * longest wait for room when too many sends are in flight).
     * @param message the message
     * @param timeout the budget
     * @return a future, as {@link #sendAsync(Message)}
     */
    CompletableFuture<SendResult> sendAsync(Message message, Duration timeout);

    /**
     * Sends a message without waiting for an answer: one attempt, no retries. Returns as
     * soon as the request is handed to an I/O thread (blocking only while too many sends
     * are in flight, see {@link AsyncLimits}). A request that cannot be written is not
     * reported to the caller: it isolates the broker and reaches the
     * {@link ProducerListener}, like the official client's oneway sends. Unlike them, a
     * producer cannot outrun a broker: one oneway send in 128 asks for an answer, and at
     * most 1,024 sends to one broker wait for that confirmation, so a broker too slow to
     * store them slows the caller down instead of dropping its messages.
     * @param message the message
     * @throws InvalidMessageException when the message breaks a rule
     * @throws RouteNotFoundException when the topic has no route
     * @throws BackpressureException when no room came within the send timeout (too many
     * sends in flight, or the broker has not confirmed earlier oneway sends)
     */
    void sendOneway(Message message);

    /**
     * Sends a message to the queue its key hashes to, so that messages with one key are
     * stored in send order. One attempt: never retried onto another queue.
     * @param message the message
     * @param hashKey the ordering key (its {@code hashCode} picks the queue)
     * @return the result
     */
    SendResult sendOrderly(Message message, Object hashKey);

    /**
     * Sends a message to the queue a selector chooses. One attempt.
     * @param message the message
     * @param selector chooses the queue
     * @param arg passed to the selector as it is, absent when the selector needs none
     * @return the result
     */
    SendResult sendOrderly(Message message, QueueSelector selector, @Nullable Object arg);

    /**
     * Sends a request and waits for its reply, as the official client's
     * {@code DefaultMQProducer.request}: the message gets a fresh {@code CORRELATION_ID},
     * this producer's client id ({@code REPLY_TO_CLIENT}) and the timeout ({@code TTL});
     * every master of the topic gets a heartbeat of this producer first (the broker that
     * takes the reply pushes it on that connection); the request is then sent as a sync
     * send. A consumer of the topic replies, for example with the official
     * {@code MessageUtil.createReplyMessage}, to its cluster's
     * {@code <cluster>_REPLY_TOPIC}.
     * @param message the request
     * @param timeout the longest wait, for the send and the reply together
     * @return the reply
     * @throws InvalidMessageException when the message breaks a rule, or the timeout is
     * not positive (nothing was sent)
     * @throws ReplyTimeoutException when no reply came within the timeout
     * @throws BackpressureException when {@link ReplyOptions#maxPendingRequests()}
     * requests already wait (nothing was sent)
     * @throws SendFailedException when the request could not be sent
     * @throws ProducerClosedException when the producer is not running or closes while
     * the request waits
     */
    ReplyMessage request(Message message, Duration timeout);

    /**
     * Sends a request without blocking; see {@link #request(Message, Duration)}. The
     * future completes on a Liftoff thread: do not block in its callbacks.
     * @param message the request
     * @param timeout the longest wait, for the send and the reply together
     * @return a future completed with the reply, or exceptionally with the exceptions of
     * {@link #request(Message, Duration)} that come after the send started
     * @throws InvalidMessageException when the message breaks a rule (nothing was sent)
     * @throws BackpressureException when too many requests already wait
     */
    CompletableFuture<ReplyMessage> requestAsync(Message message, Duration timeout);

    /**
     * Cancels a timer message before its delivery time: sends {@code RECALL_MESSAGE} to
     * the master of the broker the handle names, waiting up to the send timeout. Needs a
     * RocketMQ 5.3.2+ broker with {@code recallMessageEnable=true} (off by default).
     * @param topic the message's topic
     * @param recallHandle {@link SendResult#recallHandle()} of the message
     * @return the recalled message's id
     * @throws InvalidMessageException when the handle is absent (only timer messages get
     * one), unreadable, or for another topic (nothing was sent)
     * @throws RecallFailedException when the broker refused, saying why and what to do
     * (recall off on the broker, message already due, ...)
     * @throws RouteNotFoundException when the topic or the handle's broker has no route
     * @throws ProducerClosedException when the producer is not running
     */
    String recall(String topic, String recallHandle);

    /**
     * Sends several messages of one topic in one request (never compressed), with retries
     * as a sync send.
     * @param messages the messages, same topic, none delayed
     * @return the result; its message id holds the ids of every message, comma-joined
     */
    SendResult sendBatch(List<Message> messages);

    /**
     * Sends a transactional message: the broker stores it as a half message that no
     * consumer sees, then {@code listener} runs the local transaction on this thread, and
     * its outcome commits the message (consumers see it) or rolls it back (nobody ever
     * does). The half message is sent as a sync send, with its retries; the decision goes
     * to the broker that stored it as a oneway request. When the local transaction throws
     * or returns {@link LocalTransactionState#UNKNOWN}, the broker later asks
     * {@code listener}'s {@link TransactionListener#checkLocalTransaction} (or, when it
     * is forgotten, for example after a restart, the builder's
     * {@link ProducerBuilder#transactionListener(TransactionListener)}) until it answers.
     * A half message stored without {@link SendStatus#SEND_OK} is rolled back without
     * running the local transaction, as the official client does.
     * @param message the message; it may not be delayed
     * @param listener runs the local transaction and answers the broker's checks of this
     * message
     * @param arg passed to {@link TransactionListener#executeLocalTransaction} as it is;
     * absent when it needs none
     * @return the half message's send result and the decision sent; what the local
     * transaction threw is in {@link TransactionResult#localFailure()}, not rethrown
     * @throws InvalidMessageException when the message breaks a rule or is delayed
     * (nothing was sent)
     * @throws IllegalArgumentException when the listener implements neither
     * {@code executeLocalTransaction} method (a lambda only answers checks; nothing was
     * sent)
     * @throws SendFailedException when every attempt to send the half message failed (the
     * local transaction did not run)
     * @throws RouteNotFoundException when the topic has no route
     * @throws ProducerClosedException when the producer is not running
     */
    TransactionResult sendInTransaction(Message message, TransactionListener listener, @Nullable Object arg);

    /**
     * Looks up the topic's route now (a NameServer request unless cached) and returns its
     * write queues.
     * @param topic the topic
     * @return the write queues in selection order
     */
    List<MessageQueue> writeQueues(String topic);

    /**
     * @return an immutable view of routes, broker health and sends in flight
     */
    ProducerSnapshot snapshot();

    /**
     * Asks every NameServer a cheap question at once (a route look-up of the default
     * topic) and returns their states, never blocking longer than {@code timeout}: a
     * NameServer that did not answer in time is reported unreachable. Sends no message.
     * Meant for health checks. The default returns the last known states.
     * @param timeout the longest wait
     * @return each NameServer's state, in configured order
     */
    default List<ProducerSnapshot.NameServerState> checkNameServers(Duration timeout) {
        return snapshot().nameServers();
    }

    /**
     * Counts what message trace ({@link ProducerBuilder#trace(TraceOptions)}) wrote,
     * dropped and failed to send so far. The default reports nothing traced.
     * @return the counters; {@link TraceStats#NONE} while tracing is off
     */
    default TraceStats traceStats() {
        return TraceStats.NONE;
    }

    /**
     * Refreshes every cached route now.
     * @return a future completed when the refresh finished
     */
    CompletableFuture<Void> refreshRoutes();

    /**
     * Stops taking sends, waits up to {@code grace} for async sends in flight, fails the
     * rest, unregisters from the brokers and releases every thread and connection.
     * @param grace how long to wait for sends in flight
     */
    void close(Duration grace);

    /** Closes with the builder's close grace period (default 5 s). */
    @Override
    void close();

}
