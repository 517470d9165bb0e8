package io.liftoff.client;

import java.time.Instant;
import java.util.List;

import io.liftoff.client.internal.listener.GuardedListeners;
import org.jspecify.annotations.Nullable;

/**
 * Hooks into what a producer does, for metrics and logs, without coupling the client to a
 * metrics library. Every method has a no-op default. Methods are called on Liftoff's I/O
 * and scheduler threads: return quickly and never throw (exceptions are logged and
 * ignored).
 */
public interface ProducerListener {

    /** A listener that does nothing. */
    ProducerListener NONE = new ProducerListener() {
    };

    /**
     * Combines listeners into one that calls each in order and guards each call: a
     * listener that throws is logged and keeps neither the others nor the producer from
     * going on.
     * @param listeners the listeners, in call order
     * @return {@link #NONE} for none, otherwise the composite
     */
    static ProducerListener composite(List<? extends ProducerListener> listeners) {
        return GuardedListeners.of(listeners);
    }

    /**
     * One attempt of a send finished (several per send when it is retried).
     * @param event the attempt
     */
    default void attemptFinished(AttemptEvent event) {
    }

    /**
     * A send finished, successfully or not, after all its attempts.
     * @param event the send
     */
    default void sendFinished(SendEvent event) {
    }

    /**
     * A broker was left out of rotation.
     * @param brokerName the broker
     * @param until when it returns at the latest, unless it stays unreachable
     * @param reason why
     */
    default void brokerIsolated(String brokerName, Instant until, String reason) {
    }

    /**
     * An isolated broker returned to rotation early because an attempt or probe reached
     * it.
     * @param brokerName the broker
     */
    default void brokerRecovered(String brokerName) {
    }

    /**
     * A topic's route was learned or changed.
     * @param topic the topic
     * @param before the brokers with write queues before (empty when first learned)
     * @param after the brokers with write queues now
     */
    default void routeChanged(String topic, List<String> before, List<String> after) {
    }

    /**
     * A background refresh of every cached route finished.
     * @param durationNanos how long it took
     * @param failure the first failure; absent when every route was refreshed
     */
    default void routesRefreshed(long durationNanos, @Nullable Throwable failure) {
    }

    /**
     * A transaction was decided and the decision sent to the broker: after the local
     * transaction of {@link Producer#sendInTransaction}, or in answer to a broker's
     * check.
     * @param event the transaction
     */
    default void transactionEnded(TransactionEvent event) {
    }

    /**
     * One attempt of a send.
     *
     * @param topic the topic, without namespace
     * @param brokerName the broker tried
     * @param mode how the message was sent
     * @param attempt 1 for the first attempt
     * @param durationNanos how long the attempt took (for a late answer: until it came)
     * @param failure why it failed; absent when the broker stored the message
     * @param late whether this is the answer to an attempt that had already been reported
     * as timed out: the broker answered after all, storing the message (no failure) or
     * refusing it. A late stored answer to a send that was retried elsewhere means the
     * message may be stored twice.
     */
    record AttemptEvent(String topic, String brokerName, SendMode mode, int attempt, long durationNanos,
            @Nullable Throwable failure, boolean late) {

        /**
         * An attempt reported when it ended, not late.
         * @param topic the topic, without namespace
         * @param brokerName the broker tried
         * @param mode how the message was sent
         * @param attempt 1 for the first attempt
         * @param durationNanos how long the attempt took
         * @param failure why it failed; absent when the broker stored the message
         */
        public AttemptEvent(String topic, String brokerName, SendMode mode, int attempt, long durationNanos,
                @Nullable Throwable failure) {
            this(topic, brokerName, mode, attempt, durationNanos, failure, false);
        }

    }

    /**
     * One send, after all its attempts.
     *
     * @param topic the topic, without namespace
     * @param brokerName the broker of the last attempt; absent when none was tried
     * @param mode how the message was sent
     * @param attempts how many attempts were made
     * @param durationNanos how long the send took
     * @param messageBytes the body bytes sent (after compression; the whole batch body
     * for a batch)
     * @param result the result; absent on failure and for oneway sends
     * @param failure why it failed; absent when the send succeeded
     */
    record SendEvent(String topic, @Nullable String brokerName, SendMode mode, int attempts, long durationNanos,
            int messageBytes, @Nullable SendResult result, @Nullable Throwable failure) {
    }

    /**
     * One transaction's decision.
     *
     * @param topic the topic, without namespace
     * @param messageId the client message id of the half message
     * @param decision the decision sent: commit, rollback, or unknown (the broker asks
     * again)
     * @param fromCheck whether it answers a broker's check rather than ending
     * {@link Producer#sendInTransaction}
     */
    record TransactionEvent(String topic, String messageId, LocalTransactionState decision, boolean fromCheck) {
    }

}
