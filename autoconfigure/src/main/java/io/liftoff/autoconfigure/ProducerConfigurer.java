package io.liftoff.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.liftoff.client.AsyncLimits;
import io.liftoff.client.AutoBatchOptions;
import io.liftoff.client.FaultToleranceOptions;
import io.liftoff.client.InvalidOptionException;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerBuilder;
import io.liftoff.client.RouteOptions;
import io.liftoff.client.SendOptions;
import io.liftoff.client.TransportOptions;

import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Applies {@link RocketMQProperties} and {@link RocketMQConnectionDetails} to a {@link ProducerBuilder}, checking
 * every value first so that a wrong one fails with a {@link RocketMQConfigurationException} naming the property
 * (not an exception from deep inside the client). Each option group is built by its own method, for tests.
 */
final class ProducerConfigurer {

    private static final String PREFIX = "rocketmq.producer.";

    private static final String GROUP_ACTION = "Use only letters, digits, '%', '|', '-' and '_' in "
            + "rocketmq.producer.group and rocketmq.producer.namespace, and a group name of your own.";

    private static final String DURATION_HINT = "a positive duration, such as 3000 (milliseconds) or 3s";

    private final RocketMQProperties.Producer producer;

    private final RocketMQConnectionDetails connectionDetails;

    ProducerConfigurer(RocketMQProperties properties, RocketMQConnectionDetails connectionDetails) {
        this.producer = properties.getProducer();
        this.connectionDetails = connectionDetails;
    }

    /**
     * Applies every setting to the builder.
     *
     * @param builder the builder
     * @return the builder
     * @throws RocketMQConfigurationException naming the first wrong setting
     */
    ProducerBuilder configure(ProducerBuilder builder) {
        checkSecurity();
        builder.nameServer(String.join(";", nameServers()));
        builder.group(group());
        builder.namespace(StringUtils.hasText(this.producer.getNamespace()) ? this.producer.getNamespace().strip()
                : null);
        builder.instanceName(required(PREFIX + "instance-name", this.producer.getInstanceName()));
        builder.sendOptions(sendOptions());
        builder.faultTolerance(faultToleranceOptions());
        builder.routeOptions(routeOptions());
        builder.asyncLimits(asyncLimits());
        builder.autoBatch(autoBatchOptions());
        builder.transportOptions(transportOptions());
        builder.heartbeatInterval(positive(PREFIX + "heartbeat-interval", this.producer.getHeartbeatInterval()));
        builder.closeGrace(shutdownGracePeriod());
        return builder;
    }

    /**
     * Builds the producer, reporting an option the client rejects (it names the option) as a configuration error
     * naming the property.
     *
     * @param builder a configured builder
     * @return the producer, not started
     * @throws RocketMQConfigurationException naming the property behind the rejected option
     */
    Producer build(ProducerBuilder builder) {
        try {
            return builder.build();
        }
        catch (InvalidOptionException ex) {
            throw switch (ex.option()) {
                case "group" -> new RocketMQConfigurationException(PREFIX + "group", this.producer.getGroup(),
                        ex.getMessage(), GROUP_ACTION);
                case "namespace" -> new RocketMQConfigurationException(PREFIX + "namespace",
                        this.producer.getNamespace(), ex.getMessage(), GROUP_ACTION);
                case "nameServer" -> new RocketMQConfigurationException(nameServerProperty(),
                        String.join(";", nameServers()), ex.getMessage(), nameServerAction());
                default -> new RocketMQConfigurationException("rocketmq.producer (client option '" + ex.option()
                        + "')", null, ex.getMessage(), "Update the rocketmq.producer setting behind client option '"
                                + ex.option() + "', or the ProducerCustomizer that sets it.");
            };
        }
    }

    /** @return the NameServer addresses, each checked to be {@code host:port} */
    List<String> nameServers() {
        List<String> addresses = this.connectionDetails.getNameServers();
        if (addresses == null || addresses.isEmpty()) {
            throw new RocketMQConfigurationException(nameServerProperty(), null, "no NameServer address is set",
                    nameServerAction());
        }
        for (String address : addresses) {
            String problem = addressProblem(address);
            if (problem != null) {
                throw new RocketMQConfigurationException(nameServerProperty(), String.join(";", addresses),
                        "address '" + address + "' " + problem, nameServerAction());
            }
        }
        return addresses;
    }

    /** @return the producer group, required */
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
        SendOptions.Builder send = SendOptions.builder();
        send.sendTimeout(positive(PREFIX + "send-message-timeout", this.producer.getSendMessageTimeout()));
        if (this.producer.getAttemptTimeout() != null) {
            send.attemptTimeout(positive(PREFIX + "attempt-timeout", this.producer.getAttemptTimeout()));
        }
        send.retries(atLeast(PREFIX + "retry-times-when-send-failed", this.producer.getRetryTimesWhenSendFailed(),
                0));
        send.asyncRetries(atLeast(PREFIX + "retry-times-when-send-async-failed",
                this.producer.getRetryTimesWhenSendAsyncFailed(), 0));
        send.retryAnotherBrokerWhenNotStoreOk(this.producer.isRetryNextServer());
        send.compressThreshold(bytes(PREFIX + "compress-message-body-threshold",
                this.producer.getCompressMessageBodyThreshold(), 1));
        int level = this.producer.getCompressLevel();
        if (level < 0 || level > 9) {
            throw invalid(PREFIX + "compress-level", String.valueOf(level), "must be within 0-9",
                    "a zlib level from 0 (no compression) to 9 (smallest)");
        }
        send.compressLevel(level);
        send.maxMessageSize(bytes(PREFIX + "max-message-size", this.producer.getMaxMessageSize(), 1));
        return send.build();
    }

    FaultToleranceOptions faultToleranceOptions() {
        RocketMQProperties.FaultTolerance properties = this.producer.getFaultTolerance();
        String prefix = PREFIX + "fault-tolerance.";
        FaultToleranceOptions.Builder options = FaultToleranceOptions.builder();
        options.enabled(properties.isEnabled());
        long[] latencyMax = millis(prefix + "latency-max", properties.getLatencyMax());
        long[] notAvailable = millis(prefix + "not-available-duration", properties.getNotAvailableDuration());
        if (latencyMax.length != notAvailable.length) {
            throw invalid(prefix + "not-available-duration", properties.getNotAvailableDuration().toString(),
                    "has " + notAvailable.length + " entries but latency-max has " + latencyMax.length,
                    "one isolation per latency threshold, so that both lists have the same length");
        }
        for (int i = 1; i < latencyMax.length; i++) {
            if (latencyMax[i] < latencyMax[i - 1]) {
                throw invalid(prefix + "latency-max", properties.getLatencyMax().toString(),
                        "must be in ascending order", "thresholds in ascending order, such as 50ms,100ms,550ms");
            }
        }
        options.latencyTable(latencyMax, notAvailable);
        options.failureIsolation(positive(prefix + "failure-isolation", properties.getFailureIsolation()));
        options.probeInterval(positive(prefix + "probe-interval", properties.getProbeInterval()));
        options.probeTimeout(positive(prefix + "probe-timeout", properties.getProbeTimeout()));
        return options.build();
    }

    RouteOptions routeOptions() {
        RocketMQProperties.Route properties = this.producer.getRoute();
        String prefix = PREFIX + "route.";
        RouteOptions.Builder options = RouteOptions.builder();
        options.refreshInterval(positive(prefix + "refresh-interval", properties.getRefreshInterval()));
        options.requestTimeout(positive(prefix + "request-timeout", properties.getRequestTimeout()));
        options.defaultTopic(required(prefix + "default-topic", properties.getDefaultTopic()));
        options.defaultTopicQueueNums(atLeast(prefix + "default-topic-queue-nums",
                properties.getDefaultTopicQueueNums(), 1));
        options.recoveryRefreshInterval(positive(prefix + "recovery-refresh-interval",
                properties.getRecoveryRefreshInterval()));
        options.recoveryWindow(positive(prefix + "recovery-window", properties.getRecoveryWindow()));
        return options.build();
    }

    AsyncLimits asyncLimits() {
        RocketMQProperties.Async properties = this.producer.getAsync();
        String prefix = PREFIX + "async.";
        int requests = atLeast(prefix + "max-in-flight-requests", properties.getMaxInFlightRequests(), 1);
        DataSize bytes = properties.getMaxInFlightBytes();
        if (bytes == null || bytes.toBytes() < DataSize.ofMegabytes(1).toBytes()) {
            throw invalid(prefix + "max-in-flight-bytes", String.valueOf(bytes), "must be at least 1MB",
                    "a size of at least 1MB, such as 100MB");
        }
        return AsyncLimits.of(requests, bytes.toBytes());
    }

    AutoBatchOptions autoBatchOptions() {
        RocketMQProperties.AutoBatch properties = this.producer.getAsync().getAutoBatch();
        if (!properties.isEnabled()) {
            return AutoBatchOptions.disabled();
        }
        String prefix = PREFIX + "async.auto-batch.";
        return AutoBatchOptions.of(atLeast(prefix + "requests-before-batching", properties.getRequestsBeforeBatching(),
                1), atLeast(prefix + "max-messages", properties.getMaxMessages(), 2),
                bytes(prefix + "max-bytes", properties.getMaxBytes(), 1024));
    }

    TransportOptions transportOptions() {
        RocketMQProperties.Transport properties = this.producer.getTransport();
        String prefix = PREFIX + "transport.";
        TransportOptions.Builder options = TransportOptions.builder();
        options.connectTimeout(positive(prefix + "connect-timeout", properties.getConnectTimeout()));
        options.maxFrameLength(bytes(prefix + "max-frame-length", properties.getMaxFrameLength(), 1024));
        options.idleTimeout(positive(prefix + "idle-timeout", properties.getIdleTimeout()));
        if (properties.getIoThreads() != null) {
            options.ioThreads(atLeast(prefix + "io-threads", properties.getIoThreads(), 1));
        }
        if (properties.getHeaderFormat() != null) {
            options.headerFormat(properties.getHeaderFormat());
        }
        options.callbackThreads(atLeast(prefix + "callback-threads", properties.getCallbackThreads(), 1));
        options.callerWrites(properties.isCallerWrites());
        return options.build();
    }

    /** @return the time shutdown waits for asynchronous sends in flight */
    Duration shutdownGracePeriod() {
        Duration grace = this.producer.getShutdownGracePeriod();
        if (grace == null || grace.isNegative()) {
            throw invalid(PREFIX + "shutdown-grace-period", String.valueOf(grace), "must not be negative",
                    "a duration of zero or more, such as 5s");
        }
        return grace;
    }

    /**
     * Returns the topics whose routes are looked up at start-up; optional, since fail-fast first checks that a
     * NameServer answers.
     *
     * @return the topics, empty when fail-fast is off or none is listed
     */
    List<String> failFastTopics() {
        if (!this.producer.isFailFast() || this.producer.getFailFastTopics() == null) {
            return List.of();
        }
        return this.producer.getFailFastTopics().stream().filter(StringUtils::hasText).map(String::strip).toList();
    }

    /** @return whether start-up checks that a NameServer answers (and looks up the fail-fast topics) */
    boolean failFast() {
        return this.producer.isFailFast();
    }

    /** @return how long the fail-fast check waits for the NameServers: the route request timeout */
    Duration failFastTimeout() {
        return positive(PREFIX + "route.request-timeout", this.producer.getRoute().getRequestTimeout());
    }

    private void checkSecurity() {
        if (StringUtils.hasText(this.producer.getAccessKey()) || StringUtils.hasText(this.producer.getSecretKey())) {
            String property = StringUtils.hasText(this.producer.getAccessKey()) ? PREFIX + "access-key"
                    : PREFIX + "secret-key";
            throw new RocketMQConfigurationException(property, "******",
                    "Liftoff does not support RocketMQ ACL yet: its requests would not be signed with these "
                            + "credentials, so an ACL-enabled cluster would reject them",
                    "Remove rocketmq.producer.access-key and rocketmq.producer.secret-key to connect to a cluster "
                            + "without ACL, or use a client with ACL support for this cluster until Liftoff has it.");
        }
        if (this.producer.isTlsEnable()) {
            throw new RocketMQConfigurationException(PREFIX + "tls-enable", "true",
                    "Liftoff does not support TLS yet: it would connect in clear text",
                    "Remove rocketmq.producer.tls-enable (or set it to false) to connect without TLS, or use a "
                            + "client with TLS support for this cluster until Liftoff has it.");
        }
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

    /** @return why the address is not {@code host:port}, or {@code null} when it is */
    private static String addressProblem(String address) {
        String trimmed = (address != null) ? address.strip() : "";
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            return "is not of the form host:port";
        }
        String host = trimmed.substring(0, colon);
        if (host.chars().anyMatch(Character::isWhitespace)) {
            return "has a host with whitespace";
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        }
        catch (NumberFormatException ex) {
            return "has a port that is not a number";
        }
        return (port < 1 || port > 65535) ? "has port " + port + " outside 1-65535" : null;
    }

    private static Duration positive(String property, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw invalid(property, String.valueOf(value), "must be a positive duration", DURATION_HINT);
        }
        return value;
    }

    private static int atLeast(String property, int value, int minimum) {
        if (value < minimum) {
            throw invalid(property, String.valueOf(value), "must be at least " + minimum,
                    "a whole number of at least " + minimum);
        }
        return value;
    }

    private static int bytes(String property, DataSize value, int minimum) {
        if (value == null || value.toBytes() < minimum || value.toBytes() > Integer.MAX_VALUE) {
            throw invalid(property, String.valueOf(value), "must be from " + minimum + " bytes to 2GB",
                    "a size such as 4096 (bytes) or 4KB");
        }
        return (int) value.toBytes();
    }

    private static long[] millis(String property, List<Duration> values) {
        if (values == null || values.isEmpty()) {
            throw invalid(property, null, "must not be empty", "a list of durations, such as 50ms,100ms,550ms");
        }
        long[] millis = new long[values.size()];
        for (int i = 0; i < millis.length; i++) {
            Duration value = values.get(i);
            if (value == null || value.isNegative()) {
                throw invalid(property, values.toString(), "entry " + i + " is negative",
                        "durations of zero or more");
            }
            millis[i] = value.toMillis();
        }
        return millis;
    }

    private static String required(String property, String value) {
        if (!StringUtils.hasText(value)) {
            throw invalid(property, value, "must not be empty", "a value, or remove the property to use the default");
        }
        return value.strip();
    }

    private static RocketMQConfigurationException invalid(String property, String value, String reason,
            String expected) {
        return new RocketMQConfigurationException(property, value, reason,
                "Update " + property + " in your configuration to " + expected + ".");
    }
}
