package io.liftoff.client.internal.send;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.ProducerClosedException;
import io.liftoff.client.ProducerListener.AttemptEvent;
import io.liftoff.client.ProducerListener.SendEvent;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendResult;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.ResponseCallback;
import io.liftoff.client.internal.remoting.ResponseCallback.LateAnswer;
import io.liftoff.client.internal.route.PublishRoute;
import io.liftoff.client.internal.send.RetryPolicy.Failure;
import io.liftoff.client.internal.send.RetryPolicy.Rule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * One send and its attempts, driven by callbacks so that no thread waits on I/O: pick a
 * queue, send, and on a failure ask the {@link RetryPolicy} whether to isolate the broker
 * and try again (on another broker when the topic has one, after a back-off when it has
 * not), each attempt capped so that the whole send stays within its deadline. Everything
 * it needs comes from its {@link SendContext}. Completes {@link #result()} exactly once.
 */
final class SendOperation implements ResponseCallback {

    private static final Logger logger = LoggerFactory.getLogger(SendOperation.class);

    private static final long MASTER_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final SendContext context;

    private PreparedSend send;

    private final SendMode mode;

    private final int maxAttempts;

    private final long startNanos;

    private final long deadlineNanos;

    private final CompletableFuture<SendResult> result = new CompletableFuture<>();

    private @Nullable MessageQueue fixedQueue;

    /** The message's timer delivery, when it has one (see {@link TimerMessages}). */
    private @Nullable String timer;

    private int permits;

    private @Nullable Executor completionExecutor;

    private @Nullable Runnable endHook;

    private boolean sendEvents = true;

    private int attempts;

    private @Nullable String lastBroker;

    private @Nullable List<String> failures;

    private boolean soleBroker;

    private @Nullable String attemptBroker;

    private @Nullable String attemptAddress;

    private long attemptStart;

    private @Nullable PublishRoute attemptRoute;

    private @Nullable MessageQueue attemptQueue;

    private boolean finished;

    private int masterWaits;

    /**
     * What a timed-out attempt's late answer said was stored; the send completes with it
     * at its next step (see {@link LateAnswers}). Written on another I/O thread.
     */
    private volatile @Nullable SendResult storedLate;

    /**
     * Creates a send that goes to any queue of its topic, holds no permits and completes
     * on the thread that ends it; change that with the methods below before
     * {@link #start()}.
     * @param context what the send needs
     * @param send the message, encoded
     * @param mode how it is sent
     * @param maxAttempts attempts at most, the first included
     * @param timeoutNanos its budget from now, retries included
     */
    SendOperation(SendContext context, PreparedSend send, SendMode mode, int maxAttempts, long timeoutNanos) {
        this.context = context;
        this.send = send;
        this.mode = mode;
        this.maxAttempts = maxAttempts;
        this.startNanos = System.nanoTime();
        this.deadlineNanos = this.startNanos + timeoutNanos;
    }

    /**
     * Sends to this queue only, never retrying (ordered sends).
     * @param queue the queue
     * @return this operation
     */
    SendOperation toQueue(MessageQueue queue) {
        this.fixedQueue = queue;
        return this;
    }

    /**
     * Marks a timer message ({@link TimerMessages#of}), refused by brokers older than
     * 5.0.
     */
    SendOperation deliveredByTimer(@Nullable String timer) {
        this.timer = timer;
        return this;
    }

    /**
     * Gives these in-flight permits back to the producer's limiter when the send ends,
     * before its result completes, so that a caller who saw every result complete also
     * sees nothing in flight.
     * @param permits the permits
     * @return this operation
     */
    SendOperation holding(int permits) {
        this.permits = permits;
        return this;
    }

    /**
     * Completes the result on an executor instead of the thread that ends the send.
     * @param executor the executor; none for the thread that ends the send
     * @return this operation
     */
    SendOperation completingOn(@Nullable Executor executor) {
        this.completionExecutor = executor;
        return this;
    }

    /**
     * Runs a task when the send ends, before its result completes (on the thread that
     * ends it: keep it short).
     * @param hook the task
     * @return this operation
     */
    SendOperation whenEnded(Runnable hook) {
        this.endHook = hook;
        return this;
    }

    /**
     * Leaves the send event to the caller, who reports one per message of an automatic
     * batch.
     * @return this operation
     */
    SendOperation withoutSendEvent() {
        this.sendEvents = false;
        return this;
    }

    CompletableFuture<SendResult> result() {
        return this.result;
    }

    /**
     * @return the topic as the application names it
     */
    String topic() {
        return this.send.topic();
    }

    /**
     * @return the attempts made so far
     */
    int attempts() {
        return this.attempts;
    }

    /**
     * @return the broker of the last attempt; none before the first
     */
    @Nullable String lastBroker() {
        return this.lastBroker;
    }

    /**
     * Starts the first attempt. Never throws: a failure completes the result.
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
     * Starts the first attempt with the message in its final form (its body compressed on
     * another thread since the operation was created; the time spent counts against the
     * send timeout). Never throws.
     * @param finalForm the message to send
     */
    void start(PreparedSend finalForm) {
        this.send = finalForm;
        start();
    }

    /**
     * Ends the send before its first attempt, as when its message could not be put in its
     * final form.
     * @param failure why
     */
    void abandon(Throwable failure) {
        finish(null, failure);
    }

    private void nextAttempt() {
        if (this.storedLate != null) {
            finish(this.storedLate, null);
            return;
        }
        if (!this.context.state().acceptsAttempts()) {
            finish(null, new ProducerClosedException("Producer is closed; send to topic '" + this.send.topic()
                    + "' abandoned after " + this.attempts + " attempts"));
            return;
        }
        long remaining = this.deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            finishFailed(null);
            return;
        }
        PublishRoute cached = this.context.routes().cached(this.send.wireTopic());
        if (cached != null && (!cached.writeQueues().isEmpty() || this.masterWaits > 0)) {
            attempt(cached);
            return;
        }
        this.context.routes().route(this.send.wireTopic()).whenComplete((resolved, error) -> {
            if (error != null) {
                finish(null, Outcomes.unwrap(error));
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
        if (route.writeQueues().isEmpty() && this.fixedQueue == null
                && route.data().brokerDatas().stream().anyMatch((broker) -> broker.masterAddress() == null)) {
            awaitMaster();
            return;
        }
        if (route.writeQueues().isEmpty()) {
            finish(null, Outcomes.noWriteableQueue(this.send.topic(), ""));
            return;
        }
        MessageQueue queue = (this.fixedQueue != null) ? this.fixedQueue : this.context.chooser()
            .choose(route.writeQueues(), this.context.cursors().next(this.send.wireTopic()), this.lastBroker);
        String broker = queue.brokerName();
        String address = route.masterAddress(broker);
        if (this.timer != null && address != null
                && !TimerMessages.allows(this.context.transport(), this.send.topic(), this.timer, broker, address,
                        this.deadlineNanos, this::nextAttempt, (refusal) -> finish(null, refusal))) {
            return;
        }
        this.soleBroker = route.masterAddresses().size() < 2;
        this.attempts++;
        long attemptStart = System.nanoTime();
        if (address == null) {
            onFailure(broker, attemptStart, Failure.NO_MASTER_ADDRESS, new io.liftoff.client.LiftoffException(
                    "broker '" + broker + "' has no master address in the route"));
            return;
        }
        long timeoutNanos = attemptTimeout(this.deadlineNanos - attemptStart, route, broker);
        long timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        RemotingCommand request = this.context.requests()
            .request(this.send, queue.queueId(), broker, this.context.clock().millis(),
                    this.context.transport().nextOpaque());
        this.attemptBroker = broker;
        this.attemptAddress = address;
        this.attemptStart = attemptStart;
        this.attemptRoute = route;
        this.attemptQueue = (this.send.topic().equals(queue.topic())) ? queue
                : new MessageQueue(this.send.topic(), broker, queue.queueId());
        if (this.mode == SendMode.SYNC) {
            this.context.transport().invokeWaiting(address, request, timeoutMillis, this);
        }
        else {
            this.context.transport().invoke(address, request, timeoutMillis, this);
        }
    }

    /** The answer of the current attempt, on an I/O thread. */
    @Override
    public void complete(@Nullable RemotingCommand response, @Nullable Throwable error) {
        String broker = this.attemptBroker;
        long attemptStart = this.attemptStart;
        if (error != null) {
            Throwable cause = Outcomes.unwrap(error);
            onFailure(broker, attemptStart, this.context.retries().classify(cause), cause);
            return;
        }
        SendResult sent;
        try {
            sent = this.context.requests().result(response, this.attemptAddress, this.send, this.attemptQueue);
        }
        catch (ErrorResponseException refused) {
            onFailure(broker, attemptStart, this.context.retries().classify(refused), refused);
            return;
        }
        catch (RuntimeException malformed) {
            onFailure(broker, attemptStart, Failure.MALFORMED_RESPONSE, malformed);
            return;
        }
        onSuccess(broker, attemptStart, sent, this.attemptRoute);
    }

    private long attemptTimeout(long remainingNanos, PublishRoute route, String broker) {
        if (this.context.options().attemptTimeout() != null) {
            return Math.min(remainingNanos, this.context.options().attemptTimeout().toNanos());
        }
        boolean otherBrokers = this.fixedQueue == null && route.masterAddresses().size() > 1;
        return AttemptDeadlines.attemptTimeout(remainingNanos, this.maxAttempts - this.attempts + 1, otherBrokers,
                otherBrokers ? this.context.faults().get(broker) : null);
    }

    /** The attempt in flight timed out: its answer may still come. */
    @Override
    public @Nullable LateAnswer onTimeout() {
        if (this.mode == SendMode.ONEWAY || this.attemptBroker == null || this.attemptAddress == null
                || this.attemptQueue == null) {
            return null;
        }
        return this.context.lateAnswers()
            .receiver(this, new LateAnswers.Attempt(this.send, this.attemptBroker, this.attemptAddress,
                    this.attemptQueue, this.mode, this.attempts, this.attemptStart));
    }

    /** A timed-out attempt's answer says the message was stored (any thread). */
    void storedLate(SendResult sent) {
        if (this.storedLate == null) {
            this.storedLate = sent;
        }
    }

    private void onSuccess(String broker, long attemptStart, SendResult sent, PublishRoute route) {
        long nanos = System.nanoTime() - attemptStart;
        SendResult late = this.storedLate;
        this.context.faults().recordSuccess(broker, TimeUnit.NANOSECONDS.toMillis(nanos));
        if (this.context.hasListener()) {
            this.context.listener()
                .attemptFinished(new AttemptEvent(this.send.topic(), broker, this.mode, this.attempts, nanos, null));
        }
        if (route.fromDefaultTopic()) {
            this.context.routes().refreshIfOlderThan(this.send.wireTopic(), 1000);
        }
        this.lastBroker = broker;
        if (late != null) {
            // Stored twice: the earlier copy's result stands.
            finish(late, null);
            return;
        }
        // Resent to another broker only: on the same one it would be stored twice.
        if (this.context.retries().resendWhenStored(sent.status()) && !this.soleBroker
                && this.attempts < this.maxAttempts && this.fixedQueue == null
                && this.deadlineNanos - System.nanoTime() > 0) {
            note(broker, "stored with " + sent.status());
            nextAttempt();
            return;
        }
        finish(sent, null);
    }

    private void onFailure(String broker, long attemptStart, Failure kind, Throwable failure) {
        long nanos = System.nanoTime() - attemptStart;
        Rule rule = this.context.retries().rule(kind);
        String description = Outcomes.describe(failure);
        this.context.brokerFailed(this.send.wireTopic(), broker, TimeUnit.NANOSECONDS.toMillis(nanos), rule.isolation(),
                description);
        if (this.context.hasListener()) {
            this.context.listener()
                .attemptFinished(new AttemptEvent(this.send.topic(), broker, this.mode, this.attempts, nanos, failure));
        }
        note(broker, description);
        this.lastBroker = broker;
        if (this.storedLate != null) {
            finish(this.storedLate, null);
            return;
        }
        if (!rule.retried() || this.fixedQueue != null) {
            if (rule.failsAsIs()) {
                finish(null, failure);
            }
            else {
                finishFailed(failure);
            }
            return;
        }
        if (this.attempts >= this.maxAttempts || (this.soleBroker && !rule.retriedOnSoleBroker())) {
            finishFailed(failure);
            return;
        }
        if (this.soleBroker && rule.backoff()) {
            retryLater(failure);
            return;
        }
        nextAttempt();
    }

    /**
     * Tries the topic's only broker again after a back-off, or gives up when the budget
     * does not allow one.
     */
    private void retryLater(Throwable failure) {
        long wait = this.context.retries().backoffNanos(this.attempts);
        if (this.deadlineNanos - System.nanoTime() <= wait) {
            finishFailed(failure);
            return;
        }
        this.context.retryTimer().later(this, wait, "to retry");
    }

    /**
     * No routed broker has a master (a failover under way): asks for the route again
     * (rate-limited) and looks at the cache after at most 200 ms, within the budget.
     */
    private void awaitMaster() {
        this.context.routes().brokerUnreachable(this.send.wireTopic());
        long wait = Math.min(MASTER_LOOK_NANOS, this.context.retries().backoffNanos(++this.masterWaits));
        if (this.deadlineNanos - System.nanoTime() <= wait) {
            finish(null, Outcomes.noWriteableQueue(this.send.topic(), " (waited "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos) + " ms for a master)"));
            return;
        }
        this.context.retryTimer().later(this, wait, "for a master");
    }

    private void note(String broker, String description) {
        if (this.failures == null) {
            this.failures = new ArrayList<>(this.maxAttempts);
        }
        this.failures.add(broker + ": " + description);
    }

    private void finishFailed(@Nullable Throwable last) {
        List<String> tried = (this.failures != null) ? this.failures : List.of();
        finish(null, Outcomes.sendFailed(this.send.topic(), this.attempts, tried, last, this.startNanos,
                this.deadlineNanos));
    }

    private void finish(@Nullable SendResult sent, @Nullable Throwable failure) {
        if (this.finished) {
            return;
        }
        this.finished = true;
        if (this.sendEvents && this.context.hasListener()) {
            long nanos = System.nanoTime() - this.startNanos;
            this.context.listener()
                .sendFinished(new SendEvent(this.send.topic(), this.lastBroker, this.mode, this.attempts, nanos,
                        this.send.bodyLength(), sent, failure));
        }
        // No attempt is in flight any more, and none will start: the body is not needed
        // again.
        this.send.release();
        if (this.permits != 0) {
            this.context.limiter().release(this.permits);
        }
        if (this.endHook != null) {
            try {
                this.endHook.run();
            }
            catch (RuntimeException ex) {
                logger.warn("Hook at the end of a send to topic '{}' failed", this.send.topic(), ex);
            }
        }
        Outcomes.complete(this.result, sent, failure, this.completionExecutor);
    }

}
