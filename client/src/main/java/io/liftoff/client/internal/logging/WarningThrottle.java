package io.liftoff.client.internal.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decides when a repeated problem is worth a warning: the first occurrence at once, then
 * at most one per interval, each saying how many occurred since the last one (the rest
 * are for debug logging). Thread-safe, lock-free.
 */
public final class WarningThrottle {

    private final long intervalNanos;

    private final AtomicLong nextWarning = new AtomicLong(Long.MIN_VALUE);

    private final LongAdder sinceWarning = new LongAdder();

    /**
     * @param interval the least time between two warnings
     */
    public WarningThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Counts occurrences and says whether to warn now.
     * @param count how many occurred (records, messages, answers)
     * @return how many occurred since the last warning, these included, when a warning is
     * due now; 0 when not
     */
    public long occurred(long count) {
        this.sinceWarning.add(count);
        long now = System.nanoTime();
        long due = this.nextWarning.get();
        if ((due == Long.MIN_VALUE || now - due >= 0)
                && this.nextWarning.compareAndSet(due, now + this.intervalNanos)) {
            return Math.max(1, this.sinceWarning.sumThenReset());
        }
        return 0;
    }

}
