package io.liftoff.spring;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import io.liftoff.client.SendResult;
import io.liftoff.client.TransactionListener;
import io.liftoff.client.TransactionResult;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.converter.MessageConversionException;

/**
 * The sends an application makes through RocketMQ, the Spring way: a destination string,
 * any payload, Spring {@link org.springframework.messaging.Message}s with headers.
 * Implemented by {@link MessageTemplate}, which the auto-configuration defines; inject
 * this interface to be able to replace it with a mock, or to wrap it in a decorator
 * (counting, auditing, routing sends) that delegates to the template.
 *
 * <pre>{@code
 * SendResult result = operations.send("orders:created", orderCreated, order.id());
 * operations.sendAsync("orders:created", orderCreated).thenAccept(...);
 * }</pre>
 *
 * <h2>Destinations</h2> {@code topic} or {@code topic:tag}, split once at the first
 * {@code ':'} as rocketmq-spring does. A message carries exactly one tag: a destination
 * such as {@code orders:created||updated} is rejected, since no consumer could match the
 * literal tag {@code created||updated} ({@code ||} combines tags only in subscriptions).
 *
 * <h2>Payloads</h2> A {@code byte[]} is sent as is (no content type); a {@code String} as
 * UTF-8 with user property {@code contentType=text/plain;charset=UTF-8}; anything else
 * through the {@link MessagePayloadConverter}, by default as JSON with the application's
 * Jackson mapper and {@code contentType=application/json}. A payload that is itself a
 * Spring {@code Message} has its payload converted so and its headers mapped by the
 * {@link RocketMQHeaderMapper} (keys, tag, delay, user properties), whichever method it
 * is passed to.
 *
 * <h2>Failures</h2> Every method throws the client's exceptions
 * ({@link io.liftoff.client.LiftoffException} and subclasses):
 * {@link InvalidMessageException} before any I/O for a message that breaks a rule (also
 * for a destination naming several tags, and a {@code null} payload),
 * {@link io.liftoff.client.SendFailedException} naming each attempt,
 * {@link io.liftoff.client.RouteNotFoundException} when no NameServer answers or the
 * topic does not exist. A payload the converter cannot write raises
 * {@link MessageConversionException}.
 *
 * @see MessageTemplate
 */
public interface MessageOperations {

    /**
     * Sends a payload and waits for the broker's answer, retrying on other brokers within
     * the send timeout.
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @return the result
     */
    SendResult send(String destination, Object payload);

    /**
     * Sends a payload with its own time budget (all attempts included).
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param timeout the budget, instead of
     * {@code rocketmq.producer.send-message-timeout}
     * @return the result
     */
    SendResult send(String destination, Object payload, Duration timeout);

    /**
     * Sends a payload with a key that indexes the message for look-up (an order id, a
     * user id).
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param key the key, without spaces; none for no key
     * @return the result
     */
    SendResult send(String destination, Object payload, @Nullable String key);

    /**
     * Sends a payload with a key and its own time budget.
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param key the key, without spaces; none for no key
     * @param timeout the budget, instead of
     * {@code rocketmq.producer.send-message-timeout}
     * @return the result
     */
    SendResult send(String destination, Object payload, @Nullable String key, Duration timeout);

    /**
     * Sends a Spring message: its payload is converted, and its headers give the keys,
     * tag, delay and user properties (see {@link RocketMQHeaderMapper}).
     * @param destination {@code topic} or {@code topic:tag}; a tag here takes precedence
     * over a {@value RocketMQHeaders#TAGS} header
     * @param message the message
     * @return the result
     */
    SendResult send(String destination, org.springframework.messaging.Message<?> message);

    /**
     * Sends a payload without blocking on I/O. The caller blocks only when too many sends
     * are in flight ({@code rocketmq.producer.async.*}). The future completes on a
     * Liftoff I/O thread: do not block in its callbacks.
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @return the result's future; completed exceptionally with the send's failure
     * @throws InvalidMessageException when the message breaks a rule (nothing was sent)
     */
    CompletableFuture<SendResult> sendAsync(String destination, Object payload);

    /**
     * Sends a payload without blocking on I/O, with its own time budget: all attempts,
     * and the longest wait for room when too many sends are in flight.
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param timeout the budget, instead of
     * {@code rocketmq.producer.send-message-timeout}
     * @return the result's future
     * @throws InvalidMessageException when the message breaks a rule (nothing was sent)
     * @see #sendAsync(String, Object)
     */
    CompletableFuture<SendResult> sendAsync(String destination, Object payload, Duration timeout);

    /**
     * Sends a payload with a key without blocking on I/O.
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param key the key, without spaces; none for no key
     * @return the result's future
     * @throws InvalidMessageException when the message breaks a rule (nothing was sent)
     * @see #sendAsync(String, Object)
     */
    CompletableFuture<SendResult> sendAsync(String destination, Object payload, @Nullable String key);

    /**
     * Sends a payload with a key without blocking on I/O, with its own time budget.
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param key the key, without spaces; none for no key
     * @param timeout the budget, instead of
     * {@code rocketmq.producer.send-message-timeout}
     * @return the result's future
     * @throws InvalidMessageException when the message breaks a rule (nothing was sent)
     * @see #sendAsync(String, Object, Duration)
     */
    CompletableFuture<SendResult> sendAsync(String destination, Object payload, @Nullable String key, Duration timeout);

    /**
     * Sends a payload without waiting for, or reading, an answer: one attempt, no
     * retries, and no way to know whether it was stored. For data that may be lost (logs,
     * metrics).
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     */
    void sendOneway(String destination, Object payload);

    /**
     * Sends a payload to the queue its hash key maps to, so that the messages of one key
     * (one order, one account) are stored, and consumed, in send order. One attempt:
     * never retried onto another queue.
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param hashKey chooses the queue by its {@code hashCode}; it is not stored as a
     * message key
     * @return the result
     */
    SendResult sendOrderly(String destination, Object payload, Object hashKey);

    /**
     * Sends a payload that consumers receive only after a delay (a RocketMQ 5.x timer
     * message; the broker's {@code timerMaxDelaySec} bounds it, 3 days by default).
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message} without a
     * {@value RocketMQHeaders#DELAY} header
     * @param delay the delay, at least 1 ms
     * @return the result
     */
    SendResult sendDelayed(String destination, Object payload, Duration delay);

    /**
     * Sends several payloads to one destination in one request. Batches are never
     * compressed, and the whole batch body must fit
     * {@code rocketmq.producer.max-message-size}.
     * @param destination {@code topic} or {@code topic:tag}, for every payload
     * @param payloads the payloads (or Spring {@code Message}s, none delayed), at least
     * one
     * @return the result; its message id lists every message's id, comma-joined
     * @throws InvalidMessageException when the collection is empty, or a message breaks a
     * rule (nothing was sent)
     */
    SendResult sendBatch(String destination, Collection<?> payloads);

    /**
     * Builds the message a send to this destination would send, without sending it: for
     * sending with the {@link io.liftoff.client.Producer} directly (with a queue
     * selector, say) or for tests.
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @return the message
     * @throws InvalidMessageException when the message breaks a rule
     */
    Message createMessage(String destination, Object payload);

    /**
     * Sends a request and waits for its reply (RocketMQ request-reply: the replier
     * answers with the official client's {@code MessageUtil.createReplyMessage}, or any
     * client that sets the reply's correlation id), then reads the reply: {@code byte[]}
     * and {@code String} (UTF-8) as they are, {@link io.liftoff.client.ReplyMessage}
     * whole, any other type with the payload converter
     * ({@link MessagePayloadConverter#read}).
     * @param <T> the reply's type
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the request's payload
     * @param replyType the reply's type
     * @param timeout how long to wait for the reply, the send included
     * @return the reply
     * @throws io.liftoff.client.ReplyTimeoutException when no reply came in time
     * @throws org.springframework.messaging.converter.MessageConversionException when the
     * reply cannot be read as {@code replyType}
     */
    <T> T sendAndReceive(String destination, Object payload, Class<T> replyType, Duration timeout);

    /**
     * Sends a request and completes with its reply, without blocking: see
     * {@link #sendAndReceive(String, Object, Class, Duration)}.
     * @param <T> the reply's type
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the request's payload
     * @param replyType the reply's type
     * @param timeout how long to wait for the reply, the send included
     * @return the reply, or the failure (completed on a Liftoff thread: do not block
     * there)
     */
    <T> CompletableFuture<T> sendAndReceiveAsync(String destination, Object payload, Class<T> replyType,
            Duration timeout);

    /**
     * Sends a transactional message: the broker stores it as a half message, then
     * {@code listener} runs the local transaction, and its outcome commits the message or
     * rolls it back (see {@link io.liftoff.client.Producer#sendInTransaction}).
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload
     * @param listener runs the local transaction and answers the broker's checks of this
     * message
     * @param arg passed to the listener as it is; absent when it needs none
     * @return the half message's send result and the decision sent
     */
    TransactionResult sendInTransaction(String destination, Object payload, TransactionListener listener,
            @Nullable Object arg);

    /**
     * Sends a transactional message whose local transaction is {@code localTransaction}:
     * run in the application's database transaction when the context has one
     * {@code PlatformTransactionManager}, and the message committed when it commits,
     * rolled back when it throws (the exception is rethrown once the broker is told). The
     * broker's later checks of the message go to the context's
     * {@link TransactionListener} bean (see {@link TransactionChecker}), which must look
     * the outcome up, for example in the database.
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload
     * @param localTransaction the local transaction
     * @return the half message's send result and the decision sent
     * @throws RuntimeException what the local transaction threw (the message is rolled
     * back)
     */
    TransactionResult sendInTransaction(String destination, Object payload, Runnable localTransaction);

}
