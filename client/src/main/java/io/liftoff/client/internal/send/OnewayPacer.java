package io.liftoff.client.internal.send;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.liftoff.client.BackpressureException;

/**
 * Keeps oneway sends to one broker from outrunning it. A broker queues what it reads and,
 * when its send queue is full or a request waited too long in it (200 ms by default),
 * drops oneway requests without a word. So every oneway send takes a credit, and every
 * {@value #ACK_EVERY}th one is sent as an ordinary request whose answer (or failure)
 * returns the credits of the {@value #ACK_EVERY} sends up to it: at most
 * {@link #window()} oneway requests are ever unanswered on one broker, and a producer
 * that writes faster than the broker stores is slowed down instead of having its messages
 * dropped.
 *
 * <p>
 * The window adapts to how long the broker takes: an answer slower than
 * {@value #SLOW_ANSWER_MILLIS} ms, or a failed one, halves it (down to
 * {@value #ACK_EVERY}), so that what waits in the broker's queue stays well under its
 * limit even when each message is large or the broker is slow; an answer within
 * {@value #FAST_ANSWER_MILLIS} ms grows it back by {@value #ACK_EVERY} (up to
 * {@value #MAX_WINDOW}). Thread-safe.
 */
final class OnewayPacer {

    /** Most oneway sends to one broker whose processing is not yet confirmed. */
    static final int MAX_WINDOW = 1024;

    /** One send in this many asks for an answer; also the smallest window. */
    static final int ACK_EVERY = 128;

    /** Answers slower than this halve the window. */
    static final long SLOW_ANSWER_MILLIS = 50;

    /** Answers faster than this grow the window. */
    static final long FAST_ANSWER_MILLIS = 10;

    private final Credits credits = new Credits(MAX_WINDOW);

    private final AtomicLong sent = new AtomicLong();

    private int window = MAX_WINDOW;

    /**
     * Takes a credit for one send.
     * @param broker the broker, for the message
     * @param timeoutNanos the longest wait
     * @return the credits the answer to this send gives back: {@value #ACK_EVERY} when it
     * must be sent as an ordinary request, 0 for a plain oneway request
     * @throws BackpressureException when the broker has not confirmed earlier sends in
     * time
     */
    int acquire(String broker, long timeoutNanos) {
        try {
            if (!this.credits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new BackpressureException(
                        "Oneway send refused: broker '" + broker + "' has not confirmed the " + "last " + window()
                                + " oneway sends within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new BackpressureException("Interrupted while waiting for room to send");
        }
        return (this.sent.incrementAndGet() % ACK_EVERY == 0) ? ACK_EVERY : 0;
    }

    /**
     * Gives back the credits of a send that was never written.
     * @param count what {@link #acquire} returned for it
     */
    void release(int count) {
        this.credits.release(count);
    }

    /**
     * Gives credits back once an answered send completed, and adapts the window to how it
     * went.
     * @param count what {@link #acquire} returned for it
     * @param answerNanos how long the answer took
     * @param ok whether the broker stored the message (no failure, no refusal)
     */
    void answered(int count, long answerNanos, boolean ok) {
        int change;
        synchronized (this) {
            int next = this.window;
            if (!ok || answerNanos > TimeUnit.MILLISECONDS.toNanos(SLOW_ANSWER_MILLIS)) {
                next = Math.max(ACK_EVERY, this.window / 2);
            }
            else if (answerNanos < TimeUnit.MILLISECONDS.toNanos(FAST_ANSWER_MILLIS)) {
                next = Math.min(MAX_WINDOW, this.window + ACK_EVERY);
            }
            change = next - this.window;
            this.window = next;
        }
        int returned = count + change;
        if (returned >= 0) {
            this.credits.release(returned);
        }
        else {
            this.credits.reduce(-returned);
        }
    }

    /**
     * @return how many oneway sends may be unconfirmed now
     */
    synchronized int window() {
        return this.window;
    }

    /** A semaphore whose size can shrink while its permits are out. */
    private static final class Credits extends Semaphore {

        private static final long serialVersionUID = 1L;

        Credits(int permits) {
            super(permits);
        }

        void reduce(int count) {
            reducePermits(count);
        }

    }

}
