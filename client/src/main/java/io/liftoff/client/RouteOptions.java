package io.liftoff.client;

import java.time.Duration;

/**
 * How topic routes are looked up and kept fresh. Immutable; build with
 * {@link #builder()}, copy with {@link #mutate()}.
 */
public final class RouteOptions {

    /** Default interval of the background route refresh: 30 s, as the official client. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);

    /**
     * Default timeout of one NameServer request: 3 s, as the official client's
     * {@code mqClientApiTimeout}.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(3);

    /**
     * Default topic whose route is used to auto-create unknown topics: {@code TBW102}.
     */
    public static final String DEFAULT_DEFAULT_TOPIC = "TBW102";

    /** Default number of queues an auto-created topic gets on each broker: 4. */
    public static final int DEFAULT_DEFAULT_TOPIC_QUEUE_NUMS = 4;

    /**
     * Default interval of the fast refresh of topics that lost a broker: 2 s, so that a
     * broker that comes back takes traffic again within seconds of registering, not after
     * the next 30 s refresh.
     */
    public static final Duration DEFAULT_RECOVERY_REFRESH_INTERVAL = Duration.ofSeconds(2);

    /**
     * Default time a topic that lost a broker is refreshed fast, waiting for it to come
     * back: 10 minutes.
     */
    public static final Duration DEFAULT_RECOVERY_WINDOW = Duration.ofMinutes(10);

    private static final RouteOptions DEFAULTS = builder().build();

    private final Duration recoveryRefreshInterval;

    private final Duration recoveryWindow;

    private final Duration refreshInterval;

    private final Duration requestTimeout;

    private final String defaultTopic;

    private final int defaultTopicQueueNums;

    private RouteOptions(Builder builder) {
        this.refreshInterval = builder.refreshInterval;
        this.requestTimeout = builder.requestTimeout;
        this.defaultTopic = builder.defaultTopic;
        this.defaultTopicQueueNums = builder.defaultTopicQueueNums;
        this.recoveryRefreshInterval = builder.recoveryRefreshInterval;
        this.recoveryWindow = builder.recoveryWindow;
    }

    /**
     * @return the options with every default
     */
    public static RouteOptions defaults() {
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
        return new Builder().refreshInterval(this.refreshInterval)
            .requestTimeout(this.requestTimeout)
            .defaultTopic(this.defaultTopic)
            .defaultTopicQueueNums(this.defaultTopicQueueNums)
            .recoveryRefreshInterval(this.recoveryRefreshInterval)
            .recoveryWindow(this.recoveryWindow);
    }

    /**
     * @return how often a topic that lost a broker is refreshed while waiting for it to
     * come back
     */
    public Duration recoveryRefreshInterval() {
        return this.recoveryRefreshInterval;
    }

    /**
     * @return how long a topic that lost a broker is refreshed fast
     */
    public Duration recoveryWindow() {
        return this.recoveryWindow;
    }

    /**
     * @return how often every cached route is refreshed in the background
     */
    public Duration refreshInterval() {
        return this.refreshInterval;
    }

    /**
     * @return the timeout of one NameServer request
     */
    public Duration requestTimeout() {
        return this.requestTimeout;
    }

    /**
     * @return the topic whose route serves unknown topics, so that brokers auto-create
     * them
     */
    public String defaultTopic() {
        return this.defaultTopic;
    }

    /**
     * @return the number of queues per broker an auto-created topic gets (capped by the
     * default topic's)
     */
    public int defaultTopicQueueNums() {
        return this.defaultTopicQueueNums;
    }

    @Override
    public String toString() {
        return "RouteOptions[refreshInterval=" + this.refreshInterval + ", requestTimeout=" + this.requestTimeout
                + ", defaultTopic=" + this.defaultTopic + ", defaultTopicQueueNums=" + this.defaultTopicQueueNums
                + ", recoveryRefreshInterval=" + this.recoveryRefreshInterval + ", recoveryWindow="
                + this.recoveryWindow + "]";
    }

    /** Builds {@link RouteOptions}. */
    public static final class Builder {

        private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;

        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private String defaultTopic = DEFAULT_DEFAULT_TOPIC;

        private int defaultTopicQueueNums = DEFAULT_DEFAULT_TOPIC_QUEUE_NUMS;

        private Duration recoveryRefreshInterval = DEFAULT_RECOVERY_REFRESH_INTERVAL;

        private Duration recoveryWindow = DEFAULT_RECOVERY_WINDOW;

        private Builder() {
        }

        /**
         * Sets the fast refresh interval of topics that lost a broker (default
         * {@link #DEFAULT_RECOVERY_REFRESH_INTERVAL}).
         * @param interval a positive duration
         * @return this builder
         * @throws InvalidOptionException when it is not positive
         */
        public Builder recoveryRefreshInterval(Duration interval) {
            this.recoveryRefreshInterval = OptionChecks.positive("recoveryRefreshInterval", interval);
            return this;
        }

        /**
         * Sets how long a topic that lost a broker is refreshed fast (default
         * {@link #DEFAULT_RECOVERY_WINDOW}).
         * @param window a positive duration
         * @return this builder
         * @throws InvalidOptionException when it is not positive
         */
        public Builder recoveryWindow(Duration window) {
            this.recoveryWindow = OptionChecks.positive("recoveryWindow", window);
            return this;
        }

        /**
         * Sets the background refresh interval (default
         * {@link #DEFAULT_REFRESH_INTERVAL}).
         * @param refreshInterval a positive duration
         * @return this builder
         * @throws InvalidOptionException when it is not positive
         */
        public Builder refreshInterval(Duration refreshInterval) {
            this.refreshInterval = OptionChecks.positive("refreshInterval", refreshInterval);
            return this;
        }

        /**
         * Sets the timeout of one NameServer request (default
         * {@link #DEFAULT_REQUEST_TIMEOUT}).
         * @param requestTimeout a positive duration
         * @return this builder
         * @throws InvalidOptionException when it is not positive
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = OptionChecks.positive("requestTimeout", requestTimeout);
            return this;
        }

        /**
         * Sets the default topic used to auto-create unknown topics (default
         * {@link #DEFAULT_DEFAULT_TOPIC}).
         * @param defaultTopic a topic name
         * @return this builder
         * @throws InvalidOptionException when it is {@code null} or blank
         */
        public Builder defaultTopic(String defaultTopic) {
            this.defaultTopic = OptionChecks.notBlank("defaultTopic", defaultTopic);
            return this;
        }

        /**
         * Sets the queues per broker of an auto-created topic (default
         * {@link #DEFAULT_DEFAULT_TOPIC_QUEUE_NUMS}).
         * @param defaultTopicQueueNums at least 1
         * @return this builder
         * @throws InvalidOptionException when it is below 1
         */
        public Builder defaultTopicQueueNums(int defaultTopicQueueNums) {
            this.defaultTopicQueueNums = OptionChecks.atLeast("defaultTopicQueueNums", defaultTopicQueueNums, 1);
            return this;
        }

        /**
         * @return the immutable options
         */
        public RouteOptions build() {
            return new RouteOptions(this);
        }

    }

}
