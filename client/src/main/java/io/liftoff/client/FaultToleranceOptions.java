package io.liftoff.client;

import java.time.Duration;
import java.util.Arrays;

/**
 * Latency fault tolerance: every attempt records its latency per broker; a slow broker is
 * left out of rotation for a time that grows with its latency (the {@link #latencyMax()}
 * and {@link #notAvailableDuration()} tables, the official 5.x values by default) and a
 * failed one is isolated and probed every {@link #probeInterval()} until it answers, then
 * returned to rotation at once. Enabled by default (the official client ships it off).
 * Immutable; build with {@link #builder()}.
 */
public final class FaultToleranceOptions {

    /** Default: enabled. */
    public static final boolean DEFAULT_ENABLED = true;

    /** Default latency thresholds, ms (official 5.x). */
    public static final long[] DEFAULT_LATENCY_MAX = { 50, 100, 550, 1800, 3000, 5000, 15000 };

    /** Default isolation per threshold, ms (official 5.x). */
    public static final long[] DEFAULT_NOT_AVAILABLE_DURATION = { 0, 0, 2000, 5000, 6000, 10000, 30000 };

    /**
     * Default isolation of a broker after a failed attempt: 10 s (official 5.x), ended
     * early by a probe.
     */
    public static final Duration DEFAULT_FAILURE_ISOLATION = Duration.ofSeconds(10);

    /** Default interval between probes of an isolated broker: 1 s. */
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);

    /** Default timeout of one probe: 500 ms. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofMillis(500);

    private static final FaultToleranceOptions DEFAULTS = builder().build();

    private final boolean enabled;

    private final long[] latencyMax;

    private final long[] notAvailableDuration;

    private final Duration failureIsolation;

    private final Duration probeInterval;

    private final Duration probeTimeout;

    private FaultToleranceOptions(Builder builder) {
        this.enabled = builder.enabled;
        this.latencyMax = builder.latencyMax.clone();
        this.notAvailableDuration = builder.notAvailableDuration.clone();
        this.failureIsolation = builder.failureIsolation;
        this.probeInterval = builder.probeInterval;
        this.probeTimeout = builder.probeTimeout;
    }

    /**
     * @return the options with every default
     */
    public static FaultToleranceOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @return a new builder with every default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding these values
     */
    public Builder mutate() {
        return new Builder().enabled(this.enabled)
            .latencyTable(this.latencyMax, this.notAvailableDuration)
            .failureIsolation(this.failureIsolation)
            .probeInterval(this.probeInterval)
            .probeTimeout(this.probeTimeout);
    }

    /**
     * @return whether queue selection avoids isolated brokers
     */
    public boolean enabled() {
        return this.enabled;
    }

    /**
     * @return the latency thresholds in ms, ascending (a copy)
     */
    public long[] latencyMax() {
        return this.latencyMax.clone();
    }

    /**
     * @return the isolation in ms for each threshold (a copy)
     */
    public long[] notAvailableDuration() {
        return this.notAvailableDuration.clone();
    }

    /**
     * @return how long a broker is isolated after a failed attempt unless a probe reaches
     * it sooner
     */
    public Duration failureIsolation() {
        return this.failureIsolation;
    }

    /**
     * @return how often isolated brokers are probed
     */
    public Duration probeInterval() {
        return this.probeInterval;
    }

    /**
     * @return the timeout of one probe
     */
    public Duration probeTimeout() {
        return this.probeTimeout;
    }

    /**
     * Looks up the isolation for a latency: the duration of the largest threshold the
     * latency reaches.
     * @param latencyMillis the attempt's latency
     * @return the isolation in ms, 0 for none
     */
    public long isolationFor(long latencyMillis) {
        for (int i = this.latencyMax.length - 1; i >= 0; i--) {
            if (latencyMillis >= this.latencyMax[i]) {
                return this.notAvailableDuration[i];
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return "FaultToleranceOptions[enabled=" + this.enabled + ", latencyMax=" + Arrays.toString(this.latencyMax)
                + ", notAvailableDuration=" + Arrays.toString(this.notAvailableDuration) + ", failureIsolation="
                + this.failureIsolation + ", probeInterval=" + this.probeInterval + ", probeTimeout="
                + this.probeTimeout + "]";
    }

    /** Builds {@link FaultToleranceOptions}. */
    public static final class Builder {

        private boolean enabled = DEFAULT_ENABLED;

        private long[] latencyMax = DEFAULT_LATENCY_MAX;

        private long[] notAvailableDuration = DEFAULT_NOT_AVAILABLE_DURATION;

        private Duration failureIsolation = DEFAULT_FAILURE_ISOLATION;

        private Duration probeInterval = DEFAULT_PROBE_INTERVAL;

        private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;

        private Builder() {
        }

        /**
         * Enables or disables fault-aware selection (default {@link #DEFAULT_ENABLED}).
         * @param enabled the setting
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Sets the two tables (defaults {@link #DEFAULT_LATENCY_MAX},
         * {@link #DEFAULT_NOT_AVAILABLE_DURATION}).
         * @param latencyMax latency thresholds in ms, at least one, ascending, not
         * negative
         * @param notAvailableDuration isolation in ms per threshold, not negative, same
         * length
         * @return this builder
         * @throws InvalidOptionException naming {@code latencyMax} or
         * {@code notAvailableDuration}, whichever is wrong
         */
        public Builder latencyTable(long[] latencyMax, long[] notAvailableDuration) {
            OptionChecks.required("latencyMax", latencyMax);
            OptionChecks.required("notAvailableDuration", notAvailableDuration);
            if (latencyMax.length == 0) {
                throw new InvalidOptionException("latencyMax", "latencyMax must have at least one threshold, was []");
            }
            if (notAvailableDuration.length != latencyMax.length) {
                throw new InvalidOptionException("notAvailableDuration",
                        "notAvailableDuration must have one entry " + "per latencyMax threshold (" + latencyMax.length
                                + "), has " + notAvailableDuration.length + ": "
                                + Arrays.toString(notAvailableDuration));
            }
            for (int i = 0; i < latencyMax.length; i++) {
                if (latencyMax[i] < 0) {
                    throw new InvalidOptionException("latencyMax",
                            "latencyMax entries must not be negative, was " + Arrays.toString(latencyMax));
                }
                if (notAvailableDuration[i] < 0) {
                    throw new InvalidOptionException("notAvailableDuration", "notAvailableDuration entries must "
                            + "not be negative, was " + Arrays.toString(notAvailableDuration));
                }
                if (i > 0 && latencyMax[i] < latencyMax[i - 1]) {
                    throw new InvalidOptionException("latencyMax",
                            "latencyMax must be in ascending order, was " + Arrays.toString(latencyMax));
                }
            }
            this.latencyMax = latencyMax.clone();
            this.notAvailableDuration = notAvailableDuration.clone();
            return this;
        }

        /**
         * Sets the isolation after a failed attempt (default
         * {@link #DEFAULT_FAILURE_ISOLATION}).
         * @param failureIsolation a positive duration
         * @return this builder
         * @throws InvalidOptionException when it is not positive
         */
        public Builder failureIsolation(Duration failureIsolation) {
            this.failureIsolation = OptionChecks.positive("failureIsolation", failureIsolation);
            return this;
        }

        /**
         * Sets the probe interval (default {@link #DEFAULT_PROBE_INTERVAL}).
         * @param probeInterval a positive duration
         * @return this builder
         * @throws InvalidOptionException when it is not positive
         */
        public Builder probeInterval(Duration probeInterval) {
            this.probeInterval = OptionChecks.positive("probeInterval", probeInterval);
            return this;
        }

        /**
         * Sets the probe timeout (default {@link #DEFAULT_PROBE_TIMEOUT}).
         * @param probeTimeout a positive duration
         * @return this builder
         * @throws InvalidOptionException when it is not positive
         */
        public Builder probeTimeout(Duration probeTimeout) {
            this.probeTimeout = OptionChecks.positive("probeTimeout", probeTimeout);
            return this;
        }

        /**
         * @return the immutable options
         */
        public FaultToleranceOptions build() {
            return new FaultToleranceOptions(this);
        }

    }

}
