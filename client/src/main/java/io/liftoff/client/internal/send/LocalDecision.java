package io.liftoff.client.internal.send;

import java.util.function.Supplier;

import io.liftoff.client.HalfMessage;
import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.Message;
import io.liftoff.client.SendResult;
import io.liftoff.client.TransactionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link TransactionListener} decided, with the one guard around both of its
 * calls: an exception or a {@code null} answer is logged and counts as
 * {@link LocalTransactionState#UNKNOWN}, so that the broker asks again later; the
 * exception is kept for the caller and the broker's log.
 *
 * @param state the decision
 * @param failure what the listener threw, if it threw
 */
record LocalDecision(LocalTransactionState state, @Nullable Throwable failure) {

    private static final Logger logger = LoggerFactory.getLogger(LocalDecision.class);

    /**
     * Runs a local transaction.
     * @param listener the listener
     * @param message the message
     * @param halfResult the broker's answer to the half message
     * @param arg the caller's argument
     * @return its decision
     */
    static LocalDecision execute(TransactionListener listener, Message message, SendResult halfResult,
            @Nullable Object arg) {
        return guarded(() -> listener.executeLocalTransaction(message, halfResult, arg), "executeLocalTransaction",
                halfResult.messageId(), message.topic());
    }

    /**
     * Checks, before anything is sent, that a listener runs local transactions: that it
     * implements one of the two {@code executeLocalTransaction} methods (a lambda only
     * answers checks).
     * @param listener the listener given to {@code sendInTransaction}
     * @throws IllegalArgumentException naming the listener's class when it implements
     * neither
     */
    static void requireExecutes(TransactionListener listener) {
        if (declaredByInterface(listener, Message.class, Object.class)
                && declaredByInterface(listener, Message.class, SendResult.class, Object.class)) {
            throw new IllegalArgumentException("The TransactionListener given to sendInTransaction ("
                    + listener.getClass().getName() + ") implements neither executeLocalTransaction(Message, Object) "
                    + "nor executeLocalTransaction(Message, SendResult, Object): it can answer checks, not run a "
                    + "local transaction");
        }
    }

    private static boolean declaredByInterface(TransactionListener listener, Class<?>... parameters) {
        try {
            return listener.getClass()
                .getMethod("executeLocalTransaction", parameters)
                .getDeclaringClass() == TransactionListener.class;
        }
        catch (NoSuchMethodException ex) {
            return true;
        }
    }

    /**
     * Asks what became of a transaction.
     * @param listener the listener
     * @param message the half message the broker asks about
     * @return its decision
     */
    static LocalDecision check(TransactionListener listener, HalfMessage message) {
        return guarded(() -> listener.checkLocalTransaction(message), "checkLocalTransaction", message.messageId(),
                message.topic());
    }

    /**
     * @return the remark of the {@code END_TRANSACTION} request: what the listener threw,
     * if it threw
     */
    @Nullable String remark() {
        return (this.failure != null) ? "Local transaction failed: " + this.failure : null;
    }

    private static LocalDecision guarded(Supplier<@Nullable LocalTransactionState> call, String method,
            String messageId, String topic) {
        LocalTransactionState state;
        try {
            state = call.get();
        }
        catch (Exception ex) {
            logger.warn("TransactionListener.{} of message {} to topic '{}' threw: answered UNKNOWN, the broker asks "
                    + "again later", method, messageId, topic, ex);
            return new LocalDecision(LocalTransactionState.UNKNOWN, ex);
        }
        if (state == null) {
            logger
                .warn("TransactionListener.{} of message {} to topic '{}' returned null: answered UNKNOWN, the broker "
                        + "asks again later", method, messageId, topic);
            return new LocalDecision(LocalTransactionState.UNKNOWN, null);
        }
        return new LocalDecision(state, null);
    }

}
