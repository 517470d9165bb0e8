package io.liftoff.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.liftoff.client.TransportOptions.HeaderFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Configuration of the Liftoff producer, under {@code rocketmq}. The keys rocketmq-spring
 * users already write ({@code rocketmq.name-server}, {@code rocketmq.producer.group},
 * {@code rocketmq.producer.send-message-timeout}, ...) keep their meaning and accept
 * their values ({@code 3000} as well as {@code 3s}, {@code 4096} as well as {@code 4KB});
 * Liftoff's own settings are grouped under {@code rocketmq.producer.fault-tolerance},
 * {@code .route}, {@code .async} and {@code .transport}. Defaults are the client's (see
 * {@link io.liftoff.client.SendOptions} and the other option classes).
 * <p>
 * Each getter and setter names its property. What a property does and its default are
 * said once, on its field: Spring Boot's configuration processor turns that comment into
 * the metadata IDEs show, and {@code docs/configuration.md} lists every property.
 */
@ConfigurationProperties("rocketmq")
public class RocketMQProperties {

    /**
     * NameServer addresses as host:port, several separated by ';'.
     */
    private @Nullable String nameServer;

    private final Producer producer = new Producer();

    private final Template template = new Template();

    private final Health health = new Health();

    private final Metrics metrics = new Metrics();

    /**
     * @return the value of {@code rocketmq.name-server}
     */
    public @Nullable String getNameServer() {
        return this.nameServer;
    }

    /**
     * Sets {@code rocketmq.name-server}.
     * @param nameServer the new value
     */
    public void setNameServer(@Nullable String nameServer) {
        this.nameServer = nameServer;
    }

    /**
     * @return the settings under {@code rocketmq.producer}
     */
    public Producer getProducer() {
        return this.producer;
    }

    /**
     * @return the settings under {@code rocketmq.template}
     */
    public Template getTemplate() {
        return this.template;
    }

    /**
     * @return the settings under {@code rocketmq.health}
     */
    public Health getHealth() {
        return this.health;
    }

    /**
     * @return the settings under {@code rocketmq.metrics}
     */
    public Metrics getMetrics() {
        return this.metrics;
    }

    /** The MessageTemplate, under {@code rocketmq.template}. */
    public static class Template {

        /**
         * Whether each send of the MessageTemplate is a Micrometer observation
         * ('rocketmq.send', a span when a tracer is present, with the trace context
         * written to the message as a W3C 'traceparent' user property). Needs an
         * ObservationRegistry bean, which Spring Boot Actuator defines.
         */
        private boolean observationEnabled = true;

        /**
         * @return the value of {@code rocketmq.template.observation-enabled}
         */
        public boolean isObservationEnabled() {
            return this.observationEnabled;
        }

        /**
         * Sets {@code rocketmq.template.observation-enabled}.
         * @param observationEnabled the new value
         */
        public void setObservationEnabled(boolean observationEnabled) {
            this.observationEnabled = observationEnabled;
        }

    }

    /**
     * The 'rocketmq' health indicator, under {@code rocketmq.health}; switched off with
     * {@code management.health.rocketmq.enabled=false}.
     */
    public static class Health {

        /**
         * Longest time a health check waits for the NameServers; a NameServer that does
         * not answer in time is reported unreachable. The check never sends a message.
         */
        private Duration timeout = Duration.ofSeconds(1);

        /**
         * @return the value of {@code rocketmq.health.timeout}
         */
        public Duration getTimeout() {
            return this.timeout;
        }

        /**
         * Sets {@code rocketmq.health.timeout}.
         * @param timeout the new value
         */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

    }

    /** The producer's Micrometer meters, under {@code rocketmq.metrics}. */
    public static class Metrics {

        /**
         * Largest number of distinct topics tagged on the producer's meters; sends to
         * further topics are tagged topic=OTHER, so that a topic per tenant or per user
         * cannot exhaust the meter registry.
         */
        private int maxTopics = 1000;

        /**
         * @return the value of {@code rocketmq.metrics.max-topics}
         */
        public int getMaxTopics() {
            return this.maxTopics;
        }

        /**
         * Sets {@code rocketmq.metrics.max-topics}.
         * @param maxTopics the new value
         */
        public void setMaxTopics(int maxTopics) {
            this.maxTopics = maxTopics;
        }

    }

    /** Producer settings, under {@code rocketmq.producer}. */
    public static class Producer {

        /**
         * Producer group. Required.
         */
        private @Nullable String group;

        /**
         * Namespace prefixed to topics and the group on the wire, as 'namespace%name'.
         */
        private @Nullable String namespace;

        /**
         * Time budget of one send, retries included. A number without unit is in
         * milliseconds.
         */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration sendMessageTimeout = Duration.ofMillis(3000);

        /**
         * Body size from which a single message's body is compressed. A number without
         * unit is in bytes.
         */
        @DataSizeUnit(DataUnit.BYTES)
        private DataSize compressMessageBodyThreshold = DataSize.ofKilobytes(4);

        /**
         * Number of retries, on another broker, of a synchronous or batch send that
         * failed.
         */
        private int retryTimesWhenSendFailed = 2;

        /**
         * Number of retries, on another broker, of an asynchronous send that failed.
         */
        private int retryTimesWhenSendAsyncFailed = 2;

        /**
         * Whether a message stored without SEND_OK (flush or replication timeout) is sent
         * again to another broker.
         */
        private boolean retryNextServer = false;

        /**
         * Largest message body, or batch body, accepted. A number without unit is in
         * bytes.
         */
        @DataSizeUnit(DataUnit.BYTES)
        private DataSize maxMessageSize = DataSize.ofMegabytes(4);

        /**
         * ACL access key (the user): with the secret key, every request is signed for
         * brokers with authentication on. A CredentialsProvider bean, for credentials
         * that rotate, takes precedence.
         */
        private @Nullable String accessKey;

        /**
         * ACL secret key of the access key, which signs requests. Never shown: masked in
         * the actuator endpoints, logs and error reports.
         */
        private @Nullable String secretKey;

        /**
         * Whether to connect to NameServers and brokers with TLS, trusting the JVM's
         * default trust store and checking that each server's certificate names its
         * address. rocketmq.producer.ssl.bundle turns TLS on as well.
         */
        private boolean tlsEnable = false;

        /**
         * Instance name in the client id. 'DEFAULT' is replaced by the process id and a
         * timestamp, as the official client does.
         */
        private String instanceName = "DEFAULT";

        /**
         * Cap of one attempt of a send. When not set, an attempt may use what is left of
         * the send timeout less an even share kept for the attempts after it (2 s of 3 s
         * for the first of 3), or more for a broker whose last answer was slow, so that a
         * slow broker is not abandoned (and the message stored twice) while a frozen one
         * still leaves time to retry elsewhere.
         */
        @DurationUnit(ChronoUnit.MILLIS)
        private @Nullable Duration attemptTimeout;

        /**
         * Compression level: 0 to 9 for zlib, 1 to 22 for zstd, not used by lz4.
         */
        private int compressLevel = 5;

        /**
         * Codec of compressed bodies, case-insensitive: zlib (read by every consumer),
         * lz4 or zstd (read by the official Java client 5.x; they need org.lz4:lz4-java
         * or com.github.luben:zstd-jni on the class path).
         */
        private String compressType = "zlib";

        /**
         * Interval of heartbeats to the brokers.
         */
        private Duration heartbeatInterval = Duration.ofSeconds(30);

        /**
         * How long shutdown waits for asynchronous sends in flight before closing the
         * producer; sends still in flight then fail.
         */
        private Duration shutdownGracePeriod = Duration.ofSeconds(5);

        /**
         * Whether start-up fails, with a report of what to fix, when no NameServer
         * answers within the route request timeout, or when the route of a fail-fast
         * topic cannot be looked up. When off, the application starts without RocketMQ
         * and sends fail until a NameServer answers.
         */
        private boolean failFast = false;

        /**
         * Topics whose routes are also looked up at start-up when fail-fast is on,
         * typically the topics the application sends to. Optional.
         */
        private List<String> failFastTopics = new ArrayList<>();

        /**
         * Whether every send writes a message trace record, in the official client's
         * format, for the RocketMQ Dashboard (rocketmq-spring's key).
         */
        private boolean enableMsgTrace = false;

        /**
         * Topic trace records go to when message trace is on (rocketmq-spring's key).
         */
        private String customizedTraceTopic = "RMQ_SYS_TRACE_TOPIC";

        private final FaultTolerance faultTolerance = new FaultTolerance();

        private final Route route = new Route();

        private final Async async = new Async();

        private final Transport transport = new Transport();

        private final Ssl ssl = new Ssl();

        /**
         * @return the value of {@code rocketmq.producer.group}
         */
        public @Nullable String getGroup() {
            return this.group;
        }

        /**
         * Sets {@code rocketmq.producer.group}.
         * @param group the new value
         */
        public void setGroup(@Nullable String group) {
            this.group = group;
        }

        /**
         * @return the value of {@code rocketmq.producer.namespace}
         */
        public @Nullable String getNamespace() {
            return this.namespace;
        }

        /**
         * Sets {@code rocketmq.producer.namespace}.
         * @param namespace the new value
         */
        public void setNamespace(@Nullable String namespace) {
            this.namespace = namespace;
        }

        /**
         * @return the value of {@code rocketmq.producer.send-message-timeout}
         */
        public Duration getSendMessageTimeout() {
            return this.sendMessageTimeout;
        }

        /**
         * Sets {@code rocketmq.producer.send-message-timeout}.
         * @param sendMessageTimeout the new value
         */
        public void setSendMessageTimeout(Duration sendMessageTimeout) {
            this.sendMessageTimeout = sendMessageTimeout;
        }

        /**
         * @return the value of {@code rocketmq.producer.compress-message-body-threshold}
         */
        public DataSize getCompressMessageBodyThreshold() {
            return this.compressMessageBodyThreshold;
        }

        /**
         * Sets {@code rocketmq.producer.compress-message-body-threshold}.
         * @param compressMessageBodyThreshold the new value
         */
        public void setCompressMessageBodyThreshold(DataSize compressMessageBodyThreshold) {
            this.compressMessageBodyThreshold = compressMessageBodyThreshold;
        }

        /**
         * @return the value of {@code rocketmq.producer.retry-times-when-send-failed}
         */
        public int getRetryTimesWhenSendFailed() {
            return this.retryTimesWhenSendFailed;
        }

        /**
         * Sets {@code rocketmq.producer.retry-times-when-send-failed}.
         * @param retryTimesWhenSendFailed the new value
         */
        public void setRetryTimesWhenSendFailed(int retryTimesWhenSendFailed) {
            this.retryTimesWhenSendFailed = retryTimesWhenSendFailed;
        }

        /**
         * @return the value of
         * {@code rocketmq.producer.retry-times-when-send-async-failed}
         */
        public int getRetryTimesWhenSendAsyncFailed() {
            return this.retryTimesWhenSendAsyncFailed;
        }

        /**
         * Sets {@code rocketmq.producer.retry-times-when-send-async-failed}.
         * @param retryTimesWhenSendAsyncFailed the new value
         */
        public void setRetryTimesWhenSendAsyncFailed(int retryTimesWhenSendAsyncFailed) {
            this.retryTimesWhenSendAsyncFailed = retryTimesWhenSendAsyncFailed;
        }

        /**
         * @return the value of {@code rocketmq.producer.retry-next-server}
         */
        public boolean isRetryNextServer() {
            return this.retryNextServer;
        }

        /**
         * Sets {@code rocketmq.producer.retry-next-server}.
         * @param retryNextServer the new value
         */
        public void setRetryNextServer(boolean retryNextServer) {
            this.retryNextServer = retryNextServer;
        }

        /**
         * @return the value of {@code rocketmq.producer.max-message-size}
         */
        public DataSize getMaxMessageSize() {
            return this.maxMessageSize;
        }

        /**
         * Sets {@code rocketmq.producer.max-message-size}.
         * @param maxMessageSize the new value
         */
        public void setMaxMessageSize(DataSize maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }

        /**
         * @return the value of {@code rocketmq.producer.access-key}
         */
        public @Nullable String getAccessKey() {
            return this.accessKey;
        }

        /**
         * Sets {@code rocketmq.producer.access-key}.
         * @param accessKey the new value
         */
        public void setAccessKey(@Nullable String accessKey) {
            this.accessKey = accessKey;
        }

        /**
         * @return the value of {@code rocketmq.producer.secret-key}
         */
        public @Nullable String getSecretKey() {
            return this.secretKey;
        }

        /**
         * Sets {@code rocketmq.producer.secret-key}.
         * @param secretKey the new value
         */
        public void setSecretKey(@Nullable String secretKey) {
            this.secretKey = secretKey;
        }

        /**
         * @return the value of {@code rocketmq.producer.tls-enable}
         */
        public boolean isTlsEnable() {
            return this.tlsEnable;
        }

        /**
         * Sets {@code rocketmq.producer.tls-enable}.
         * @param tlsEnable the new value
         */
        public void setTlsEnable(boolean tlsEnable) {
            this.tlsEnable = tlsEnable;
        }

        /**
         * @return the value of {@code rocketmq.producer.instance-name}
         */
        public String getInstanceName() {
            return this.instanceName;
        }

        /**
         * Sets {@code rocketmq.producer.instance-name}.
         * @param instanceName the new value
         */
        public void setInstanceName(String instanceName) {
            this.instanceName = instanceName;
        }

        /**
         * @return the value of {@code rocketmq.producer.attempt-timeout}
         */
        public @Nullable Duration getAttemptTimeout() {
            return this.attemptTimeout;
        }

        /**
         * Sets {@code rocketmq.producer.attempt-timeout}.
         * @param attemptTimeout the new value
         */
        public void setAttemptTimeout(@Nullable Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
        }

        /**
         * @return the value of {@code rocketmq.producer.compress-level}
         */
        public int getCompressLevel() {
            return this.compressLevel;
        }

        /**
         * Sets {@code rocketmq.producer.compress-level}.
         * @param compressLevel the new value
         */
        public void setCompressLevel(int compressLevel) {
            this.compressLevel = compressLevel;
        }

        /**
         * @return the value of {@code rocketmq.producer.compress-type}
         */
        public String getCompressType() {
            return this.compressType;
        }

        /**
         * Sets {@code rocketmq.producer.compress-type}.
         * @param compressType the new value
         */
        public void setCompressType(String compressType) {
            this.compressType = compressType;
        }

        /**
         * @return the value of {@code rocketmq.producer.heartbeat-interval}
         */
        public Duration getHeartbeatInterval() {
            return this.heartbeatInterval;
        }

        /**
         * Sets {@code rocketmq.producer.heartbeat-interval}.
         * @param heartbeatInterval the new value
         */
        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }

        /**
         * @return the value of {@code rocketmq.producer.shutdown-grace-period}
         */
        public Duration getShutdownGracePeriod() {
            return this.shutdownGracePeriod;
        }

        /**
         * Sets {@code rocketmq.producer.shutdown-grace-period}.
         * @param shutdownGracePeriod the new value
         */
        public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
            this.shutdownGracePeriod = shutdownGracePeriod;
        }

        /**
         * @return the value of {@code rocketmq.producer.fail-fast}
         */
        public boolean isFailFast() {
            return this.failFast;
        }

        /**
         * Sets {@code rocketmq.producer.fail-fast}.
         * @param failFast the new value
         */
        public void setFailFast(boolean failFast) {
            this.failFast = failFast;
        }

        /**
         * @return the value of {@code rocketmq.producer.fail-fast-topics}
         */
        public List<String> getFailFastTopics() {
            return this.failFastTopics;
        }

        /**
         * Sets {@code rocketmq.producer.fail-fast-topics}.
         * @param failFastTopics the new value
         */
        public void setFailFastTopics(List<String> failFastTopics) {
            this.failFastTopics = failFastTopics;
        }

        /**
         * @return the value of {@code rocketmq.producer.enable-msg-trace}
         */
        public boolean isEnableMsgTrace() {
            return this.enableMsgTrace;
        }

        /**
         * Sets {@code rocketmq.producer.enable-msg-trace}.
         * @param enableMsgTrace the new value
         */
        public void setEnableMsgTrace(boolean enableMsgTrace) {
            this.enableMsgTrace = enableMsgTrace;
        }

        /**
         * @return the value of {@code rocketmq.producer.customized-trace-topic}
         */
        public String getCustomizedTraceTopic() {
            return this.customizedTraceTopic;
        }

        /**
         * Sets {@code rocketmq.producer.customized-trace-topic}.
         * @param customizedTraceTopic the new value
         */
        public void setCustomizedTraceTopic(String customizedTraceTopic) {
            this.customizedTraceTopic = customizedTraceTopic;
        }

        /**
         * @return the settings under {@code rocketmq.producer.fault-tolerance}
         */
        public FaultTolerance getFaultTolerance() {
            return this.faultTolerance;
        }

        /**
         * @return the settings under {@code rocketmq.producer.route}
         */
        public Route getRoute() {
            return this.route;
        }

        /**
         * @return the settings under {@code rocketmq.producer.async}
         */
        public Async getAsync() {
            return this.async;
        }

        /**
         * @return the settings under {@code rocketmq.producer.transport}
         */
        public Transport getTransport() {
            return this.transport;
        }

        /**
         * @return the settings under {@code rocketmq.producer.ssl}
         */
        public Ssl getSsl() {
            return this.ssl;
        }

        /** Never shows the keys. */
        @Override
        public String toString() {
            return "Producer[group=" + this.group + ", namespace=" + this.namespace + ", accessKey="
                    + ((this.accessKey != null) ? "******" : null) + ", secretKey="
                    + ((this.secretKey != null) ? "******" : null) + "]";
        }

    }

    /**
     * TLS trust and key material, under {@code rocketmq.producer.ssl}: a Spring Boot SSL
     * bundle ({@code spring.ssl.bundle.*}), or an insecure trust-all for tests.
     */
    public static class Ssl {

        /**
         * Name of the SSL bundle (spring.ssl.bundle.*) whose trust material verifies the
         * servers and whose key, if any, is presented to them (mutual TLS). Turns TLS on;
         * a reloaded bundle applies to new connections.
         */
        private @Nullable String bundle;

        /**
         * Whether to accept any server certificate without checking it or the host name.
         * INSECURE, for tests only: logged as a warning at start-up. Turns TLS on; cannot
         * be combined with a bundle.
         */
        private boolean trustAll = false;

        /**
         * Whether each server's certificate must name the address the producer connects
         * to (IP address or host name).
         */
        private boolean verifyHostName = true;

        /**
         * @return the value of {@code rocketmq.producer.ssl.bundle}
         */
        public @Nullable String getBundle() {
            return this.bundle;
        }

        /**
         * Sets {@code rocketmq.producer.ssl.bundle}.
         * @param bundle the new value
         */
        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }

        /**
         * @return the value of {@code rocketmq.producer.ssl.trust-all}
         */
        public boolean isTrustAll() {
            return this.trustAll;
        }

        /**
         * Sets {@code rocketmq.producer.ssl.trust-all}.
         * @param trustAll the new value
         */
        public void setTrustAll(boolean trustAll) {
            this.trustAll = trustAll;
        }

        /**
         * @return the value of {@code rocketmq.producer.ssl.verify-host-name}
         */
        public boolean isVerifyHostName() {
            return this.verifyHostName;
        }

        /**
         * Sets {@code rocketmq.producer.ssl.verify-host-name}.
         * @param verifyHostName the new value
         */
        public void setVerifyHostName(boolean verifyHostName) {
            this.verifyHostName = verifyHostName;
        }

    }

    /**
     * Latency fault tolerance, under {@code rocketmq.producer.fault-tolerance}: slow or
     * failed brokers are left out of rotation for a while.
     */
    public static class FaultTolerance {

        /**
         * Whether queue selection avoids slow and failed brokers.
         */
        private boolean enabled = true;

        /**
         * Latency thresholds, ascending. A broker whose last attempt took at least a
         * threshold is isolated for the not-available duration at the same position. A
         * number without unit is in milliseconds.
         */
        @DurationUnit(ChronoUnit.MILLIS)
        private List<Duration> latencyMax = new ArrayList<>(
                List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(550), Duration.ofMillis(1800),
                        Duration.ofMillis(3000), Duration.ofMillis(5000), Duration.ofMillis(15000)));

        /**
         * Isolation for each latency threshold, same length as latency-max. A number
         * without unit is in milliseconds.
         */
        @DurationUnit(ChronoUnit.MILLIS)
        private List<Duration> notAvailableDuration = new ArrayList<>(
                List.of(Duration.ZERO, Duration.ZERO, Duration.ofMillis(2000), Duration.ofMillis(5000),
                        Duration.ofMillis(6000), Duration.ofMillis(10000), Duration.ofMillis(30000)));

        /**
         * Isolation of a broker after a failed attempt, ended early when a probe reaches
         * it.
         */
        private Duration failureIsolation = Duration.ofSeconds(10);

        /**
         * Interval between probes of an isolated broker.
         */
        private Duration probeInterval = Duration.ofSeconds(1);

        /**
         * Timeout of one probe.
         */
        private Duration probeTimeout = Duration.ofMillis(500);

        /**
         * @return the value of {@code rocketmq.producer.fault-tolerance.enabled}
         */
        public boolean isEnabled() {
            return this.enabled;
        }

        /**
         * Sets {@code rocketmq.producer.fault-tolerance.enabled}.
         * @param enabled the new value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * @return the value of {@code rocketmq.producer.fault-tolerance.latency-max}
         */
        public List<Duration> getLatencyMax() {
            return this.latencyMax;
        }

        /**
         * Sets {@code rocketmq.producer.fault-tolerance.latency-max}.
         * @param latencyMax the new value
         */
        public void setLatencyMax(List<Duration> latencyMax) {
            this.latencyMax = latencyMax;
        }

        /**
         * @return the value of
         * {@code rocketmq.producer.fault-tolerance.not-available-duration}
         */
        public List<Duration> getNotAvailableDuration() {
            return this.notAvailableDuration;
        }

        /**
         * Sets {@code rocketmq.producer.fault-tolerance.not-available-duration}.
         * @param notAvailableDuration the new value
         */
        public void setNotAvailableDuration(List<Duration> notAvailableDuration) {
            this.notAvailableDuration = notAvailableDuration;
        }

        /**
         * @return the value of
         * {@code rocketmq.producer.fault-tolerance.failure-isolation}
         */
        public Duration getFailureIsolation() {
            return this.failureIsolation;
        }

        /**
         * Sets {@code rocketmq.producer.fault-tolerance.failure-isolation}.
         * @param failureIsolation the new value
         */
        public void setFailureIsolation(Duration failureIsolation) {
            this.failureIsolation = failureIsolation;
        }

        /**
         * @return the value of {@code rocketmq.producer.fault-tolerance.probe-interval}
         */
        public Duration getProbeInterval() {
            return this.probeInterval;
        }

        /**
         * Sets {@code rocketmq.producer.fault-tolerance.probe-interval}.
         * @param probeInterval the new value
         */
        public void setProbeInterval(Duration probeInterval) {
            this.probeInterval = probeInterval;
        }

        /**
         * @return the value of {@code rocketmq.producer.fault-tolerance.probe-timeout}
         */
        public Duration getProbeTimeout() {
            return this.probeTimeout;
        }

        /**
         * Sets {@code rocketmq.producer.fault-tolerance.probe-timeout}.
         * @param probeTimeout the new value
         */
        public void setProbeTimeout(Duration probeTimeout) {
            this.probeTimeout = probeTimeout;
        }

    }

    /** Topic routes, under {@code rocketmq.producer.route}. */
    public static class Route {

        /**
         * Interval of the background refresh of every cached route.
         */
        private Duration refreshInterval = Duration.ofSeconds(30);

        /**
         * Timeout of one NameServer request.
         */
        private Duration requestTimeout = Duration.ofSeconds(3);

        /**
         * Topic whose route serves topics the NameServers do not know yet, so that
         * brokers create them on the first send.
         */
        private String defaultTopic = "TBW102";

        /**
         * Number of queues per broker a topic created on first send gets, capped by the
         * default topic's.
         */
        private int defaultTopicQueueNums = 4;

        /**
         * Interval of the fast refresh of a topic that lost a broker, so that the broker
         * takes traffic again soon after it comes back.
         */
        private Duration recoveryRefreshInterval = Duration.ofSeconds(2);

        /**
         * How long a topic that lost a broker is refreshed fast.
         */
        private Duration recoveryWindow = Duration.ofMinutes(10);

        /**
         * @return the value of {@code rocketmq.producer.route.refresh-interval}
         */
        public Duration getRefreshInterval() {
            return this.refreshInterval;
        }

        /**
         * Sets {@code rocketmq.producer.route.refresh-interval}.
         * @param refreshInterval the new value
         */
        public void setRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = refreshInterval;
        }

        /**
         * @return the value of {@code rocketmq.producer.route.request-timeout}
         */
        public Duration getRequestTimeout() {
            return this.requestTimeout;
        }

        /**
         * Sets {@code rocketmq.producer.route.request-timeout}.
         * @param requestTimeout the new value
         */
        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        /**
         * @return the value of {@code rocketmq.producer.route.default-topic}
         */
        public String getDefaultTopic() {
            return this.defaultTopic;
        }

        /**
         * Sets {@code rocketmq.producer.route.default-topic}.
         * @param defaultTopic the new value
         */
        public void setDefaultTopic(String defaultTopic) {
            this.defaultTopic = defaultTopic;
        }

        /**
         * @return the value of {@code rocketmq.producer.route.default-topic-queue-nums}
         */
        public int getDefaultTopicQueueNums() {
            return this.defaultTopicQueueNums;
        }

        /**
         * Sets {@code rocketmq.producer.route.default-topic-queue-nums}.
         * @param defaultTopicQueueNums the new value
         */
        public void setDefaultTopicQueueNums(int defaultTopicQueueNums) {
            this.defaultTopicQueueNums = defaultTopicQueueNums;
        }

        /**
         * @return the value of {@code rocketmq.producer.route.recovery-refresh-interval}
         */
        public Duration getRecoveryRefreshInterval() {
            return this.recoveryRefreshInterval;
        }

        /**
         * Sets {@code rocketmq.producer.route.recovery-refresh-interval}.
         * @param recoveryRefreshInterval the new value
         */
        public void setRecoveryRefreshInterval(Duration recoveryRefreshInterval) {
            this.recoveryRefreshInterval = recoveryRefreshInterval;
        }

        /**
         * @return the value of {@code rocketmq.producer.route.recovery-window}
         */
        public Duration getRecoveryWindow() {
            return this.recoveryWindow;
        }

        /**
         * Sets {@code rocketmq.producer.route.recovery-window}.
         * @param recoveryWindow the new value
         */
        public void setRecoveryWindow(Duration recoveryWindow) {
            this.recoveryWindow = recoveryWindow;
        }

    }

    /**
     * Bounds of asynchronous sends in flight, under {@code rocketmq.producer.async}. A
     * caller over a bound waits up to the send timeout for room, then gets a
     * BackpressureException.
     */
    public static class Async {

        /**
         * Largest number of asynchronous sends in flight.
         */
        private int maxInFlightRequests = 10_000;

        /**
         * Largest number of body bytes of asynchronous sends in flight, at least 1MB. A
         * number without unit is in bytes.
         */
        @DataSizeUnit(DataUnit.BYTES)
        private DataSize maxInFlightBytes = DataSize.ofMegabytes(100);

        private final AutoBatch autoBatch = new AutoBatch();

        /**
         * @return the value of {@code rocketmq.producer.async.max-in-flight-requests}
         */
        public int getMaxInFlightRequests() {
            return this.maxInFlightRequests;
        }

        /**
         * Sets {@code rocketmq.producer.async.max-in-flight-requests}.
         * @param maxInFlightRequests the new value
         */
        public void setMaxInFlightRequests(int maxInFlightRequests) {
            this.maxInFlightRequests = maxInFlightRequests;
        }

        /**
         * @return the value of {@code rocketmq.producer.async.max-in-flight-bytes}
         */
        public DataSize getMaxInFlightBytes() {
            return this.maxInFlightBytes;
        }

        /**
         * Sets {@code rocketmq.producer.async.max-in-flight-bytes}.
         * @param maxInFlightBytes the new value
         */
        public void setMaxInFlightBytes(DataSize maxInFlightBytes) {
            this.maxInFlightBytes = maxInFlightBytes;
        }

        /**
         * @return the settings under {@code rocketmq.producer.async.auto-batch}
         */
        public AutoBatch getAutoBatch() {
            return this.autoBatch;
        }

    }

    /**
     * Adaptive batching of asynchronous sends, under
     * {@code rocketmq.producer.async.auto-batch}: while fewer than
     * {@code requests-before-batching} requests of a topic are in flight each send goes
     * out alone at once; beyond that, sends to the topic go out together when one of its
     * requests ends.
     */
    public static class AutoBatch {

        /**
         * Whether asynchronous sends to one topic are batched under load.
         */
        private boolean enabled = true;

        /**
         * Requests of one topic in flight before its asynchronous sends are batched.
         */
        private int requestsBeforeBatching = 4;

        /**
         * Most messages in one batch, at least 2.
         */
        private int maxMessages = 256;

        /**
         * Most bytes of one batch, at least 1KB; batches also stay within
         * max-message-size. A number without unit is in bytes.
         */
        @DataSizeUnit(DataUnit.BYTES)
        private DataSize maxBytes = DataSize.ofKilobytes(256);

        /**
         * @return the value of {@code rocketmq.producer.async.auto-batch.enabled}
         */
        public boolean isEnabled() {
            return this.enabled;
        }

        /**
         * Sets {@code rocketmq.producer.async.auto-batch.enabled}.
         * @param enabled the new value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * @return the value of
         * {@code rocketmq.producer.async.auto-batch.requests-before-batching}
         */
        public int getRequestsBeforeBatching() {
            return this.requestsBeforeBatching;
        }

        /**
         * Sets {@code rocketmq.producer.async.auto-batch.requests-before-batching}.
         * @param requestsBeforeBatching the new value
         */
        public void setRequestsBeforeBatching(int requestsBeforeBatching) {
            this.requestsBeforeBatching = requestsBeforeBatching;
        }

        /**
         * @return the value of {@code rocketmq.producer.async.auto-batch.max-messages}
         */
        public int getMaxMessages() {
            return this.maxMessages;
        }

        /**
         * Sets {@code rocketmq.producer.async.auto-batch.max-messages}.
         * @param maxMessages the new value
         */
        public void setMaxMessages(int maxMessages) {
            this.maxMessages = maxMessages;
        }

        /**
         * @return the value of {@code rocketmq.producer.async.auto-batch.max-bytes}
         */
        public DataSize getMaxBytes() {
            return this.maxBytes;
        }

        /**
         * Sets {@code rocketmq.producer.async.auto-batch.max-bytes}.
         * @param maxBytes the new value
         */
        public void setMaxBytes(DataSize maxBytes) {
            this.maxBytes = maxBytes;
        }

    }

    /**
     * Connections to NameServers and brokers, under {@code rocketmq.producer.transport}.
     */
    public static class Transport {

        /**
         * Timeout of a connection attempt.
         */
        private Duration connectTimeout = Duration.ofSeconds(3);

        /**
         * Largest frame accepted from a NameServer or broker; a larger one closes the
         * connection. A number without unit is in bytes.
         */
        @DataSizeUnit(DataUnit.BYTES)
        private DataSize maxFrameLength = DataSize.ofMegabytes(16);

        /**
         * How long a connection with nothing in flight stays open.
         */
        private Duration idleTimeout = Duration.ofSeconds(120);

        /**
         * Number of I/O threads. When not set, the number of available processors, at
         * most 4.
         */
        private @Nullable Integer ioThreads;

        /**
         * Encoding of request headers: ROCKETMQ, the compact binary encoding every broker
         * and NameServer since 4.0 reads, or JSON, the official client's default.
         */
        private HeaderFormat headerFormat = HeaderFormat.ROCKETMQ;

        /**
         * Number of threads that run requests sent by servers (transaction check-backs).
         */
        private int callbackThreads = 1;

        /**
         * Whether a thread that sends synchronously writes its request to the socket
         * itself when nothing else is queued on the connection, instead of waking an I/O
         * thread to write it.
         */
        private boolean callerWrites = true;

        /**
         * @return the value of {@code rocketmq.producer.transport.connect-timeout}
         */
        public Duration getConnectTimeout() {
            return this.connectTimeout;
        }

        /**
         * Sets {@code rocketmq.producer.transport.connect-timeout}.
         * @param connectTimeout the new value
         */
        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        /**
         * @return the value of {@code rocketmq.producer.transport.max-frame-length}
         */
        public DataSize getMaxFrameLength() {
            return this.maxFrameLength;
        }

        /**
         * Sets {@code rocketmq.producer.transport.max-frame-length}.
         * @param maxFrameLength the new value
         */
        public void setMaxFrameLength(DataSize maxFrameLength) {
            this.maxFrameLength = maxFrameLength;
        }

        /**
         * @return the value of {@code rocketmq.producer.transport.idle-timeout}
         */
        public Duration getIdleTimeout() {
            return this.idleTimeout;
        }

        /**
         * Sets {@code rocketmq.producer.transport.idle-timeout}.
         * @param idleTimeout the new value
         */
        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        /**
         * @return the value of {@code rocketmq.producer.transport.io-threads}
         */
        public @Nullable Integer getIoThreads() {
            return this.ioThreads;
        }

        /**
         * Sets {@code rocketmq.producer.transport.io-threads}.
         * @param ioThreads the new value
         */
        public void setIoThreads(@Nullable Integer ioThreads) {
            this.ioThreads = ioThreads;
        }

        /**
         * @return the value of {@code rocketmq.producer.transport.header-format}
         */
        public HeaderFormat getHeaderFormat() {
            return this.headerFormat;
        }

        /**
         * Sets {@code rocketmq.producer.transport.header-format}.
         * @param headerFormat the new value
         */
        public void setHeaderFormat(HeaderFormat headerFormat) {
            this.headerFormat = headerFormat;
        }

        /**
         * @return the value of {@code rocketmq.producer.transport.callback-threads}
         */
        public int getCallbackThreads() {
            return this.callbackThreads;
        }

        /**
         * Sets {@code rocketmq.producer.transport.callback-threads}.
         * @param callbackThreads the new value
         */
        public void setCallbackThreads(int callbackThreads) {
            this.callbackThreads = callbackThreads;
        }

        /**
         * @return the value of {@code rocketmq.producer.transport.caller-writes}
         */
        public boolean isCallerWrites() {
            return this.callerWrites;
        }

        /**
         * Sets {@code rocketmq.producer.transport.caller-writes}.
         * @param callerWrites the new value
         */
        public void setCallerWrites(boolean callerWrites) {
            this.callerWrites = callerWrites;
        }

    }

}
