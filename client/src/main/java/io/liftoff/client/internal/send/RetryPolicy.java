package io.liftoff.client.internal.send;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.AccessDeniedException;
import io.liftoff.client.ConnectFailedException;
import io.liftoff.client.ConnectionClosedException;
import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.RemotingException;
import io.liftoff.client.RequestTimeoutException;
import io.liftoff.client.SendOptions;
import io.liftoff.client.SendStatus;

/**
 * The retry rules of sync, async and batch sends as data: for each kind of failed
 * attempt, whether the send is tried again (on another broker when the topic has one),
 * whether and how the broker leaves rotation, and whether a retry on the same broker
 * waits first. {@link #RULES} is the table in {@code docs/reliability.md} and in
 * {@link SendOptions}' Javadoc; {@link SendOperation} asks this policy and decides
 * nothing of it by itself. Ordered and oneway sends never retry. Immutable.
 */
final class RetryPolicy {

    /**
     * First wait before a retry on the same broker (the topic has no other): 50 ms,
     * doubled each time.
     */
    static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Longest wait before a retry on the same broker: 1 s. */
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What went wrong with one attempt. */
    enum Failure {

        /** The connection to the broker could not be opened. */
        CONNECT_FAILED,

        /**
         * The connection closed before the answer came (or another transport failure).
         */
        CONNECTION_CLOSED,

        /**
         * No answer within the attempt's timeout: the message may be stored all the same.
         */
        TIMEOUT,

        /**
         * The broker answered with a code in {@link SendOptions#retryResponseCodes()}
         * (SYSTEM_BUSY, ...).
         */
        RETRYABLE_CODE,

        /** The broker answered with any other error code (MESSAGE_ILLEGAL, ...). */
        OTHER_CODE,

        /**
         * The broker refused the credentials or the user
         * ({@link io.liftoff.client.AccessDeniedException}): refused again on any attempt
         * until the credentials or the ACLs change, so never retried, whatever
         * {@link SendOptions#retryResponseCodes()} say of NO_PERMISSION.
         */
        ACCESS_DENIED,

        /** The route names the broker but no master address for it. */
        NO_MASTER_ADDRESS,

        /** The broker's answer could not be read. */
        MALFORMED_RESPONSE,

        /** The client itself could not send (closed, out of resources). */
        CLIENT_ERROR

    }

    /** How a failure takes its broker out of rotation. */
    enum Isolation {

        /** Not at all. */
        NONE,

        /**
         * For the failure isolation time
         * ({@code FaultToleranceOptions#failureIsolation()}).
         */
        FOR_ISOLATION_TIME,

        /**
         * For the failure isolation time, and then until a probe or an attempt reaches
         * it.
         */
        UNTIL_REACHED

    }

    /**
     * One row of the table.
     *
     * @param failure what went wrong
     * @param retried whether the send is tried again while attempts and time remain
     * @param retriedOnSoleBroker whether it is tried again when the topic has no other
     * broker
     * @param isolation how the broker leaves rotation
     * @param backoff whether a retry on the same broker waits first
     * ({@link #backoffNanos(int)})
     * @param failsAsIs whether a send that ends with it throws the failure itself instead
     * of a {@code SendFailedException} that lists the attempts
     */
    record Rule(Failure failure, boolean retried, boolean retriedOnSoleBroker, Isolation isolation, boolean backoff,
            boolean failsAsIs) {
    }

    /** The table: one rule per {@link Failure}, in its order. */
    static final List<Rule> RULES = List.of(
            new Rule(Failure.CONNECT_FAILED, true, true, Isolation.UNTIL_REACHED, true, false),
            new Rule(Failure.CONNECTION_CLOSED, true, true, Isolation.UNTIL_REACHED, true, false),
            // A timed-out request may still be stored: with no other broker a retry would
            // only add a duplicate
            // and more load to a broker that is already too slow.
            new Rule(Failure.TIMEOUT, true, false, Isolation.UNTIL_REACHED, false, false),
            new Rule(Failure.RETRYABLE_CODE, true, true, Isolation.FOR_ISOLATION_TIME, true, false),
            new Rule(Failure.OTHER_CODE, false, false, Isolation.NONE, false, true),
            new Rule(Failure.ACCESS_DENIED, false, false, Isolation.NONE, false, true),
            new Rule(Failure.NO_MASTER_ADDRESS, true, true, Isolation.NONE, true, false),
            new Rule(Failure.MALFORMED_RESPONSE, true, true, Isolation.NONE, true, false),
            new Rule(Failure.CLIENT_ERROR, false, false, Isolation.NONE, false, false));

    private final Map<Failure, Rule> rules = new EnumMap<>(Failure.class);

    private final SendOptions options;

    RetryPolicy(SendOptions options) {
        this.options = options;
        for (Rule rule : RULES) {
            this.rules.put(rule.failure(), rule);
        }
    }

    /**
     * Tells what kind of failure an attempt's error is, when the attempt reached the
     * transport or the broker.
     * @param error the error, unwrapped
     * @return its kind
     */
    Failure classify(Throwable error) {
        if (error instanceof AccessDeniedException) {
            return Failure.ACCESS_DENIED;
        }
        if (error instanceof ErrorResponseException refused) {
            return this.options.retryResponseCodes().contains(refused.code()) ? Failure.RETRYABLE_CODE
                    : Failure.OTHER_CODE;
        }
        if (error instanceof RequestTimeoutException) {
            return Failure.TIMEOUT;
        }
        if (error instanceof ConnectFailedException) {
            return Failure.CONNECT_FAILED;
        }
        if (error instanceof ConnectionClosedException || error instanceof RemotingException) {
            return Failure.CONNECTION_CLOSED;
        }
        return Failure.CLIENT_ERROR;
    }

    /**
     * Returns the rule of a kind of failure.
     * @param failure the kind
     * @return its rule
     */
    Rule rule(Failure failure) {
        return this.rules.get(failure);
    }

    /**
     * Tells whether a send stored with a status other than {@code SEND_OK} (flush or
     * slave timeouts) is sent again on another broker: only with
     * {@link SendOptions#retryAnotherBrokerWhenNotStoreOk()}; otherwise the result is
     * returned with that status.
     * @param status the status the broker stored the message with
     * @return whether to send it again
     */
    boolean resendWhenStored(SendStatus status) {
        return status != SendStatus.SEND_OK && this.options.retryAnotherBrokerWhenNotStoreOk();
    }

    /**
     * Returns how long a retry on the same broker waits, so that a busy or absent broker
     * that is the topic's only one is not asked again in a tight loop: 50 ms after the
     * first attempt, doubled after each, at most 1 s.
     * @param attemptsMade the attempts made so far, 1 or more
     * @return the wait in nanoseconds
     */
    long backoffNanos(int attemptsMade) {
        int doublings = Math.min(Math.max(0, attemptsMade - 1), 20);
        return Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << doublings);
    }

}
