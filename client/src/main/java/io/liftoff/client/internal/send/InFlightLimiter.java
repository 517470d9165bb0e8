package io.liftoff.client.internal.send;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.AsyncLimits;
import io.liftoff.client.BackpressureException;

/**
 * Bounds async sends in flight by count and by body bytes. A caller over a bound waits up
 * to its timeout, then gets a {@link BackpressureException}. A body larger than the byte
 * bound may still go, alone.
 */
final class InFlightLimiter {

    private final int maxRequests;

    private final int maxBytes;

    private final Semaphore requests;

    private final Semaphore bytes;

    /** Notified when the last send in flight ends while somebody waits for that. */
    private final Object drained = new Object();

    private volatile boolean draining;

    InFlightLimiter(AsyncLimits limits) {
        this.maxRequests = limits.maxInFlightRequests();
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE, limits.maxInFlightBytes());
        this.requests = new Semaphore(this.maxRequests);
        this.bytes = new Semaphore(this.maxBytes);
    }

    /**
     * Takes room for one send.
     * @param size the body bytes
     * @param timeoutNanos the longest wait
     * @return the byte permits taken, to pass to {@link #release(int)}
     * @throws BackpressureException when no room came in time
     */
    int acquire(int size, long timeoutNanos) {
        int permits = Math.max(1, Math.min(size, this.maxBytes));
        long start = System.nanoTime();
        try {
            if (!this.requests.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new BackpressureException("Async send refused: " + this.maxRequests
                        + " sends already in flight (the limit) and none finished within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            }
            long left = timeoutNanos - (System.nanoTime() - start);
            if (!this.bytes.tryAcquire(permits, Math.max(0, left), TimeUnit.NANOSECONDS)) {
                this.requests.release();
                throw new BackpressureException("Async send refused: " + (this.maxBytes - this.bytes.availablePermits())
                        + " body bytes already in flight (limit " + this.maxBytes + ") and no room for " + size
                        + " more within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            }
            return permits;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new BackpressureException("Interrupted while waiting for room to send");
        }
    }

    void release(int permits) {
        this.bytes.release(permits);
        this.requests.release();
        if (this.draining && this.requests.availablePermits() == this.maxRequests) {
            synchronized (this.drained) {
                this.drained.notifyAll();
            }
        }
    }

    /**
     * Waits until no send is in flight, or the grace period ends (when the producer
     * closes).
     * @param grace the longest wait
     * @return the sends still in flight, 0 when all ended
     */
    long awaitDrained(Duration grace) {
        this.draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (this.drained) {
            while (inFlightRequests() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    this.drained.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return inFlightRequests();
    }

    long inFlightRequests() {
        return this.maxRequests - this.requests.availablePermits();
    }

    long inFlightBytes() {
        return this.maxBytes - this.bytes.availablePermits();
    }

}
