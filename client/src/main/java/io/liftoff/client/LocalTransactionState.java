package io.liftoff.client;

/**
 * What a {@link TransactionListener} says of its local transaction, and so what happens
 * to the half message the broker holds for it.
 */
public enum LocalTransactionState {

    /** The local transaction committed: the broker delivers the message to consumers. */
    COMMIT,

    /**
     * The local transaction rolled back: the broker drops the message, never delivered.
     */
    ROLLBACK,

    /**
     * Not known yet: the broker keeps the message undelivered and asks again later (the
     * broker's {@code transactionCheckInterval}, 30 s by default, at most
     * {@code transactionCheckMax} times, 15 by default, after which it drops it).
     */
    UNKNOWN

}
