package io.liftoff.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.liftoff.client.AsyncLimits;
import io.liftoff.client.AutoBatchOptions;
import io.liftoff.client.ClientResources;
import io.liftoff.client.CompressionCodec;
import io.liftoff.client.Credentials;
import io.liftoff.client.FaultToleranceOptions;
import io.liftoff.client.InvalidOptionException;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerBuilder;
import io.liftoff.client.RouteOptions;
import io.liftoff.client.SendOptions;
import io.liftoff.client.TraceOptions;
import io.liftoff.client.TransportOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Maps {@link RocketMQProperties} and {@link RocketMQConnectionDetails} to a
 * {@link ProducerBuilder} and the client's option groups. The rules of each value live in
 * the client's option builders, which throw an {@link InvalidOptionException} naming the
 * option; each group is built here with a map from its options to the properties behind
 * them, so that a wrong value fails with a {@link RocketMQConfigurationException} naming
 * the property (not an exception from deep inside the client). What the client cannot
 * know stays here: that a NameServer and a group are required (with the actions that say
 * how to set them), sizes that do not fit an {@code int}, unset list entries, and an
 * access key without its secret key (or the reverse) (TLS: {@link TlsConfigurer}). Each
 * option group is built by its own method, for tests.
 */
final class ProducerConfigurer {

    private static final String PREFIX = "rocketmq.producer.";

    private static final String GROUP_ACTION = "Use only letters, digits, '%', '|', '-' and '_' in "
            + "rocketmq.producer.group and rocketmq.producer.namespace, and a group name of your own.";

    private static final String DURATION_HINT = "a positive duration, such as 3000 (milliseconds) or 3s";

    private static final String SIZE_HINT = "a size such as 4096 (bytes) or 4KB";

    private static final String COMPRESS_TYPE_HINT = "zlib, lz4 or zstd (lz4 and zstd with their library on the "
            + "class path)";

    private static final String NUMBER_HINT = "a whole number within that range";

    private final RocketMQProperties.Producer producer;

    private final RocketMQConnectionDetails connectionDetails;

    ProducerConfigurer(RocketMQProperties properties, RocketMQConnectionDetails connectionDetails) {
        this.producer = properties.getProducer();
        this.connectionDetails = connectionDetails;
    }

    /**
     * Applies every setting to the builder.
     * @param builder the builder
     * @return the builder
     * @throws RocketMQConfigurationException naming the first wrong setting of an option
     * group, or a missing NameServer or group ({@link #build(ProducerBuilder)} checks the
     * builder's own values)
     */
    ProducerBuilder configure(ProducerBuilder builder) {
        builder.nameServer(String.join(";", nameServers()));
        builder.group(group());
        builder
            .namespace(StringUtils.hasText(this.producer.getNamespace()) ? this.producer.getNamespace().strip() : null);
        builder.instanceName(strip(this.producer.getInstanceName()));
        builder.sendOptions(sendOptions());
        builder.faultTolerance(faultToleranceOptions());
        builder.routeOptions(routeOptions());
        builder.asyncLimits(asyncLimits());
        builder.autoBatch(autoBatchOptions());
        builder.trace(traceOptions());
        builder.transportOptions(transportOptions());
        builder.heartbeatInterval(this.producer.getHeartbeatInterval());
        builder.closeGrace(this.producer.getShutdownGracePeriod());
        builder.credentials(credentials());
        return builder;
    }

    /**
     * Builds the producer, reporting an option the client rejects (it names the option)
     * as a configuration error naming the property.
     * @param builder a configured builder
     * @return the producer, not started
     * @throws RocketMQConfigurationException naming the property behind the rejected
     * option
     */
    Producer build(ProducerBuilder builder) {
        OptionProperties properties = new OptionProperties()
            .withAction("nameServer", nameServerProperty(), String.join(";", nameServers()), nameServerAction())
            .withAction("group", PREFIX + "group", this.producer.getGroup(), GROUP_ACTION)
            .withAction("namespace", PREFIX + "namespace", this.producer.getNamespace(), GROUP_ACTION)
            .with("instanceName", PREFIX + "instance-name", this.producer.getInstanceName(),
                    "a name, or remove the property to use the default")
            .with("heartbeatInterval", PREFIX + "heartbeat-interval", this.producer.getHeartbeatInterval(),
                    DURATION_HINT)
            .with("closeGrace", PREFIX + "shutdown-grace-period", this.producer.getShutdownGracePeriod(),
                    "a duration such as 5s, or 0 not to wait");
        return properties.build(builder::build);
    }

    /**
     * Returns the NameServer addresses; the client checks that each is {@code host:port}
     * when the producer is built.
     * @return the addresses, at least one
     * @throws RocketMQConfigurationException when none is set
     */
    List<String> nameServers() {
        List<String> addresses = this.connectionDetails.getNameServers();
        if (addresses == null || addresses.isEmpty()) {
            throw new RocketMQConfigurationException(nameServerProperty(), null, "no NameServer address is set",
                    nameServerAction());
        }
        return addresses;
    }

    /**
     * @return the producer group, required
     */
    String group() {
        String group = this.producer.getGroup();
        if (!StringUtils.hasText(group)) {
            throw new RocketMQConfigurationException(PREFIX + "group", group,
                    "a producer group is required to send messages",
                    "Set rocketmq.producer.group to this application's producer group, for example "
                            + "'rocketmq.producer.group=order-service' (in application.yml: rocketmq: producer: "
                            + "group: order-service).");
        }
        return group.strip();
    }

    SendOptions sendOptions() {
        RocketMQProperties.Producer properties = this.producer;
        return new OptionProperties()
            .with("sendTimeout", PREFIX + "send-message-timeout", properties.getSendMessageTimeout(), DURATION_HINT)
            .with("attemptTimeout", PREFIX + "attempt-timeout", properties.getAttemptTimeout(), DURATION_HINT)
            .with("retries", PREFIX + "retry-times-when-send-failed", properties.getRetryTimesWhenSendFailed(),
                    NUMBER_HINT)
            .with("asyncRetries", PREFIX + "retry-times-when-send-async-failed",
                    properties.getRetryTimesWhenSendAsyncFailed(), NUMBER_HINT)
            .with("compressThreshold", PREFIX + "compress-message-body-threshold",
                    properties.getCompressMessageBodyThreshold(), SIZE_HINT)
            .with("compressLevel", PREFIX + "compress-level", properties.getCompressLevel(),
                    "a level in the codec's range: a zlib level from " + SendOptions.MIN_COMPRESS_LEVEL
                            + " (no compression) to " + SendOptions.MAX_COMPRESS_LEVEL
                            + " (smallest), a zstd level from " + SendOptions.MIN_ZSTD_COMPRESS_LEVEL + " to "
                            + SendOptions.MAX_ZSTD_COMPRESS_LEVEL)
            .with("compressType", PREFIX + "compress-type", properties.getCompressType(), COMPRESS_TYPE_HINT)
            .with("maxMessageSize", PREFIX + "max-message-size", properties.getMaxMessageSize(), SIZE_HINT)
            .build(() -> SendOptions.builder()
                .sendTimeout(properties.getSendMessageTimeout())
                .attemptTimeout(properties.getAttemptTimeout())
                .retries(properties.getRetryTimesWhenSendFailed())
                .asyncRetries(properties.getRetryTimesWhenSendAsyncFailed())
                .retryAnotherBrokerWhenNotStoreOk(properties.isRetryNextServer())
                .compressThreshold(intBytes(PREFIX + "compress-message-body-threshold",
                        properties.getCompressMessageBodyThreshold()))
                .compressLevel(properties.getCompressLevel())
                .compressType(codec(properties.getCompressType()))
                .maxMessageSize(intBytes(PREFIX + "max-message-size", properties.getMaxMessageSize()))
                .build());
    }

    FaultToleranceOptions faultToleranceOptions() {
        RocketMQProperties.FaultTolerance properties = this.producer.getFaultTolerance();
        String prefix = PREFIX + "fault-tolerance.";
        return new OptionProperties()
            .with("latencyMax", prefix + "latency-max", properties.getLatencyMax(),
                    "durations in ascending order, such as 50ms,100ms,550ms")
            .with("notAvailableDuration", prefix + "not-available-duration", properties.getNotAvailableDuration(),
                    "one duration per latency-max threshold, so that both lists have the same length")
            .with("failureIsolation", prefix + "failure-isolation", properties.getFailureIsolation(), DURATION_HINT)
            .with("probeInterval", prefix + "probe-interval", properties.getProbeInterval(), DURATION_HINT)
            .with("probeTimeout", prefix + "probe-timeout", properties.getProbeTimeout(), DURATION_HINT)
            .build(() -> FaultToleranceOptions.builder()
                .enabled(properties.isEnabled())
                .latencyTable(millis(prefix + "latency-max", properties.getLatencyMax()),
                        millis(prefix + "not-available-duration", properties.getNotAvailableDuration()))
                .failureIsolation(properties.getFailureIsolation())
                .probeInterval(properties.getProbeInterval())
                .probeTimeout(properties.getProbeTimeout())
                .build());
    }

    RouteOptions routeOptions() {
        RocketMQProperties.Route properties = this.producer.getRoute();
        String prefix = PREFIX + "route.";
        return new OptionProperties()
            .with("refreshInterval", prefix + "refresh-interval", properties.getRefreshInterval(), DURATION_HINT)
            .with("requestTimeout", prefix + "request-timeout", properties.getRequestTimeout(), DURATION_HINT)
            .with("defaultTopic", prefix + "default-topic", properties.getDefaultTopic(),
                    "a value, or remove the property to use the default")
            .with("defaultTopicQueueNums", prefix + "default-topic-queue-nums", properties.getDefaultTopicQueueNums(),
                    NUMBER_HINT)
            .with("recoveryRefreshInterval", prefix + "recovery-refresh-interval",
                    properties.getRecoveryRefreshInterval(), DURATION_HINT)
            .with("recoveryWindow", prefix + "recovery-window", properties.getRecoveryWindow(), DURATION_HINT)
            .build(() -> RouteOptions.builder()
                .refreshInterval(properties.getRefreshInterval())
                .requestTimeout(properties.getRequestTimeout())
                .defaultTopic(strip(properties.getDefaultTopic()))
                .defaultTopicQueueNums(properties.getDefaultTopicQueueNums())
                .recoveryRefreshInterval(properties.getRecoveryRefreshInterval())
                .recoveryWindow(properties.getRecoveryWindow())
                .build());
    }

    AsyncLimits asyncLimits() {
        RocketMQProperties.Async properties = this.producer.getAsync();
        String prefix = PREFIX + "async.";
        return new OptionProperties()
            .with("maxInFlightRequests", prefix + "max-in-flight-requests", properties.getMaxInFlightRequests(),
                    NUMBER_HINT)
            .with("maxInFlightBytes", prefix + "max-in-flight-bytes", properties.getMaxInFlightBytes(),
                    "a size such as 100MB")
            .build(() -> AsyncLimits.of(properties.getMaxInFlightRequests(),
                    bytes(prefix + "max-in-flight-bytes", properties.getMaxInFlightBytes())));
    }

    AutoBatchOptions autoBatchOptions() {
        RocketMQProperties.AutoBatch properties = this.producer.getAsync().getAutoBatch();
        if (!properties.isEnabled()) {
            return AutoBatchOptions.disabled();
        }
        String prefix = PREFIX + "async.auto-batch.";
        return new OptionProperties()
            .with("requestsBeforeBatching", prefix + "requests-before-batching", properties.getRequestsBeforeBatching(),
                    NUMBER_HINT)
            .with("maxMessages", prefix + "max-messages", properties.getMaxMessages(), NUMBER_HINT)
            .with("maxBytes", prefix + "max-bytes", properties.getMaxBytes(), SIZE_HINT)
            .build(() -> AutoBatchOptions.of(properties.getRequestsBeforeBatching(), properties.getMaxMessages(),
                    intBytes(prefix + "max-bytes", properties.getMaxBytes())));
    }

    TraceOptions traceOptions() {
        if (!this.producer.isEnableMsgTrace()) {
            return TraceOptions.disabled();
        }
        String topic = this.producer.getCustomizedTraceTopic();
        return new OptionProperties()
            .with("topic", PREFIX + "customized-trace-topic", topic,
                    "a topic name, or remove the property to use RMQ_SYS_TRACE_TOPIC")
            .build(() -> TraceOptions.builder().enabled(true).topic(topic.strip()).build());
    }

    TransportOptions transportOptions() {
        RocketMQProperties.Transport properties = this.producer.getTransport();
        String prefix = PREFIX + "transport.";
        return new OptionProperties()
            .with("connectTimeout", prefix + "connect-timeout", properties.getConnectTimeout(), DURATION_HINT)
            .with("maxFrameLength", prefix + "max-frame-length", properties.getMaxFrameLength(), SIZE_HINT)
            .with("idleTimeout", prefix + "idle-timeout", properties.getIdleTimeout(), DURATION_HINT)
            .with("ioThreads", prefix + "io-threads", properties.getIoThreads(), NUMBER_HINT)
            .with("callbackThreads", prefix + "callback-threads", properties.getCallbackThreads(), NUMBER_HINT)
            .build(() -> {
                TransportOptions.Builder options = TransportOptions.builder()
                    .connectTimeout(properties.getConnectTimeout())
                    .maxFrameLength(intBytes(prefix + "max-frame-length", properties.getMaxFrameLength()))
                    .idleTimeout(properties.getIdleTimeout())
                    .callbackThreads(properties.getCallbackThreads())
                    .callerWrites(properties.isCallerWrites());
                if (properties.getIoThreads() != null) {
                    options.ioThreads(properties.getIoThreads());
                }
                if (properties.getHeaderFormat() != null) {
                    options.headerFormat(properties.getHeaderFormat());
                }
                return options.build();
            });
    }

    /**
     * Builds the threads the application context's producers share, from the transport's
     * thread settings.
     * @param rocketmq the properties
     * @return new resources; the context closes them after its producers
     * @throws RocketMQConfigurationException naming the property of a wrong thread count
     */
    static ClientResources clientResources(RocketMQProperties rocketmq) {
        RocketMQProperties.Transport properties = rocketmq.getProducer().getTransport();
        String prefix = PREFIX + "transport.";
        return new OptionProperties().with("ioThreads", prefix + "io-threads", properties.getIoThreads(), NUMBER_HINT)
            .with("callbackThreads", prefix + "callback-threads", properties.getCallbackThreads(), NUMBER_HINT)
            .build(() -> {
                ClientResources.Builder resources = ClientResources.builder()
                    .name("rocketmq")
                    .callbackThreads(properties.getCallbackThreads());
                if (properties.getIoThreads() != null) {
                    resources.ioThreads(properties.getIoThreads());
                }
                return resources.build();
            });
    }

    /**
     * Returns the time shutdown waits for asynchronous sends in flight; the client checks
     * it when the producer is built.
     * @return the grace period
     */
    Duration shutdownGracePeriod() {
        return this.producer.getShutdownGracePeriod();
    }

    /**
     * Returns the topics whose routes are looked up at start-up; optional, since
     * fail-fast first checks that a NameServer answers.
     * @return the topics, empty when fail-fast is off or none is listed
     */
    List<String> failFastTopics() {
        if (!this.producer.isFailFast() || this.producer.getFailFastTopics() == null) {
            return List.of();
        }
        return this.producer.getFailFastTopics().stream().filter(StringUtils::hasText).map(String::strip).toList();
    }

    /**
     * @return whether start-up checks that a NameServer answers (and looks up the
     * fail-fast topics)
     */
    boolean failFast() {
        return this.producer.isFailFast();
    }

    /**
     * Returns how long the fail-fast check waits for the NameServers: the route request
     * timeout, which the client checks when the route options are built.
     * @return the timeout
     */
    Duration failFastTimeout() {
        return this.producer.getRoute().getRequestTimeout();
    }

    /**
     * Returns the credentials of {@code access-key} and {@code secret-key}, which sign
     * every request (RocketMQ ACL).
     * @return the credentials; absent when neither is set
     * @throws RocketMQConfigurationException when only one of them is set (the secret is
     * never shown)
     */
    @Nullable Credentials credentials() {
        boolean accessKey = StringUtils.hasText(this.producer.getAccessKey());
        boolean secretKey = StringUtils.hasText(this.producer.getSecretKey());
        if (!accessKey && !secretKey) {
            return null;
        }
        if (!secretKey) {
            throw new RocketMQConfigurationException(PREFIX + "secret-key", null,
                    "rocketmq.producer.access-key is set but not its secret key, so requests cannot be signed",
                    "Set rocketmq.producer.secret-key to the secret of access key '"
                            + this.producer.getAccessKey().strip() + "', or remove rocketmq.producer.access-key.");
        }
        if (!accessKey) {
            throw new RocketMQConfigurationException(PREFIX + "access-key", null,
                    "rocketmq.producer.secret-key is set but not its access key, so requests cannot be signed",
                    "Set rocketmq.producer.access-key to the user the secret key belongs to, or remove "
                            + "rocketmq.producer.secret-key.");
        }
        return Credentials.of(this.producer.getAccessKey().strip(), this.producer.getSecretKey().strip());
    }

    private String nameServerProperty() {
        return (this.connectionDetails instanceof PropertiesRocketMQConnectionDetails) ? "rocketmq.name-server"
                : "RocketMQConnectionDetails (" + this.connectionDetails.getClass().getName() + ")";
    }

    private String nameServerAction() {
        return "Set rocketmq.name-server to the NameServer addresses as host:port, several separated by ';', for "
                + "example 'rocketmq.name-server=10.0.0.1:9876;10.0.0.2:9876' (or set rocketmq.embedded.enabled=true "
                + "to run an embedded RocketMQ for development).";
    }

    /**
     * Reads a codec name, case-insensitive.
     * @throws RocketMQConfigurationException when it names no codec
     */
    private static CompressionCodec codec(@Nullable String value) {
        String name = (value != null) ? value.strip().toUpperCase(Locale.ROOT) : "";
        for (CompressionCodec codec : CompressionCodec.values()) {
            if (codec.name().equals(name)) {
                return codec;
            }
        }
        throw invalid(PREFIX + "compress-type", value, "is not a compression codec", COMPRESS_TYPE_HINT);
    }

    /**
     * Converts a size to the {@code int} the client takes; the client checks its range.
     * @throws RocketMQConfigurationException when it is not set or does not fit an
     * {@code int}
     */
    private static int intBytes(String property, DataSize value) {
        long bytes = bytes(property, value);
        if (bytes > Integer.MAX_VALUE || bytes < Integer.MIN_VALUE) {
            throw invalid(property, String.valueOf(value), "must be less than 2GB", SIZE_HINT);
        }
        return (int) bytes;
    }

    /**
     * Converts a size to bytes; the client checks its range.
     * @throws RocketMQConfigurationException when it is not set
     */
    private static long bytes(String property, @Nullable DataSize value) {
        if (value == null) {
            throw invalid(property, null, "must be set", SIZE_HINT);
        }
        return value.toBytes();
    }

    /**
     * Converts durations to the milliseconds the client takes; the client checks the
     * values.
     * @throws RocketMQConfigurationException when an entry is not set
     */
    private static long[] millis(String property, @Nullable List<Duration> values) {
        if (values == null) {
            return new long[0];
        }
        long[] millis = new long[values.size()];
        for (int i = 0; i < millis.length; i++) {
            Duration value = values.get(i);
            if (value == null) {
                throw invalid(property, values.toString(), "entry " + i + " is not set",
                        "a list of durations, such as 50ms,100ms,550ms");
            }
            millis[i] = value.toMillis();
        }
        return millis;
    }

    private static String strip(String value) {
        return (value != null) ? value.strip() : null;
    }

    private static RocketMQConfigurationException invalid(String property, @Nullable String value, String reason,
            String expected) {
        return new RocketMQConfigurationException(property, value, reason, action(property, expected));
    }

    private static String action(String property, String expected) {
        return "Update " + property + " in your configuration to " + expected + ".";
    }

    /**
     * A property behind a client option: its name, its value as shown to the user, and
     * what to do about it.
     */
    private record Property(String name, @Nullable String value, String action) {
    }

    /**
     * The properties behind one group of client options, by option name. Builds the
     * group, reporting an {@link InvalidOptionException} (which names the option) as a
     * {@link RocketMQConfigurationException} naming the property, with the client's
     * message (range and value) as the reason.
     */
    private static final class OptionProperties {

        private final Map<String, Property> properties = new HashMap<>();

        /** Maps an option to its property, with a hint of the value expected. */
        OptionProperties with(String option, String property, @Nullable Object value, String expected) {
            return withAction(option, property, value, action(property, expected));
        }

        /** Maps an option to its property, with an action of its own. */
        OptionProperties withAction(String option, String property, @Nullable Object value, String action) {
            this.properties.put(option, new Property(property, (value != null) ? value.toString() : null, action));
            return this;
        }

        <T> T build(Supplier<T> build) {
            try {
                return build.get();
            }
            catch (InvalidOptionException ex) {
                Property property = this.properties.get(ex.option());
                if (property == null) {
                    throw new RocketMQConfigurationException("rocketmq.producer (client option '" + ex.option() + "')",
                            null, ex.getMessage(), "Update the rocketmq.producer setting behind client " + "option '"
                                    + ex.option() + "', or the ProducerCustomizer that sets it.");
                }
                throw new RocketMQConfigurationException(property.name(), property.value(), reason(ex),
                        property.action());
            }
        }

        /**
         * The client's message, without the option name it starts with: the report names
         * the property.
         */
        private static String reason(InvalidOptionException ex) {
            String message = ex.getMessage();
            String prefix = ex.option() + " ";
            return (message != null && message.startsWith(prefix)) ? message.substring(prefix.length()) : message;
        }

    }

}
