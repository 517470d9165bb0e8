package io.liftoff.client.internal.route;

/**
 * At most a number of permits per one-second window of a caller-given clock. Thread-safe.
 */
final class RateBudget {

    private final int perSecond;

    private long windowStart = Long.MIN_VALUE;

    private int used;

    /**
     * @param perSecond permits per second, at least 1
     */
    RateBudget(int perSecond) {
        this.perSecond = perSecond;
    }

    /**
     * Takes a permit if this second has one left.
     * @param nowMillis the current time
     * @return whether a permit was taken
     */
    synchronized boolean tryAcquire(long nowMillis) {
        if (this.windowStart == Long.MIN_VALUE || nowMillis - this.windowStart >= 1000) {
            this.windowStart = nowMillis;
            this.used = 0;
        }
        if (this.used >= this.perSecond) {
            return false;
        }
        this.used++;
        return true;
    }

}
