package io.liftoff.client;

import java.time.Duration;

/**
 * Message trace, as the official client writes it for RocketMQ's own tools (the
 * Dashboard's message trace view): when enabled, every send that ends with a result (and
 * every oneway send handed to the broker) is recorded as a {@code Pub} trace record,
 * queued, and sent in batches as normal messages to the trace topic. Tracing never slows
 * or fails the traced send: a record that finds the queue full is dropped and counted
 * ({@link Producer#traceStats()}), and a trace message that cannot be sent is logged at
 * debug level and counted. Off by default, as in the official client.
 */
public final class TraceOptions {

    /** Default trace topic: {@code RMQ_SYS_TRACE_TOPIC}, the official client's. */
    public static final String DEFAULT_TOPIC = "RMQ_SYS_TRACE_TOPIC";

    /**
     * Default number of records waiting to be sent before new ones are dropped: 2,048.
     */
    public static final int DEFAULT_QUEUE_CAPACITY = 2048;

    /** Default number of records that make a trace message go out at once: 100. */
    public static final int DEFAULT_BATCH_SIZE = 100;

    /** Default longest time a record waits to be sent: 100 ms. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);

    /** Default largest trace message body: 128,000 bytes, the official dispatcher's. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 128_000;

    /** Default largest number of trace messages in flight: 16. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 16;

    private static final TraceOptions DISABLED = builder().build();

    private final boolean enabled;

    private final String topic;

    private final int queueCapacity;

    private final int batchSize;

    private final Duration flushInterval;

    private final int maxMessageSize;

    private final int maxInFlight;

    private TraceOptions(Builder builder) {
        this.enabled = builder.enabled;
        this.topic = builder.topic;
        this.queueCapacity = builder.queueCapacity;
        this.batchSize = builder.batchSize;
        this.flushInterval = builder.flushInterval;
        this.maxMessageSize = builder.maxMessageSize;
        this.maxInFlight = builder.maxInFlight;
    }

    /**
     * @return tracing off (the default)
     */
    public static TraceOptions disabled() {
        return DISABLED;
    }

    /**
     * @return tracing on, to {@value #DEFAULT_TOPIC}, with the default limits
     */
    public static TraceOptions enabled() {
        return builder().enabled(true).build();
    }

    /**
     * @return a builder with the defaults (tracing off)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding these options
     */
    public Builder mutate() {
        Builder builder = new Builder();
        builder.enabled = this.enabled;
        builder.topic = this.topic;
        builder.queueCapacity = this.queueCapacity;
        builder.batchSize = this.batchSize;
        builder.flushInterval = this.flushInterval;
        builder.maxMessageSize = this.maxMessageSize;
        builder.maxInFlight = this.maxInFlight;
        return builder;
    }

    /**
     * @return whether sends are traced (default false)
     */
    public boolean isEnabled() {
        return this.enabled;
    }

    /**
     * @return the topic trace records go to, as the application names it (default
     * {@value #DEFAULT_TOPIC}; a customized topic gets the producer's namespace, the
     * system topic does not)
     */
    public String topic() {
        return this.topic;
    }

    /**
     * @return how many records wait at most; more are dropped
     */
    public int queueCapacity() {
        return this.queueCapacity;
    }

    /**
     * @return how many records make a trace message go out without waiting for the flush
     * interval, and the most records one flush takes per message
     */
    public int batchSize() {
        return this.batchSize;
    }

    /**
     * @return the longest time a record waits before it is sent
     */
    public Duration flushInterval() {
        return this.flushInterval;
    }

    /**
     * @return the largest trace message body in bytes
     */
    public int maxMessageSize() {
        return this.maxMessageSize;
    }

    /**
     * @return the most trace messages in flight; records wait in the queue beyond it
     */
    public int maxInFlight() {
        return this.maxInFlight;
    }

    @Override
    public String toString() {
        return "TraceOptions[enabled=" + this.enabled + ", topic=" + this.topic + ", queueCapacity="
                + this.queueCapacity + ", batchSize=" + this.batchSize + ", flushInterval=" + this.flushInterval
                + ", maxMessageSize=" + this.maxMessageSize + ", maxInFlight=" + this.maxInFlight + "]";
    }

    /**
     * Builds {@link TraceOptions}; each setter checks its value and throws
     * {@link InvalidOptionException} naming the option when it is out of range.
     */
    public static final class Builder {

        private boolean enabled;

        private String topic = DEFAULT_TOPIC;

        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

        private int batchSize = DEFAULT_BATCH_SIZE;

        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;

        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

        private Builder() {
        }

        /**
         * Turns tracing on or off (default off).
         * @param enabled whether sends are traced
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Sets the trace topic (default {@value TraceOptions#DEFAULT_TOPIC}); sends to it
         * are not traced.
         * @param topic the topic
         * @return this builder
         * @throws InvalidOptionException when it is blank
         */
        public Builder topic(String topic) {
            this.topic = OptionChecks.notBlank("topic", topic);
            return this;
        }

        /**
         * Sets how many records may wait (default
         * {@value TraceOptions#DEFAULT_QUEUE_CAPACITY}).
         * @param queueCapacity at least 1
         * @return this builder
         * @throws InvalidOptionException when it is below 1
         */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = OptionChecks.atLeast("queueCapacity", queueCapacity, 1);
            return this;
        }

        /**
         * Sets how many records make a trace message (default
         * {@value TraceOptions#DEFAULT_BATCH_SIZE}).
         * @param batchSize at least 1
         * @return this builder
         * @throws InvalidOptionException when it is below 1
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = OptionChecks.atLeast("batchSize", batchSize, 1);
            return this;
        }

        /**
         * Sets the longest time a record waits (default 100 ms).
         * @param flushInterval positive
         * @return this builder
         * @throws InvalidOptionException when it is not positive
         */
        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = OptionChecks.positive("flushInterval", flushInterval);
            return this;
        }

        /**
         * Sets the largest trace message body (default
         * {@value TraceOptions#DEFAULT_MAX_MESSAGE_SIZE} bytes).
         * @param maxMessageSize at least 1 KiB
         * @return this builder
         * @throws InvalidOptionException when it is below 1 KiB
         */
        public Builder maxMessageSize(int maxMessageSize) {
            this.maxMessageSize = (int) OptionChecks.atLeastBytes("maxMessageSize", maxMessageSize, 1024);
            return this;
        }

        /**
         * Sets the most trace messages in flight (default
         * {@value TraceOptions#DEFAULT_MAX_IN_FLIGHT}).
         * @param maxInFlight at least 1
         * @return this builder
         * @throws InvalidOptionException when it is below 1
         */
        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = OptionChecks.atLeast("maxInFlight", maxInFlight, 1);
            return this;
        }

        /**
         * @return the options
         */
        public TraceOptions build() {
            return new TraceOptions(this);
        }

    }

}
