package io.liftoff.client.internal.send;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.ConnectFailedException;
import io.liftoff.client.ConnectionClosedException;
import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.ProducerClosedException;
import io.liftoff.client.ProducerListener.AttemptEvent;
import io.liftoff.client.ProducerListener.SendEvent;
import io.liftoff.client.RemotingException;
import io.liftoff.client.RequestTimeoutException;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.SendFailedException;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.ResponseCallback;
import io.liftoff.client.internal.route.PublishRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One send and its attempts, driven by callbacks so that no thread waits on I/O: pick a queue, send, and on a
 * retryable failure pick a queue on another broker and send again, each attempt capped so that the whole
 * send stays within its deadline. Completes {@link #result()} exactly once.
 */
final class SendOperation implements ResponseCallback {

    private static final Logger logger = LoggerFactory.getLogger(SendOperation.class);

    private final DefaultProducer producer;

    private PreparedSend send;

    private final SendMode mode;

    private final int maxAttempts;

    private final long startNanos;

    private final long deadlineNanos;

    private final MessageQueue fixedQueue;

    private final CompletableFuture<SendResult> result = new CompletableFuture<>();

    private int attempts;

    private String lastBroker;

    private List<String> failures;

    private boolean soleBroker;

    private final int permits;

    private final Executor completionExecutor;

    private String attemptBroker;

    private String attemptAddress;

    private long attemptStart;

    private PublishRoute attemptRoute;

    private MessageQueue attemptQueue;

    private boolean finished;

    private Runnable endHook;

    private boolean sendEvents = true;

    SendOperation(DefaultProducer producer, PreparedSend send, SendMode mode, int maxAttempts, long timeoutNanos,
            MessageQueue fixedQueue) {
        this(producer, send, mode, maxAttempts, timeoutNanos, fixedQueue, 0, null);
    }

    /**
     * Creates an operation that gives back in-flight permits when it ends, before its result completes, so that
     * a caller who saw every result complete also sees nothing in flight.
     *
     * @param permits the permits taken from the producer's limiter for this send, 0 for none
     * @param completionExecutor where the result is completed, or {@code null} for the thread that ends the send
     */
    SendOperation(DefaultProducer producer, PreparedSend send, SendMode mode, int maxAttempts, long timeoutNanos,
            MessageQueue fixedQueue, int permits, Executor completionExecutor) {
        this.permits = permits;
        this.completionExecutor = completionExecutor;
        this.producer = producer;
        this.send = send;
        this.mode = mode;
        this.maxAttempts = maxAttempts;
        this.startNanos = System.nanoTime();
        this.deadlineNanos = this.startNanos + timeoutNanos;
        this.fixedQueue = fixedQueue;
    }

    CompletableFuture<SendResult> result() {
        return this.result;
    }

    /**
     * Runs a task when the send ends, before its result completes (on the thread that ends it: keep it short).
     * Call before {@link #start()}.
     *
     * @param hook the task
     * @return this operation
     */
    SendOperation whenEnded(Runnable hook) {
        this.endHook = hook;
        return this;
    }

    /**
     * Leaves the send event to the caller, who reports one per message of an automatic batch. Call before
     * {@link #start()}.
     *
     * @return this operation
     */
    SendOperation withoutSendEvent() {
        this.sendEvents = false;
        return this;
    }

    /** @return the attempts made so far */
    int attempts() {
        return this.attempts;
    }

    /** @return the broker of the last attempt, or {@code null} before the first */
    String lastBroker() {
        return this.lastBroker;
    }

    /**
     * Starts the first attempt. Never throws: a failure completes the result.
     *
     * @return this operation
     */
    SendOperation start() {
        try {
            nextAttempt();
        }
        catch (RuntimeException | Error ex) {
            finish(null, ex);
        }
        return this;
    }

    /**
     * Starts the first attempt with the message in its final form (its body compressed on another thread since
     * the operation was created; the time spent counts against the send timeout). Never throws: a failure
     * completes the result.
     *
     * @param finalForm the message to send
     */
    void start(PreparedSend finalForm) {
        this.send = finalForm;
        start();
    }

    /**
     * Ends the send before its first attempt, as when its message could not be put in its final form.
     *
     * @param failure why
     */
    void abandon(Throwable failure) {
        finish(null, failure);
    }

    private void nextAttempt() {
        if (!this.producer.isRunningOrClosing()) {
            finish(null, new ProducerClosedException("Producer is closed; send to topic '" + this.send.topic()
                    + "' abandoned after " + this.attempts + " attempts"));
            return;
        }
        long remaining = this.deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            finishFailed(null);
            return;
        }
        PublishRoute cached = this.producer.routes().cached(this.send.wireTopic());
        if (cached != null && !cached.writeQueues().isEmpty()) {
            attempt(cached);
            return;
        }
        this.producer.routes().route(this.send.wireTopic()).whenComplete((resolved, error) -> {
            if (error != null) {
                finish(null, unwrap(error));
                return;
            }
            try {
                attempt(resolved);
            }
            catch (RuntimeException | Error ex) {
                finish(null, ex);
            }
        });
    }

    private void attempt(PublishRoute route) {
        if (route.writeQueues().isEmpty()) {
            finish(null, new io.liftoff.client.RouteNotFoundException(this.send.topic(), "Topic '" + this.send.topic()
                    + "' has no writeable queue: no broker with a master and write permission serves it", null));
            return;
        }
        MessageQueue queue = (this.fixedQueue != null) ? this.fixedQueue
                : this.producer.chooser().choose(route.writeQueues(), this.producer.cursor(this.send.wireTopic()),
                        this.lastBroker);
        String broker = queue.brokerName();
        this.soleBroker = route.masterAddresses().size() < 2;
        this.attempts++;
        String address = route.masterAddress(broker);
        long attemptStart = System.nanoTime();
        if (address == null) {
            onFailure(broker, attemptStart, new io.liftoff.client.LiftoffException("broker '" + broker
                    + "' has no master address in the route"), false);
            return;
        }
        long remaining = this.deadlineNanos - attemptStart;
        long timeoutNanos = attemptTimeout(remaining, route);
        long timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        RemotingCommand request = this.producer.requests().request(this.send, queue.queueId(), broker,
                this.producer.nowMillis(), this.producer.remoting().nextOpaque());
        this.attemptBroker = broker;
        this.attemptAddress = address;
        this.attemptStart = attemptStart;
        this.attemptRoute = route;
        this.attemptQueue = (this.send.topic().equals(queue.topic())) ? queue
                : new MessageQueue(this.send.topic(), broker, queue.queueId());
        if (this.mode == SendMode.SYNC) {
            this.producer.remoting().invokeWaiting(address, request, timeoutMillis, this);
        }
        else {
            this.producer.remoting().invoke(address, request, timeoutMillis, this);
        }
    }

    /** The answer of the current attempt, on an I/O thread. */
    @Override
    public void complete(RemotingCommand response, Throwable error) {
        String broker = this.attemptBroker;
        long attemptStart = this.attemptStart;
        if (error != null) {
            onFailure(broker, attemptStart, unwrap(error), true);
            return;
        }
        SendResult sent;
        try {
            sent = SendRequests.result(response, this.attemptAddress, this.send, this.attemptQueue);
        }
        catch (ErrorResponseException refused) {
            onFailure(broker, attemptStart, refused, true);
            return;
        }
        catch (RuntimeException malformed) {
            onFailure(broker, attemptStart, malformed, false);
            return;
        }
        onSuccess(broker, attemptStart, sent, this.attemptRoute);
    }

    private long attemptTimeout(long remainingNanos, PublishRoute route) {
        if (this.producer.sendOptions().attemptTimeout() != null) {
            return Math.min(remainingNanos, this.producer.sendOptions().attemptTimeout().toNanos());
        }
        if (this.fixedQueue != null || route.masterAddresses().size() < 2) {
            // No other broker to retry on: cutting the attempt short would only turn a slow answer into a
            // duplicate sent to the same broker.
            return remainingNanos;
        }
        int attemptsLeft = this.maxAttempts - this.attempts + 1;
        return remainingNanos / Math.max(1, attemptsLeft);
    }

    private void onSuccess(String broker, long attemptStart, SendResult sent, PublishRoute route) {
        long nanos = System.nanoTime() - attemptStart;
        this.producer.faults().recordSuccess(broker, TimeUnit.NANOSECONDS.toMillis(nanos));
        if (this.producer.hasListener()) {
            this.producer.notifyAttempt(new AttemptEvent(this.send.topic(), broker, this.mode, this.attempts, nanos,
                    null));
        }
        if (route.fromDefaultTopic()) {
            this.producer.routes().refreshIfOlderThan(this.send.wireTopic(), 1000);
        }
        if (sent.status() != SendStatus.SEND_OK && this.producer.sendOptions().retryAnotherBrokerWhenNotStoreOk()
                && this.attempts < this.maxAttempts && this.fixedQueue == null
                && this.deadlineNanos - System.nanoTime() > 0) {
            note(broker, "stored with " + sent.status());
            this.lastBroker = broker;
            nextAttempt();
            return;
        }
        this.lastBroker = broker;
        finish(sent, null);
    }

    private void onFailure(String broker, long attemptStart, Throwable failure, boolean brokerFault) {
        long nanos = System.nanoTime() - attemptStart;
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        boolean transport = failure instanceof RemotingException;
        boolean retryableCode = failure instanceof ErrorResponseException refused
                && this.producer.sendOptions().retryResponseCodes().contains(refused.code());
        if (brokerFault && (transport || retryableCode)) {
            this.producer.faults().recordFailure(broker, millis, transport, describe(failure));
            this.producer.routes().markDegraded(this.send.wireTopic());
        }
        this.producer.notifyAttempt(new AttemptEvent(this.send.topic(), broker, this.mode, this.attempts, nanos,
                failure));
        note(broker, describe(failure));
        this.lastBroker = broker;
        boolean retryable = transport || retryableCode || !brokerFault;
        if (!retryable || this.fixedQueue != null) {
            if (failure instanceof ErrorResponseException && !retryableCode) {
                finish(null, failure);
            }
            else {
                finishFailed(failure);
            }
            return;
        }
        if (this.attempts >= this.maxAttempts || (this.soleBroker && failure instanceof RequestTimeoutException)) {
            // A timed-out request may still be stored; with no other broker a retry would only add a duplicate
            // and more load to a broker that is already too slow.
            finishFailed(failure);
            return;
        }
        nextAttempt();
    }

    private void note(String broker, String description) {
        if (this.failures == null) {
            this.failures = new ArrayList<>(this.maxAttempts);
        }
        this.failures.add(broker + ": " + description);
    }

    private void finishFailed(Throwable last) {
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos);
        // Rounded: a send handed over a few microseconds after it started has the budget the caller gave it.
        long budgetMillis = Math.round((this.deadlineNanos - this.startNanos) / 1e6);
        List<String> tried = (this.failures != null) ? this.failures : List.of();
        StringBuilder message = new StringBuilder("Send to topic '").append(this.send.topic()).append("' failed after ")
                .append(this.attempts).append((this.attempts == 1) ? " attempt" : " attempts");
        if (!tried.isEmpty()) {
            message.append(" (").append(String.join("; ", tried)).append(')');
        }
        if (last == null || elapsedMillis >= budgetMillis) {
            message.append(": send timeout of ").append(budgetMillis).append(" ms used up after ")
                    .append(elapsedMillis).append(" ms");
        }
        else {
            message.append(" within ").append(elapsedMillis).append(" ms (send timeout ").append(budgetMillis)
                    .append(" ms)");
        }
        finish(null, new SendFailedException(this.send.topic(), message.toString(), tried, last));
    }

    private void finish(SendResult sent, Throwable failure) {
        if (this.finished) {
            return;
        }
        this.finished = true;
        if (this.sendEvents && this.producer.hasListener()) {
            long nanos = System.nanoTime() - this.startNanos;
            this.producer.notifySend(new SendEvent(this.send.topic(), this.lastBroker, this.mode, this.attempts,
                    nanos, this.send.bodyLength(), sent, failure));
        }
        // No attempt is in flight any more, and none will start: the body is not needed again.
        this.send.release();
        if (this.permits != 0) {
            this.producer.releasePermits(this.permits);
        }
        if (this.endHook != null) {
            try {
                this.endHook.run();
            }
            catch (RuntimeException ex) {
                logger.warn("Hook at the end of a send to topic '{}' failed", this.send.topic(), ex);
            }
        }
        complete(this.result, sent, failure, this.completionExecutor);
    }

    /**
     * Completes a send's future on an executor, or on this thread when there is none or it refuses the task.
     *
     * @param result the future
     * @param sent the result, or {@code null} on failure
     * @param failure why the send failed, or {@code null}
     * @param executor where to complete, or {@code null}
     */
    static void complete(CompletableFuture<SendResult> result, SendResult sent, Throwable failure, Executor executor) {
        if (executor != null) {
            try {
                executor.execute(() -> complete(result, sent, failure, null));
                return;
            }
            catch (RejectedExecutionException ex) {
                // The application's executor is full or shut down: complete here rather than never.
            }
        }
        if (failure != null) {
            result.completeExceptionally(failure);
        }
        else {
            result.complete(sent);
        }
    }

    static String describe(Throwable failure) {
        if (failure instanceof RequestTimeoutException timeout) {
            return "timeout " + timeout.timeoutMillis() + " ms";
        }
        if (failure instanceof ConnectFailedException) {
            return "connect failed (" + rootMessage(failure) + ")";
        }
        if (failure instanceof ConnectionClosedException) {
            return "connection closed";
        }
        if (failure instanceof ErrorResponseException refused) {
            String remark = refused.remark();
            return ResponseCodes.describe(refused.code()) + ((remark != null && !remark.isBlank())
                    ? " " + remark.strip() : "");
        }
        return String.valueOf(failure.getMessage());
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
