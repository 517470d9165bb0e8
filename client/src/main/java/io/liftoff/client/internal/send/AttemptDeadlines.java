package io.liftoff.client.internal.send;

import io.liftoff.client.internal.fault.BrokerFault;
import org.jspecify.annotations.Nullable;

/**
 * How long one attempt of a send may wait for its answer, when no attempt timeout is set:
 * long enough that a broker answering slowly is not abandoned, short enough that the
 * attempts after it keep a fair share of the budget.
 *
 * <ul>
 * <li>The topic has no other broker (or the send goes to one queue): the whole remaining
 * budget. Cutting the attempt short would only turn a slow answer into a duplicate sent
 * to the same broker.</li>
 * <li>Otherwise the remaining budget less one even share kept for the attempts after this
 * one: with 3 attempts and 3 s, the first waits 2 s, the second 0.5 s, the last the rest.
 * An answer that comes later is not lost ({@link LateAnswers}).</li>
 * <li>A broker whose last attempt was answered, slowly, gets at least twice that latency,
 * within the remaining budget: it answers, so waiting beats storing the message twice. A
 * broker whose last attempt failed (a timeout, a closed connection) gets no such
 * extension.</li>
 * </ul>
 * An even split (1 s of 3 s) cut 1.2 s put-lock stalls of real brokers short and stored
 * messages twice; waiting the whole budget as the official client does leaves no time to
 * retry when a broker hangs.
 */
final class AttemptDeadlines {

    private AttemptDeadlines() {
    }

    /**
     * @param remainingNanos the send's remaining budget
     * @param attemptsLeft attempts left, this one included
     * @param otherBrokers whether another broker may take a retry
     * @param broker what is known of the attempt's broker; none when nothing yet
     * @return the attempt's timeout
     */
    static long attemptTimeout(long remainingNanos, int attemptsLeft, boolean otherBrokers,
            @Nullable BrokerFault broker) {
        if (!otherBrokers || attemptsLeft <= 1) {
            return remainingNanos;
        }
        long timeout = remainingNanos - remainingNanos / attemptsLeft;
        if (broker != null && broker.reachable() && broker.consecutiveFailures() == 0) {
            long needed = 2_000_000L * broker.latencyMillis();
            timeout = Math.max(timeout, Math.min(remainingNanos, needed));
        }
        return timeout;
    }

}
