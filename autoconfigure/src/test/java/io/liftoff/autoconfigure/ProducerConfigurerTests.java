package io.liftoff.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.liftoff.client.AsyncLimits;
import io.liftoff.client.AutoBatchOptions;
import io.liftoff.client.CompressionCodec;
import io.liftoff.client.FaultToleranceOptions;
import io.liftoff.client.ProducerBuilder;
import io.liftoff.client.RouteOptions;
import io.liftoff.client.SendOptions;
import io.liftoff.client.TraceOptions;
import io.liftoff.client.TransportOptions;
import io.liftoff.client.TransportOptions.HeaderFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Binds {@code rocketmq.*} the way Spring Boot does (the {@link Binder} with Boot's
 * conversion service) and checks what reaches the client's option objects: every default
 * equals the client's, rocketmq-spring style and Spring Boot style values are both
 * accepted, and every property is mapped.
 */
class ProducerConfigurerTests {

    private static final RocketMQConnectionDetails NAME_SERVER = () -> List.of("127.0.0.1:9876");

    @Test
    void everyPropertyDefaultsToTheClientDefault() {
        RocketMQProperties properties = bind();
        RocketMQProperties.Producer producer = properties.getProducer();
        assertThat(properties.getNameServer()).isNull();
        assertThat(producer.getGroup()).isNull();
        assertThat(producer.getNamespace()).isNull();
        assertThat(producer.getAccessKey()).isNull();
        assertThat(producer.getSecretKey()).isNull();
        assertThat(producer.isTlsEnable()).isFalse();
        assertThat(producer.getInstanceName()).isEqualTo(ProducerBuilder.DEFAULT_INSTANCE_NAME);
        assertThat(producer.getSendMessageTimeout()).isEqualTo(Duration.ofMillis(3000));
        assertThat(producer.getCompressMessageBodyThreshold()).isEqualTo(DataSize.ofBytes(4096));
        assertThat(producer.getMaxMessageSize()).isEqualTo(DataSize.ofBytes(4 * 1024 * 1024));
        assertThat(producer.getRetryTimesWhenSendFailed()).isEqualTo(2);
        assertThat(producer.getRetryTimesWhenSendAsyncFailed()).isEqualTo(2);
        assertThat(producer.isRetryNextServer()).isFalse();
        assertThat(producer.getAttemptTimeout()).isNull();
        assertThat(producer.getCompressLevel()).isEqualTo(5);
        assertThat(producer.getCompressType()).isEqualTo("zlib");
        assertThat(producer.getHeartbeatInterval()).isEqualTo(ProducerBuilder.DEFAULT_HEARTBEAT_INTERVAL);
        assertThat(producer.getShutdownGracePeriod()).isEqualTo(ProducerBuilder.DEFAULT_CLOSE_GRACE);
        assertThat(producer.isFailFast()).isFalse();
        assertThat(producer.getFailFastTopics()).isEmpty();
        assertThat(producer.getTransport().getIoThreads()).isNull();

        ProducerConfigurer configurer = new ProducerConfigurer(withGroup(properties), NAME_SERVER);
        assertSameSendOptions(configurer.sendOptions(), SendOptions.defaults());
        assertSameFaultTolerance(configurer.faultToleranceOptions(), FaultToleranceOptions.defaults());
        assertSameRouteOptions(configurer.routeOptions(), RouteOptions.defaults());
        assertSameTransportOptions(configurer.transportOptions(), TransportOptions.defaults());
        AsyncLimits limits = configurer.asyncLimits();
        assertThat(limits.maxInFlightRequests()).isEqualTo(AsyncLimits.DEFAULT_MAX_IN_FLIGHT_REQUESTS);
        assertThat(limits.maxInFlightBytes()).isEqualTo(AsyncLimits.DEFAULT_MAX_IN_FLIGHT_BYTES);
        AutoBatchOptions batching = configurer.autoBatchOptions();
        assertThat(batching.enabled()).isTrue();
        assertThat(batching.requestsBeforeBatching()).isEqualTo(AutoBatchOptions.DEFAULT_REQUESTS_BEFORE_BATCHING);
        assertThat(batching.maxMessages()).isEqualTo(AutoBatchOptions.DEFAULT_MAX_MESSAGES);
        assertThat(batching.maxBytes()).isEqualTo(AutoBatchOptions.DEFAULT_MAX_BYTES);
        assertThat(configurer.shutdownGracePeriod()).isEqualTo(ProducerBuilder.DEFAULT_CLOSE_GRACE);
        assertThat(configurer.failFastTopics()).isEmpty();
    }

    @Test
    void autoBatchingCanBeTurnedOffAndRefusesABatchOfOneMessage() {
        ProducerConfigurer off = new ProducerConfigurer(
                withGroup(bind(Map.of("rocketmq.producer.async.auto-batch.enabled", "false"))), NAME_SERVER);
        assertThat(off.autoBatchOptions().enabled()).isFalse();

        ProducerConfigurer tiny = new ProducerConfigurer(
                withGroup(bind(Map.of("rocketmq.producer.async.auto-batch.max-messages", "1"))), NAME_SERVER);
        assertThatExceptionOfType(RocketMQConfigurationException.class).isThrownBy(tiny::autoBatchOptions)
            .withMessageContaining("rocketmq.producer.async.auto-batch.max-messages");
    }

    @Test
    void rocketmqSpringTraceKeysTurnMessageTraceOnAndNameItsTopic() {
        ProducerConfigurer defaults = new ProducerConfigurer(withGroup(bind(Map.of())), NAME_SERVER);
        assertThat(defaults.traceOptions().isEnabled()).isFalse();

        ProducerConfigurer on = new ProducerConfigurer(
                withGroup(bind(Map.of("rocketmq.producer.enable-msg-trace", "true"))), NAME_SERVER);
        assertThat(on.traceOptions().isEnabled()).isTrue();
        assertThat(on.traceOptions().topic()).isEqualTo(TraceOptions.DEFAULT_TOPIC);

        ProducerConfigurer customized = new ProducerConfigurer(withGroup(bind(Map
            .of("rocketmq.producer.enable-msg-trace", "true", "rocketmq.producer.customized-trace-topic", "my-trace"))),
                NAME_SERVER);
        assertThat(customized.traceOptions().topic()).isEqualTo("my-trace");

        ProducerConfigurer blank = new ProducerConfigurer(withGroup(bind(
                Map.of("rocketmq.producer.enable-msg-trace", "true", "rocketmq.producer.customized-trace-topic", " "))),
                NAME_SERVER);
        assertThatExceptionOfType(RocketMQConfigurationException.class).isThrownBy(blank::traceOptions)
            .withMessageContaining("rocketmq.producer.customized-trace-topic");
    }

    @ParameterizedTest(name = "send-message-timeout={0}")
    @CsvSource({ "3000, 3000", "3s, 3000", "1500, 1500", "1500ms, 1500", "PT2S, 2000", "1m, 60000" })
    void sendMessageTimeoutAcceptsMillisecondsAndDurations(String value, long expectedMillis) {
        SendOptions options = configurer("rocketmq.producer.send-message-timeout", value).sendOptions();
        assertThat(options.sendTimeout()).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @ParameterizedTest(name = "compress-message-body-threshold={0}")
    @CsvSource({ "4096, 4096", "4KB, 4096", "1024, 1024", "1KB, 1024", "8B, 8" })
    void compressThresholdAcceptsBytesAndSizes(String value, int expectedBytes) {
        SendOptions options = configurer("rocketmq.producer.compress-message-body-threshold", value).sendOptions();
        assertThat(options.compressThreshold()).isEqualTo(expectedBytes);
    }

    @ParameterizedTest(name = "max-message-size={0}")
    @CsvSource({ "4194304, 4194304", "4MB, 4194304", "1048576, 1048576", "512KB, 524288" })
    void maxMessageSizeAcceptsBytesAndSizes(String value, int expectedBytes) {
        SendOptions options = configurer("rocketmq.producer.max-message-size", value).sendOptions();
        assertThat(options.maxMessageSize()).isEqualTo(expectedBytes);
    }

    @Test
    void camelCaseKeysOfRocketMQSpringSamplesBindToo() {
        ProducerConfigurer configurer = configurer("rocketmq.nameServer", "10.0.0.1:9876",
                "rocketmq.producer.sendMessageTimeout", "5000", "rocketmq.producer.retryTimesWhenSendFailed", "4",
                "rocketmq.producer.compressMessageBodyThreshold", "2048");
        assertThat(configurer.sendOptions().sendTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(configurer.sendOptions().retries()).isEqualTo(4);
        assertThat(configurer.sendOptions().compressThreshold()).isEqualTo(2048);
    }

    @Test
    void everyPropertyIsMapped() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("rocketmq.producer.send-message-timeout", "7s");
        values.put("rocketmq.producer.attempt-timeout", "2500");
        values.put("rocketmq.producer.retry-times-when-send-failed", "5");
        values.put("rocketmq.producer.retry-times-when-send-async-failed", "6");
        values.put("rocketmq.producer.retry-next-server", "true");
        values.put("rocketmq.producer.compress-message-body-threshold", "8KB");
        values.put("rocketmq.producer.compress-level", "9");
        values.put("rocketmq.producer.compress-type", "ZStd");
        values.put("rocketmq.producer.max-message-size", "1MB");
        values.put("rocketmq.producer.fault-tolerance.enabled", "false");
        values.put("rocketmq.producer.fault-tolerance.latency-max", "10,20ms,1s");
        values.put("rocketmq.producer.fault-tolerance.not-available-duration", "0,500ms,2s");
        values.put("rocketmq.producer.fault-tolerance.failure-isolation", "20s");
        values.put("rocketmq.producer.fault-tolerance.probe-interval", "250ms");
        values.put("rocketmq.producer.fault-tolerance.probe-timeout", "100ms");
        values.put("rocketmq.producer.route.refresh-interval", "45s");
        values.put("rocketmq.producer.route.request-timeout", "1s");
        values.put("rocketmq.producer.route.default-topic", "MY_DEFAULT");
        values.put("rocketmq.producer.route.default-topic-queue-nums", "8");
        values.put("rocketmq.producer.route.recovery-refresh-interval", "5s");
        values.put("rocketmq.producer.route.recovery-window", "1m");
        values.put("rocketmq.producer.async.max-in-flight-requests", "64");
        values.put("rocketmq.producer.async.max-in-flight-bytes", "8MB");
        values.put("rocketmq.producer.async.auto-batch.requests-before-batching", "2");
        values.put("rocketmq.producer.async.auto-batch.max-messages", "16");
        values.put("rocketmq.producer.async.auto-batch.max-bytes", "64KB");
        values.put("rocketmq.producer.transport.connect-timeout", "700ms");
        values.put("rocketmq.producer.transport.max-frame-length", "32MB");
        values.put("rocketmq.producer.transport.idle-timeout", "30s");
        values.put("rocketmq.producer.transport.io-threads", "2");
        values.put("rocketmq.producer.transport.header-format", "rocketmq");
        values.put("rocketmq.producer.transport.callback-threads", "3");
        values.put("rocketmq.producer.transport.caller-writes", "false");
        values.put("rocketmq.producer.shutdown-grace-period", "0s");
        values.put("rocketmq.producer.heartbeat-interval", "10s");
        values.put("rocketmq.producer.fail-fast", "true");
        values.put("rocketmq.producer.fail-fast-topics", "orders, payments");
        ProducerConfigurer configurer = new ProducerConfigurer(withGroup(bind(values)), NAME_SERVER);

        SendOptions send = configurer.sendOptions();
        assertThat(send.sendTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(send.attemptTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(send.retries()).isEqualTo(5);
        assertThat(send.asyncRetries()).isEqualTo(6);
        assertThat(send.retryAnotherBrokerWhenNotStoreOk()).isTrue();
        assertThat(send.compressThreshold()).isEqualTo(8192);
        assertThat(send.compressLevel()).isEqualTo(9);
        assertThat(send.compressType()).isEqualTo(CompressionCodec.ZSTD);
        assertThat(send.maxMessageSize()).isEqualTo(1024 * 1024);
        FaultToleranceOptions fault = configurer.faultToleranceOptions();
        assertThat(fault.enabled()).isFalse();
        assertThat(fault.latencyMax()).containsExactly(10, 20, 1000);
        assertThat(fault.notAvailableDuration()).containsExactly(0, 500, 2000);
        assertThat(fault.failureIsolation()).isEqualTo(Duration.ofSeconds(20));
        assertThat(fault.probeInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(fault.probeTimeout()).isEqualTo(Duration.ofMillis(100));
        RouteOptions route = configurer.routeOptions();
        assertThat(route.refreshInterval()).isEqualTo(Duration.ofSeconds(45));
        assertThat(route.requestTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(route.defaultTopic()).isEqualTo("MY_DEFAULT");
        assertThat(route.defaultTopicQueueNums()).isEqualTo(8);
        assertThat(route.recoveryRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(route.recoveryWindow()).isEqualTo(Duration.ofMinutes(1));
        AsyncLimits limits = configurer.asyncLimits();
        assertThat(limits.maxInFlightRequests()).isEqualTo(64);
        assertThat(limits.maxInFlightBytes()).isEqualTo(8L * 1024 * 1024);
        AutoBatchOptions batching = configurer.autoBatchOptions();
        assertThat(batching.enabled()).isTrue();
        assertThat(batching.requestsBeforeBatching()).isEqualTo(2);
        assertThat(batching.maxMessages()).isEqualTo(16);
        assertThat(batching.maxBytes()).isEqualTo(64 * 1024);
        TransportOptions transport = configurer.transportOptions();
        assertThat(transport.connectTimeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(transport.maxFrameLength()).isEqualTo(32 * 1024 * 1024);
        assertThat(transport.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(transport.ioThreads()).isEqualTo(2);
        assertThat(transport.headerFormat()).isEqualTo(HeaderFormat.ROCKETMQ);
        assertThat(transport.callbackThreads()).isEqualTo(3);
        assertThat(transport.callerWrites()).isFalse();
        assertThat(configurer.shutdownGracePeriod()).isZero();
        assertThat(configurer.failFastTopics()).containsExactly("orders", "payments");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = { "rocketmq.producer.send-message-timeout | 0 | must be a positive duration",
            "rocketmq.producer.attempt-timeout | -1 | must be a positive duration",
            "rocketmq.producer.retry-times-when-send-failed | -1 | must be at least 0, was -1",
            "rocketmq.producer.retry-times-when-send-async-failed | -1 | must be at least 0, was -1",
            "rocketmq.producer.compress-message-body-threshold | 0 | must be at least 1 byte, was 0 bytes",
            "rocketmq.producer.compress-level | 10 | must be within 0-9, was 10",
            "rocketmq.producer.compress-level | -1 | must be within 0-9, was -1",
            "rocketmq.producer.compress-type | snappy | is not a compression codec",
            "rocketmq.producer.max-message-size | 0 | must be at least 1 byte, was 0 bytes",
            "rocketmq.producer.max-message-size | 3GB | must be less than 2GB",
            "rocketmq.producer.fault-tolerance.latency-max | 100,50,550,1800,3000,5000,15000 | ascending order",
            "rocketmq.producer.fault-tolerance.latency-max | -1,100,550,1800,3000,5000,15000 | must not be negative",
            "rocketmq.producer.fault-tolerance.not-available-duration | 0 | one entry per latencyMax threshold (7)",
            "rocketmq.producer.fault-tolerance.failure-isolation | 0 | must be a positive duration",
            "rocketmq.producer.fault-tolerance.probe-interval | 0 | must be a positive duration",
            "rocketmq.producer.fault-tolerance.probe-timeout | 0 | must be a positive duration",
            "rocketmq.producer.route.refresh-interval | 0 | must be a positive duration",
            "rocketmq.producer.route.request-timeout | 0 | must be a positive duration",
            "rocketmq.producer.route.default-topic | ' ' | must not be blank",
            "rocketmq.producer.route.default-topic-queue-nums | 0 | must be at least 1, was 0",
            "rocketmq.producer.route.recovery-refresh-interval | 0 | must be a positive duration",
            "rocketmq.producer.route.recovery-window | 0 | must be a positive duration",
            "rocketmq.producer.async.max-in-flight-requests | 0 | must be at least 1, was 0",
            "rocketmq.producer.async.max-in-flight-bytes | 1KB | must be at least 1048576 bytes",
            "rocketmq.producer.async.auto-batch.requests-before-batching | 0 | must be at least 1, was 0",
            "rocketmq.producer.async.auto-batch.max-messages | 1 | must be at least 2, was 1",
            "rocketmq.producer.async.auto-batch.max-bytes | 1000 | must be at least 1024 bytes, was 1000 bytes",
            "rocketmq.producer.transport.connect-timeout | 0 | must be a positive duration",
            "rocketmq.producer.transport.max-frame-length | 1000 | must be at least 1024 bytes, was 1000 bytes",
            "rocketmq.producer.transport.idle-timeout | 0 | must be a positive duration",
            "rocketmq.producer.transport.io-threads | 0 | must be at least 1, was 0",
            "rocketmq.producer.transport.callback-threads | 0 | must be at least 1, was 0",
            "rocketmq.producer.heartbeat-interval | 0 | must be a positive duration",
            "rocketmq.producer.shutdown-grace-period | -1s | must be a duration of zero or more",
            "rocketmq.producer.instance-name | ' ' | must not be blank",
            "rocketmq.producer.group | DEFAULT_PRODUCER | reserved",
            "rocketmq.producer.namespace | bad namespace | only letters, digits",
            "rocketmq.name-server | localhost | is not of the form host:port" })
    void everyRuleTheClientChecksIsReportedAgainstItsProperty(String property, String value, String reason) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("rocketmq.name-server", "127.0.0.1:9876");
        values.put("rocketmq.producer.group", "test-group");
        values.put(property, value);
        RocketMQProperties properties = bind(values);
        ProducerConfigurer configurer = new ProducerConfigurer(properties,
                new PropertiesRocketMQConnectionDetails(properties));
        assertThatExceptionOfType(RocketMQConfigurationException.class)
            .isThrownBy(() -> configurer.build(configurer.configure(io.liftoff.client.Producer.builder())))
            .satisfies((ex) -> {
                assertThat(ex.getProperty()).isEqualTo(property);
                assertThat(ex.getReason()).contains(reason);
                assertThat(ex.getAction())
                    .contains(property.equals("rocketmq.name-server") ? "host:port" : "rocketmq.producer.");
            });
    }

    @Test
    void nameServerListAcceptsSemicolonsCommasAndSpaces() {
        RocketMQProperties properties = bind(
                Map.of("rocketmq.name-server", " 10.0.0.1:9876; 10.0.0.2:9876 ,host-3:9876;"));
        List<String> addresses = new ProducerConfigurer(withGroup(properties),
                new PropertiesRocketMQConnectionDetails(properties))
            .nameServers();
        assertThat(addresses).containsExactly("10.0.0.1:9876", "10.0.0.2:9876", "host-3:9876");
    }

    @Test
    void secretKeyNeverAppearsInTheException() {
        RocketMQProperties properties = withGroup(bind(Map.of("rocketmq.producer.secret-key", "s3cr3t-value")));
        assertThatExceptionOfType(RocketMQConfigurationException.class).isThrownBy(
                () -> new ProducerConfigurer(properties, NAME_SERVER).configure(io.liftoff.client.Producer.builder()))
            .satisfies((ex) -> {
                assertThat(ex.getProperty()).isEqualTo("rocketmq.producer.access-key");
                assertThat(ex.getValue()).isNull();
                assertThat(ex.getMessage() + ex.getReason() + ex.getAction()).doesNotContain("s3cr3t-value");
            });
        assertThat(properties.getProducer().toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void accessKeyAndSecretKeyBecomeTheCredentialsThatSignRequests() {
        RocketMQProperties properties = withGroup(
                bind(Map.of("rocketmq.producer.access-key", " app ", "rocketmq.producer.secret-key", "s3cr3t-value")));

        io.liftoff.client.Credentials credentials = new ProducerConfigurer(properties, NAME_SERVER).credentials();

        assertThat(credentials).isEqualTo(io.liftoff.client.Credentials.of("app", "s3cr3t-value"));
        assertThat(credentials.toString()).doesNotContain("s3cr3t-value");
        assertThat(new ProducerConfigurer(withGroup(bind(Map.of())), NAME_SERVER).credentials()).isNull();
    }

    private static ProducerConfigurer configurer(String... keysAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new ProducerConfigurer(withGroup(bind(values)), NAME_SERVER);
    }

    private static RocketMQProperties bind() {
        return bind(Map.of());
    }

    static RocketMQProperties bind(Map<String, String> values) {
        Binder binder = new Binder(new MapConfigurationPropertySource(values));
        return binder.bind("rocketmq", RocketMQProperties.class).orElseGet(RocketMQProperties::new);
    }

    private static RocketMQProperties withGroup(RocketMQProperties properties) {
        properties.getProducer().setGroup("test-group");
        return properties;
    }

    private static void assertSameSendOptions(SendOptions actual, SendOptions expected) {
        assertThat(actual.sendTimeout()).isEqualTo(expected.sendTimeout());
        assertThat(actual.attemptTimeout()).isEqualTo(expected.attemptTimeout());
        assertThat(actual.retries()).isEqualTo(expected.retries());
        assertThat(actual.asyncRetries()).isEqualTo(expected.asyncRetries());
        assertThat(actual.retryAnotherBrokerWhenNotStoreOk()).isEqualTo(expected.retryAnotherBrokerWhenNotStoreOk());
        assertThat(actual.compressThreshold()).isEqualTo(expected.compressThreshold());
        assertThat(actual.compressLevel()).isEqualTo(expected.compressLevel());
        assertThat(actual.compressType()).isEqualTo(expected.compressType());
        assertThat(actual.maxMessageSize()).isEqualTo(expected.maxMessageSize());
        assertThat(actual.retryResponseCodes()).isEqualTo(expected.retryResponseCodes());
    }

    private static void assertSameFaultTolerance(FaultToleranceOptions actual, FaultToleranceOptions expected) {
        assertThat(actual.enabled()).isEqualTo(expected.enabled());
        assertThat(actual.latencyMax()).isEqualTo(expected.latencyMax());
        assertThat(actual.notAvailableDuration()).isEqualTo(expected.notAvailableDuration());
        assertThat(actual.failureIsolation()).isEqualTo(expected.failureIsolation());
        assertThat(actual.probeInterval()).isEqualTo(expected.probeInterval());
        assertThat(actual.probeTimeout()).isEqualTo(expected.probeTimeout());
    }

    private static void assertSameRouteOptions(RouteOptions actual, RouteOptions expected) {
        assertThat(actual.refreshInterval()).isEqualTo(expected.refreshInterval());
        assertThat(actual.requestTimeout()).isEqualTo(expected.requestTimeout());
        assertThat(actual.defaultTopic()).isEqualTo(expected.defaultTopic());
        assertThat(actual.defaultTopicQueueNums()).isEqualTo(expected.defaultTopicQueueNums());
        assertThat(actual.recoveryRefreshInterval()).isEqualTo(expected.recoveryRefreshInterval());
        assertThat(actual.recoveryWindow()).isEqualTo(expected.recoveryWindow());
    }

    private static void assertSameTransportOptions(TransportOptions actual, TransportOptions expected) {
        assertThat(actual.connectTimeout()).isEqualTo(expected.connectTimeout());
        assertThat(actual.maxFrameLength()).isEqualTo(expected.maxFrameLength());
        assertThat(actual.idleTimeout()).isEqualTo(expected.idleTimeout());
        assertThat(actual.ioThreads()).isEqualTo(expected.ioThreads());
        assertThat(actual.headerFormat()).isEqualTo(expected.headerFormat());
        assertThat(actual.callbackThreads()).isEqualTo(expected.callbackThreads());
        assertThat(actual.callerWrites()).isEqualTo(expected.callerWrites());
    }

}
