package io.liftoff.client.internal.send;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.LiftoffException;
import io.liftoff.client.Message;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.ProducerClosedException;
import io.liftoff.client.ProducerListener.AttemptEvent;
import io.liftoff.client.ProducerListener.SendEvent;
import io.liftoff.client.RemotingException;
import io.liftoff.client.SendMode;
import io.liftoff.client.internal.message.EncodedMessage;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.route.PublishRoute;
import io.liftoff.client.internal.trace.Tracer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Oneway sends: one attempt, no answer waited for, never retried. They are paced per
 * broker (see {@link OnewayPacer}): now and then one asks for an answer, so that the
 * broker's pace sets ours and a busy broker's queue does not fill with requests it would
 * drop unseen. Large bodies are compressed on the pool.
 */
final class OnewaySender {

    private static final Logger logger = LoggerFactory.getLogger(OnewaySender.class);

    private final SendContext context;

    private final SendPreparer preparer;

    private final Map<String, OnewayPacer> pacers = new ConcurrentHashMap<>();

    OnewaySender(SendContext context, SendPreparer preparer) {
        this.context = context;
        this.preparer = preparer;
    }

    /**
     * Sends a message oneway: returns once it is handed to the transport (or refused
     * before).
     * @param message the message
     */
    void send(Message message) {
        EncodedMessage encoded = this.preparer.encode(message);
        boolean offload = this.preparer.compresses(encoded);
        PreparedSend send = this.preparer.plain(message, encoded);
        Duration timeout = this.context.options().sendTimeout();
        long start = System.nanoTime();
        PublishRoute route = Blocking.writeableRoute(this.context.routes(), send, timeout);
        MessageQueue queue = this.context.chooser()
            .choose(route.writeQueues(), this.context.cursors().next(send.wireTopic()), null);
        String broker = queue.brokerName();
        String address = route.masterAddress(broker);
        if (address == null) {
            throw new LiftoffException("Oneway send to topic '" + message.topic() + "' found no master address for "
                    + "broker '" + broker + "'");
        }
        TimerMessages.check(this.context.transport(), message.topic(), TimerMessages.of(message), broker, address,
                timeout.toNanos() - (System.nanoTime() - start));
        OnewayPacer pacer = this.pacers.computeIfAbsent(broker, (name) -> new OnewayPacer());
        int credits = pacer.acquire(broker, Math.max(0, timeout.toNanos() - (System.nanoTime() - start)));
        int permits;
        try {
            permits = this.context.limiter()
                .acquire(send.bodyLength(), Math.max(0, timeout.toNanos() - (System.nanoTime() - start)));
        }
        catch (RuntimeException ex) {
            pacer.release(credits);
            throw ex;
        }
        Tracer tracer = this.context.tracer();
        Attempt attempt = new Attempt(message.topic(), queue, address, pacer, credits, permits, start,
                start + timeout.toNanos(), (tracer != null) ? tracer.begin(message) : null);
        if (!offload) {
            write(attempt, send);
            return;
        }
        try {
            this.preparer.compressOnPool(message, encoded, (compressed) -> write(attempt, compressed), (failure) -> {
                pacer.release(credits);
                done(attempt, send, System.nanoTime(), failure);
            });
        }
        catch (RejectedExecutionException ex) {
            pacer.release(credits);
            this.context.limiter().release(permits);
            throw new ProducerClosedException(
                    "Producer is closed; oneway send to topic '" + message.topic() + "' not started");
        }
    }

    /**
     * Writes one oneway send: a plain oneway request, or one that asks for an answer when
     * it carries credits.
     */
    private void write(Attempt attempt, PreparedSend send) {
        String broker = attempt.queue().brokerName();
        RemotingCommand request = this.context.requests()
            .request(send, attempt.queue().queueId(), broker, this.context.clock().millis(),
                    this.context.transport().nextOpaque(), (attempt.credits() == 0) ? RemotingCommand.FLAG_ONEWAY : 0);
        long attemptStart = System.nanoTime();
        long timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(attempt.deadlineNanos() - attemptStart));
        if (attempt.credits() == 0) {
            this.context.transport()
                .invokeOneway(attempt.address(), request, timeoutMillis, (ignored, error) -> done(attempt, send,
                        attemptStart, (error != null) ? Outcomes.unwrap(error) : null));
            return;
        }
        // This one asks for an answer, so that the broker's pace sets ours (see
        // OnewayPacer).
        MessageQueue userQueue = new MessageQueue(attempt.topic(), broker, attempt.queue().queueId());
        this.context.transport().invoke(attempt.address(), request, timeoutMillis, (response, error) -> {
            long answerNanos = System.nanoTime() - attemptStart;
            Throwable failure = (error != null) ? Outcomes.unwrap(error) : null;
            if (failure == null) {
                try {
                    this.context.requests().result(response, attempt.address(), send, userQueue);
                    this.context.faults().recordSuccess(broker, TimeUnit.NANOSECONDS.toMillis(answerNanos));
                }
                catch (RuntimeException refused) {
                    failure = refused;
                }
            }
            attempt.pacer().answered(attempt.credits(), answerNanos, failure == null);
            done(attempt, send, attemptStart, failure);
        });
    }

    private void done(Attempt attempt, PreparedSend send, long attemptStart, Throwable failure) {
        this.context.limiter().release(attempt.permits());
        int bodyLength = send.bodyLength();
        send.release();
        String broker = attempt.queue().brokerName();
        if (failure != null) {
            boolean transport = failure instanceof RemotingException;
            this.context.faults()
                .recordFailure(broker, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attemptStart), transport,
                        Outcomes.describe(failure));
            if (transport) {
                logger.debug("Oneway send {} to topic '{}' on broker '{}' failed: {}", send.messageId(),
                        attempt.topic(), broker, Outcomes.describe(failure));
            }
            else {
                logger.warn("Oneway send {} to topic '{}' was refused by broker '{}': {}", send.messageId(),
                        attempt.topic(), broker, Outcomes.describe(failure));
            }
        }
        Tracer tracer = this.context.tracer();
        if (failure == null && tracer != null) {
            tracer.oneway(attempt.trace(), send.messageId(), attempt.address());
        }
        if (this.context.hasListener()) {
            long now = System.nanoTime();
            this.context.listener()
                .attemptFinished(
                        new AttemptEvent(attempt.topic(), broker, SendMode.ONEWAY, 1, now - attemptStart, failure));
            this.context.listener()
                .sendFinished(new SendEvent(attempt.topic(), broker, SendMode.ONEWAY, 1, now - attempt.startNanos(),
                        bodyLength, null, failure));
        }
    }

    /**
     * One oneway send on its way: where it goes and what it holds.
     *
     * @param topic the topic as the application names it
     * @param queue the queue chosen
     * @param address the broker's address
     * @param pacer the broker's pacer
     * @param credits the pacer's credits it holds (0 for a plain oneway request)
     * @param permits the in-flight permits it holds
     * @param startNanos when the send started
     * @param deadlineNanos when its budget ends
     * @param trace the start of its trace record; none when not traced
     */
    private record Attempt(String topic, MessageQueue queue, String address, OnewayPacer pacer, int credits,
            int permits, long startNanos, long deadlineNanos, Tracer.@Nullable Started trace) {
    }

}
