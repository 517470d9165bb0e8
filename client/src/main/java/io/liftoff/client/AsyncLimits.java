package io.liftoff.client;

/**
 * Bounds on asynchronous sends in flight, so that memory stays bounded however fast
 * callers submit. A caller over a bound waits up to the send timeout for room, then gets
 * a {@link BackpressureException}. Defaults are the official 5.x client's back-pressure
 * values (which it leaves off; Liftoff always applies them).
 */
public final class AsyncLimits {

    /** Default largest number of async sends in flight: 10,000. */
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 10_000;

    /** Default largest number of body bytes of async sends in flight: 100 MiB. */
    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 100L * 1024 * 1024;

    /**
     * Smallest bound on body bytes in flight accepted: 1 MiB, so that one large message
     * fits.
     */
    public static final long MIN_MAX_IN_FLIGHT_BYTES = 1024 * 1024;

    private static final AsyncLimits DEFAULTS = new AsyncLimits(DEFAULT_MAX_IN_FLIGHT_REQUESTS,
            DEFAULT_MAX_IN_FLIGHT_BYTES);

    private final int maxInFlightRequests;

    private final long maxInFlightBytes;

    private AsyncLimits(int maxInFlightRequests, long maxInFlightBytes) {
        this.maxInFlightRequests = maxInFlightRequests;
        this.maxInFlightBytes = maxInFlightBytes;
    }

    /**
     * @return the default limits
     */
    public static AsyncLimits defaults() {
        return DEFAULTS;
    }

    /**
     * Creates limits.
     * @param maxInFlightRequests at least 1
     * @param maxInFlightBytes at least {@link #MIN_MAX_IN_FLIGHT_BYTES}
     * @return the limits
     * @throws InvalidOptionException naming the value that is out of range
     */
    public static AsyncLimits of(int maxInFlightRequests, long maxInFlightBytes) {
        return new AsyncLimits(OptionChecks.atLeast("maxInFlightRequests", maxInFlightRequests, 1),
                OptionChecks.atLeastBytes("maxInFlightBytes", maxInFlightBytes, MIN_MAX_IN_FLIGHT_BYTES));
    }

    /**
     * @return the largest number of async sends in flight
     */
    public int maxInFlightRequests() {
        return this.maxInFlightRequests;
    }

    /**
     * @return the largest number of body bytes of async sends in flight
     */
    public long maxInFlightBytes() {
        return this.maxInFlightBytes;
    }

    @Override
    public String toString() {
        return "AsyncLimits[maxInFlightRequests=" + this.maxInFlightRequests + ", maxInFlightBytes="
                + this.maxInFlightBytes + "]";
    }

}
