package io.liftoff.spring;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.liftoff.client.Message;
import io.liftoff.client.SendResult;

/**
 * A {@link MessageOperations} decorator for tests: counts the sends made through it (not
 * {@link #createMessage}) and delegates each to another implementation.
 */
public final class CountingMessageOperations implements MessageOperations {

    private final MessageOperations delegate;

    private final AtomicInteger sends = new AtomicInteger();

    /**
     * Wraps an implementation.
     * @param delegate the implementation that sends
     */
    public CountingMessageOperations(MessageOperations delegate) {
        this.delegate = delegate;
    }

    /**
     * @return the implementation it delegates to
     */
    public MessageOperations delegate() {
        return this.delegate;
    }

    /**
     * @return the sends made so far
     */
    public int sends() {
        return this.sends.get();
    }

    @Override
    public SendResult send(String destination, Object payload) {
        this.sends.incrementAndGet();
        return this.delegate.send(destination, payload);
    }

    @Override
    public SendResult send(String destination, Object payload, Duration timeout) {
        this.sends.incrementAndGet();
        return this.delegate.send(destination, payload, timeout);
    }

    @Override
    public SendResult send(String destination, Object payload, String key) {
        this.sends.incrementAndGet();
        return this.delegate.send(destination, payload, key);
    }

    @Override
    public SendResult send(String destination, Object payload, String key, Duration timeout) {
        this.sends.incrementAndGet();
        return this.delegate.send(destination, payload, key, timeout);
    }

    @Override
    public SendResult send(String destination, org.springframework.messaging.Message<?> message) {
        this.sends.incrementAndGet();
        return this.delegate.send(destination, message);
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload) {
        this.sends.incrementAndGet();
        return this.delegate.sendAsync(destination, payload);
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload, Duration timeout) {
        this.sends.incrementAndGet();
        return this.delegate.sendAsync(destination, payload, timeout);
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload, String key) {
        this.sends.incrementAndGet();
        return this.delegate.sendAsync(destination, payload, key);
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload, String key, Duration timeout) {
        this.sends.incrementAndGet();
        return this.delegate.sendAsync(destination, payload, key, timeout);
    }

    @Override
    public void sendOneway(String destination, Object payload) {
        this.sends.incrementAndGet();
        this.delegate.sendOneway(destination, payload);
    }

    @Override
    public SendResult sendOrderly(String destination, Object payload, Object hashKey) {
        this.sends.incrementAndGet();
        return this.delegate.sendOrderly(destination, payload, hashKey);
    }

    @Override
    public SendResult sendDelayed(String destination, Object payload, Duration delay) {
        this.sends.incrementAndGet();
        return this.delegate.sendDelayed(destination, payload, delay);
    }

    @Override
    public SendResult sendBatch(String destination, Collection<?> payloads) {
        this.sends.incrementAndGet();
        return this.delegate.sendBatch(destination, payloads);
    }

    @Override
    public <T> T sendAndReceive(String destination, Object payload, Class<T> replyType, Duration timeout) {
        this.sends.incrementAndGet();
        return this.delegate.sendAndReceive(destination, payload, replyType, timeout);
    }

    @Override
    public <T> java.util.concurrent.CompletableFuture<T> sendAndReceiveAsync(String destination, Object payload,
            Class<T> replyType, Duration timeout) {
        this.sends.incrementAndGet();
        return this.delegate.sendAndReceiveAsync(destination, payload, replyType, timeout);
    }

    @Override
    public io.liftoff.client.TransactionResult sendInTransaction(String destination, Object payload,
            io.liftoff.client.TransactionListener listener, @Nullable Object arg) {
        this.sends.incrementAndGet();
        return this.delegate.sendInTransaction(destination, payload, listener, arg);
    }

    @Override
    public io.liftoff.client.TransactionResult sendInTransaction(String destination, Object payload,
            Runnable localTransaction) {
        this.sends.incrementAndGet();
        return this.delegate.sendInTransaction(destination, payload, localTransaction);
    }

    @Override
    public Message createMessage(String destination, Object payload) {
        return this.delegate.createMessage(destination, payload);
    }

}
