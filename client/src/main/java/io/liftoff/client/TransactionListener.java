package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * The application's side of a transactional message: runs the local transaction that
 * decides whether the message is delivered, and answers the broker when it asks about a
 * transaction left undecided.
 *
 * <p>
 * Both methods should return quickly and may throw: an exception, like a {@code null}
 * return, counts as {@link LocalTransactionState#UNKNOWN} and is logged, and the broker
 * asks again later. {@link #checkLocalTransaction} runs on the producer's callback
 * threads ({@link TransportOptions#callbackThreads()}, or the {@link ClientResources}'
 * when shared), never on an I/O thread; it may run while {@link #executeLocalTransaction}
 * of the same message is still running, when that takes longer than the broker's
 * {@code transactionTimeOut} (6 s by default).
 *
 * <p>
 * {@link #checkLocalTransaction} is the one abstract method, so a lambda is a listener
 * that only answers checks: enough for {@link ProducerBuilder#transactionListener}.
 *
 * @see Producer#sendInTransaction(Message, TransactionListener, Object)
 * @see ProducerBuilder#transactionListener(TransactionListener)
 */
public interface TransactionListener {

    /**
     * Runs the local transaction once the broker has stored the half message, on the
     * thread that called {@link Producer#sendInTransaction}: the shape of the official
     * client's listener. Implement this one, or
     * {@link #executeLocalTransaction(Message, SendResult, Object)} when the local
     * transaction records the message id (what a later check names in
     * {@link HalfMessage#messageId()}); a listener given to {@code sendInTransaction}
     * that implements neither is refused before anything is sent.
     * @param message the message as the application passed it
     * @param arg the argument given to {@code sendInTransaction}, as it is
     * @return the local transaction's outcome
     */
    default LocalTransactionState executeLocalTransaction(Message message, @Nullable Object arg) {
        throw new UnsupportedOperationException(
                getClass().getName() + " implements neither executeLocalTransaction(Message, Object) nor "
                        + "executeLocalTransaction(Message, SendResult, Object)");
    }

    /**
     * Runs the local transaction once the broker has stored the half message, knowing
     * what the broker answered: the message id ({@link SendResult#messageId()}, the id
     * checks name and consumers see), the queue and the offsets. The producer calls this
     * one; by default it calls {@link #executeLocalTransaction(Message, Object)}.
     * @param message the message as the application passed it
     * @param halfResult the broker's answer to the half message, always
     * {@link SendStatus#SEND_OK}
     * @param arg the argument given to {@code sendInTransaction}, as it is
     * @return the local transaction's outcome
     */
    default LocalTransactionState executeLocalTransaction(Message message, SendResult halfResult,
            @Nullable Object arg) {
        return executeLocalTransaction(message, arg);
    }

    /**
     * Tells the broker what became of a transaction it holds a half message for: asked
     * when the first answer was {@link LocalTransactionState#UNKNOWN}, got lost, or came
     * from a producer that is gone. Look the outcome up from what the local transaction
     * left behind (a row keyed by the message's keys or a user property, for example),
     * not from memory: the check may come after a restart.
     * @param message the half message as the broker stored it
     * @return the local transaction's outcome
     */
    LocalTransactionState checkLocalTransaction(HalfMessage message);

}
