package io.liftoff.client.internal.send;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.liftoff.client.MessageQueue;
import io.liftoff.client.ProducerListener;
import io.liftoff.client.ProducerListener.AttemptEvent;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendResult;
import io.liftoff.client.internal.fault.FaultTable;
import io.liftoff.client.internal.logging.WarningThrottle;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.ResponseCallback.LateAnswer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer's answers to attempts that had timed out. Such an answer is not dropped:
 * when it says the broker stored the message, the send completes with it if it has not
 * ended yet (see {@link SendOperation}); either way the broker's latency is recorded, the
 * attempt is reported again to the listener as late ({@link AttemptEvent#late()}), and a
 * warning is logged, at most once a minute with the count since the last one. A late
 * stored answer to a send that was retried means the message may be stored twice: this is
 * how such duplicates become visible. Thread-safe.
 */
final class LateAnswers {

    private static final Logger logger = LoggerFactory.getLogger(LateAnswers.class);

    private final FaultTable faults;

    private final SendRequests requests;

    private final ProducerListener listener;

    private final LongAdder stored = new LongAdder();

    private final LongAdder refused = new LongAdder();

    private final WarningThrottle warnings = new WarningThrottle(Duration.ofMinutes(1));

    /**
     * @param faults where the broker's latency is recorded
     * @param requests reads the answers
     * @param listener told of each late attempt
     */
    LateAnswers(FaultTable faults, SendRequests requests, ProducerListener listener) {
        this.faults = faults;
        this.requests = requests;
        this.listener = listener;
    }

    /**
     * @return late answers that said the message was stored, so far
     */
    long stored() {
        return this.stored.sum();
    }

    /**
     * @return late answers that refused the message, so far
     */
    long refused() {
        return this.refused.sum();
    }

    /**
     * Creates the receiver of a timed-out attempt's answer.
     * @param operation the send
     * @param attempt the attempt that timed out
     * @return the receiver
     */
    LateAnswer receiver(SendOperation operation, Attempt attempt) {
        return (response) -> arrived(operation, attempt, response);
    }

    private void arrived(SendOperation operation, Attempt attempt, RemotingCommand response) {
        long nanos = System.nanoTime() - attempt.startNanos();
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        @Nullable SendResult sent = null;
        @Nullable RuntimeException failure = null;
        try {
            sent = this.requests.result(response, attempt.address(), attempt.send(), attempt.queue());
        }
        catch (RuntimeException ex) {
            failure = ex;
        }
        this.faults.recordSuccess(attempt.broker(), millis);
        if (sent != null) {
            this.stored.increment();
            operation.storedLate(sent);
        }
        else {
            this.refused.increment();
        }
        if (this.listener != ProducerListener.NONE) {
            this.listener.attemptFinished(new AttemptEvent(operation.topic(), attempt.broker(), attempt.mode(),
                    attempt.number(), nanos, failure, true));
        }
        warn(operation, attempt, millis, sent, failure);
    }

    private void warn(SendOperation operation, Attempt attempt, long millis, @Nullable SendResult sent,
            @Nullable RuntimeException failure) {
        long late = this.warnings.occurred(1);
        if (late > 0) {
            logger.warn(
                    "Broker '{}' ({}) answered attempt {} of a send to topic '{}' {} ms after it started, after its "
                            + "timeout: {}; a message stored this way and also by a retry is stored twice ({} late "
                            + "answers since the last warning)",
                    attempt.broker(), attempt.address(), attempt.number(), operation.topic(), millis,
                    (sent != null) ? "stored as " + sent.messageId() : "refused: " + failure, late);
        }
        else {
            logger.debug("Late answer from broker '{}' to a send to topic '{}' after {} ms", attempt.broker(),
                    operation.topic(), millis);
        }
    }

    /**
     * An attempt that timed out.
     *
     * @param send the message
     * @param broker the broker name
     * @param address its address
     * @param queue the queue it was sent to
     * @param mode how the message was sent
     * @param number 1 for the first attempt
     * @param startNanos when it started
     */
    record Attempt(PreparedSend send, String broker, String address, MessageQueue queue, SendMode mode, int number,
            long startNanos) {
    }

}
