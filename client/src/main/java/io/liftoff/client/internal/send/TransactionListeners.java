package io.liftoff.client.internal.send;

import java.util.LinkedHashMap;
import java.util.Map;

import io.liftoff.client.TransactionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Which listener answers the broker's check of a transaction: the one its message was
 * sent with, remembered by message id from the half message's store until the decision
 * reached the broker; else the producer's own (the builder's), which also takes checks of
 * transactions sent before a restart. Remembers at most {@code capacity} undecided
 * transactions, forgetting the oldest first, so that transactions whose check never comes
 * cannot fill memory. Thread-safe.
 */
final class TransactionListeners {

    /** Undecided transactions whose listener is remembered, at most. */
    static final int DEFAULT_CAPACITY = 10_000;

    private static final Logger logger = LoggerFactory.getLogger(TransactionListeners.class);

    private final @Nullable TransactionListener fallback;

    private final Map<String, TransactionListener> undecided;

    /**
     * @param fallback the producer's listener; none when it has none
     * @param capacity how many undecided transactions to remember at most
     */
    TransactionListeners(@Nullable TransactionListener fallback, int capacity) {
        this.fallback = fallback;
        this.undecided = new LinkedHashMap<>(64, 0.75f, false) {

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TransactionListener> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                logger.debug("More than {} undecided transactions: the listener of message {} is forgotten, "
                        + "its checks go to the producer's transaction listener", capacity, eldest.getKey());
                return true;
            }

        };
    }

    /**
     * Remembers the listener of a half message the broker stored. A listener that is the
     * producer's own is not remembered: checks reach it anyway.
     * @param messageId the message id
     * @param listener its listener
     */
    void sent(String messageId, TransactionListener listener) {
        if (listener == this.fallback) {
            return;
        }
        synchronized (this.undecided) {
            this.undecided.put(messageId, listener);
        }
    }

    /**
     * Forgets a transaction whose decision reached the broker.
     * @param messageId the message id
     */
    void decided(String messageId) {
        synchronized (this.undecided) {
            this.undecided.remove(messageId);
        }
    }

    /**
     * Returns the listener that answers a check.
     * @param messageId the message id the broker asks about
     * @return the listener the message was sent with, else the producer's own; none when
     * neither is known
     */
    @Nullable TransactionListener forCheck(String messageId) {
        TransactionListener listener;
        synchronized (this.undecided) {
            listener = this.undecided.get(messageId);
        }
        return (listener != null) ? listener : this.fallback;
    }

    /**
     * @return how many undecided transactions are remembered
     */
    int size() {
        synchronized (this.undecided) {
            return this.undecided.size();
        }
    }

}
