package io.liftoff.client.internal.send;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.ProducerClosedException;

/**
 * Runs sends' next attempts after their back-off, on the producer's timer, and remembers
 * which sends wait: when the producer closes, those are ended at once
 * ({@link #abandonAll()}) rather than left to a timer that may never run them again. Each
 * waiting send is either started by the timer or abandoned, never both. Thread-safe.
 */
final class RetryTimer {

    private final ScheduledExecutorService timer;

    private final Set<SendOperation> waiting = ConcurrentHashMap.newKeySet();

    RetryTimer(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Starts a send's next attempt after a wait; when the timer is shut down (the
     * producer closing), ends the send with a {@link ProducerClosedException} instead.
     * @param operation the send
     * @param delayNanos the wait
     * @param waitingFor what the send waits for, for the exception's message
     */
    void later(SendOperation operation, long delayNanos, String waitingFor) {
        this.waiting.add(operation);
        try {
            this.timer.schedule(() -> {
                if (this.waiting.remove(operation)) {
                    operation.start();
                }
            }, delayNanos, TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            this.waiting.remove(operation);
            operation.abandon(new ProducerClosedException("Producer is closed; send to topic '" + operation.topic()
                    + "' abandoned after " + operation.attempts() + " attempts while waiting " + waitingFor));
        }
    }

    /**
     * @return how many sends wait for their next attempt
     */
    int waiting() {
        return this.waiting.size();
    }

    /**
     * Ends every send still waiting for its next attempt with a
     * {@link ProducerClosedException}.
     */
    void abandonAll() {
        for (SendOperation operation : this.waiting) {
            if (this.waiting.remove(operation)) {
                operation.abandon(new ProducerClosedException("Producer is closed; send to topic '" + operation.topic()
                        + "' abandoned after " + operation.attempts() + " attempts while waiting to retry"));
            }
        }
    }

}
