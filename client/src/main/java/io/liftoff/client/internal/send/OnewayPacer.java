package io.liftoff.client.internal.send;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.liftoff.client.BackpressureException;

/**
 * Keeps oneway sends to one broker from outrunning it. A broker queues what it reads and, when its send queue is
 * full or a request waited too long in it, drops oneway requests without a word. So every oneway send takes a
 * credit, and every {@value #ACK_EVERY}th one is sent as an ordinary request whose answer (or failure) returns
 * the credits of the {@value #ACK_EVERY} sends up to it: at most {@value #WINDOW} oneway requests are ever
 * unanswered on one broker, and a producer that writes faster than the broker stores is slowed down instead of
 * having its messages dropped. Thread-safe.
 */
final class OnewayPacer {

    /** Most oneway sends to one broker whose processing is not yet confirmed. */
    static final int WINDOW = 1024;

    /** One send in this many asks for an answer. */
    static final int ACK_EVERY = 128;

    private final Semaphore credits = new Semaphore(WINDOW);

    private final AtomicLong sent = new AtomicLong();

    /**
     * Takes a credit for one send.
     *
     * @param broker the broker, for the message
     * @param timeoutNanos the longest wait
     * @return the credits the answer to this send gives back: {@value #ACK_EVERY} when it must be sent as an
     *         ordinary request, 0 for a plain oneway request
     * @throws BackpressureException when the broker has not confirmed earlier sends in time
     */
    int acquire(String broker, long timeoutNanos) {
        try {
            if (!this.credits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new BackpressureException("Oneway send refused: broker '" + broker + "' has not confirmed the "
                        + "last " + WINDOW + " oneway sends within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                        + " ms");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new BackpressureException("Interrupted while waiting for room to send");
        }
        return (this.sent.incrementAndGet() % ACK_EVERY == 0) ? ACK_EVERY : 0;
    }

    /**
     * Gives credits back once an answered send completed, whatever its outcome.
     *
     * @param count what {@link #acquire} returned for it
     */
    void release(int count) {
        this.credits.release(count);
    }
}
