package io.liftoff.autoconfigure.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.liftoff.autoconfigure.ProducerStateDetails;
import io.liftoff.autoconfigure.RocketMQProperties;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code rocketmq} actuator endpoint: what the producer knows and does, for
 * operators.
 * <ul>
 * <li>{@code GET /actuator/rocketmq}: the producer (group, state), its configuration from
 * the {@code rocketmq.*} properties with the access and secret keys masked, the
 * NameServers, the route cache per topic (brokers, write queues, last refresh), the
 * latency-fault table (per broker: reachable, latency, isolated until when, failures,
 * last error) and the asynchronous sends in flight (requests, bytes);</li>
 * <li>{@code GET /actuator/rocketmq/{topic}}: one topic's route and its recent send
 * counts per queue (404 when the producer knows nothing of the topic);</li>
 * <li>{@code POST /actuator/rocketmq/refresh}: refreshes every cached route now and
 * answers with the routes. Spring Boot maps a write operation to the endpoint's own path
 * or to a path with a selector, so {@code refresh} is the selector of the write
 * operation; any other value is a bad request (400).</li>
 * </ul>
 */
@Endpoint(id = "rocketmq")
public final class RocketMQEndpoint {

    /** The only write operation: {@value}. */
    public static final String REFRESH = "refresh";

    private final Producer producer;

    private final @Nullable RocketMQProperties properties;

    private final List<String> nameServers;

    private final boolean producerAutoConfigured;

    private final @Nullable QueueSendCounts sendCounts;

    private final Duration refreshTimeout;

    /**
     * Creates the endpoint.
     * @param producer the producer
     * @param properties the {@code rocketmq.*} properties, shown as its configuration;
     * none to show only the NameServers
     * @param nameServers the NameServer addresses it connects to
     * @param producerAutoConfigured whether the producer was built from the properties
     * (rather than defined by the application, in which case they may not describe it)
     * @param sendCounts per-queue send counts; none when sends are not counted
     * @param refreshTimeout the longest wait of a refresh
     */
    public RocketMQEndpoint(Producer producer, @Nullable RocketMQProperties properties, List<String> nameServers,
            boolean producerAutoConfigured, @Nullable QueueSendCounts sendCounts, Duration refreshTimeout) {
        this.producer = producer;
        this.properties = properties;
        this.nameServers = List.copyOf(nameServers);
        this.producerAutoConfigured = producerAutoConfigured;
        this.sendCounts = sendCounts;
        this.refreshTimeout = refreshTimeout;
    }

    /**
     * Describes the producer.
     * @return {@code producer}, {@code configuration}, {@code nameServers},
     * {@code routes}, {@code brokers} (the latency-fault table) and {@code inFlight}
     */
    @ReadOperation
    public Map<String, Object> rocketmq() {
        ProducerSnapshot snapshot = this.producer.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("producer", producer(snapshot));
        body.put("configuration", configuration());
        body.put("nameServers", ProducerStateDetails.nameServers(snapshot.nameServers()));
        body.put("routes", routes(snapshot));
        body.put("brokers", ProducerStateDetails.brokers(snapshot.brokers()));
        body.put("inFlight", inFlight(snapshot));
        return body;
    }

    /**
     * Describes one topic: its route and its send counts per queue.
     * @param topic the topic, without namespace
     * @return {@code topic}, {@code route} (absent when not cached), {@code queues} (per
     * queue: {@code broker}, {@code queueId}, {@code inRoute}, {@code sent},
     * {@code sentLastMinute}), {@code failed}, {@code failedLastMinute}, {@code oneway},
     * {@code onewayLastMinute}; absent (404) when the producer has neither a route nor
     * counts for it
     */
    @ReadOperation
    public @Nullable Map<String, Object> topic(@Selector String topic) {
        ProducerSnapshot.RouteState route = this.producer.snapshot().routes().get(topic);
        QueueSendCounts.Counts counts = (this.sendCounts != null) ? this.sendCounts.counts(topic) : null;
        if (route == null && counts == null) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", topic);
        if (route != null) {
            body.put("route", ProducerStateDetails.route(route));
        }
        Map<MessageQueue, QueueSendCounts.QueueCount> byQueue = new LinkedHashMap<>();
        if (counts != null) {
            for (QueueSendCounts.QueueCount count : counts.queues()) {
                byQueue.put(new MessageQueue(topic, count.queue().brokerName(), count.queue().queueId()), count);
            }
        }
        Set<MessageQueue> queues = new LinkedHashSet<>();
        if (route != null) {
            queues.addAll(route.writeQueues());
        }
        queues.addAll(byQueue.keySet());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MessageQueue queue : queues) {
            QueueSendCounts.QueueCount count = byQueue.get(queue);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("broker", queue.brokerName());
            row.put("queueId", queue.queueId());
            row.put("inRoute", route != null && route.writeQueues().contains(queue));
            row.put("sent", (count != null) ? count.sent() : 0);
            row.put("sentLastMinute", (count != null) ? count.sentRecently() : 0);
            rows.add(row);
        }
        body.put("queues", rows);
        body.put("failed", (counts != null) ? counts.failed() : 0);
        body.put("failedLastMinute", (counts != null) ? counts.failedRecently() : 0);
        body.put("oneway", (counts != null) ? counts.unanswered() : 0);
        body.put("onewayLastMinute", (counts != null) ? counts.unansweredRecently() : 0);
        return body;
    }

    /**
     * Refreshes every cached route now ({@code POST /actuator/rocketmq/refresh}).
     * @param operation must be {@value #REFRESH}
     * @return {@code refreshed} (whether every route was fetched),
     * {@code durationMillis}, {@code error} when one failed (the cached route then keeps
     * serving), and the {@code routes} after the refresh
     * @throws InvalidEndpointRequestException (400) for another operation
     */
    @WriteOperation
    public Map<String, Object> refresh(@Selector String operation) {
        if (!REFRESH.equals(operation)) {
            throw new InvalidEndpointRequestException(
                    "Unknown operation '" + operation + "': POST /actuator/rocketmq/refresh refreshes the routes",
                    "Unknown operation");
        }
        long start = System.nanoTime();
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            this.producer.refreshRoutes().get(this.refreshTimeout.toMillis(), TimeUnit.MILLISECONDS);
            body.put("refreshed", true);
        }
        catch (ExecutionException ex) {
            body.put("refreshed", false);
            body.put("error", String.valueOf(((ex.getCause() != null) ? ex.getCause() : ex).getMessage()));
        }
        catch (TimeoutException ex) {
            body.put("refreshed", false);
            body.put("error", "no outcome within " + this.refreshTimeout.toMillis() + " ms");
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            body.put("refreshed", false);
            body.put("error", "interrupted");
        }
        body.put("durationMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        body.put("routes", routes(this.producer.snapshot()));
        return body;
    }

    private static Map<String, Object> producer(ProducerSnapshot snapshot) {
        Map<String, Object> producer = new LinkedHashMap<>();
        producer.put("group", snapshot.group());
        producer.put("state", snapshot.state().name());
        producer.put("takenAt", String.valueOf(snapshot.takenAt()));
        return producer;
    }

    private static Map<String, Object> routes(ProducerSnapshot snapshot) {
        Map<String, Object> routes = new LinkedHashMap<>();
        snapshot.routes().forEach((topic, route) -> routes.put(topic, ProducerStateDetails.route(route)));
        return routes;
    }

    private static Map<String, Object> inFlight(ProducerSnapshot snapshot) {
        Map<String, Object> inFlight = new LinkedHashMap<>();
        inFlight.put("requests", snapshot.inFlightRequests());
        inFlight.put("bytes", snapshot.inFlightBytes());
        return inFlight;
    }

    /**
     * The properties, each named as in application.yml's {@code rocketmq.producer} block;
     * secrets masked.
     */
    private Map<String, Object> configuration() {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("source", this.producerAutoConfigured ? "rocketmq.* properties"
                : "rocketmq.* properties (the Producer is defined by the application: they may not describe it)");
        configuration.put("nameServers", this.nameServers);
        if (this.properties == null) {
            return configuration;
        }
        RocketMQProperties.Producer producer = this.properties.getProducer();
        configuration.put("group", producer.getGroup());
        put(configuration, "namespace", producer.getNamespace());
        configuration.put("instanceName", producer.getInstanceName());
        configuration.put("sendMessageTimeout", text(producer.getSendMessageTimeout()));
        put(configuration, "attemptTimeout", text(producer.getAttemptTimeout()));
        configuration.put("retryTimesWhenSendFailed", producer.getRetryTimesWhenSendFailed());
        configuration.put("retryTimesWhenSendAsyncFailed", producer.getRetryTimesWhenSendAsyncFailed());
        configuration.put("retryNextServer", producer.isRetryNextServer());
        configuration.put("compressMessageBodyThreshold", text(producer.getCompressMessageBodyThreshold()));
        configuration.put("compressLevel", producer.getCompressLevel());
        configuration.put("compressType", producer.getCompressType());
        configuration.put("maxMessageSize", text(producer.getMaxMessageSize()));
        configuration.put("heartbeatInterval", text(producer.getHeartbeatInterval()));
        configuration.put("shutdownGracePeriod", text(producer.getShutdownGracePeriod()));
        configuration.put("failFast", producer.isFailFast());
        configuration.put("failFastTopics", producer.getFailFastTopics());
        put(configuration, "accessKey", masked(producer.getAccessKey()));
        put(configuration, "secretKey", masked(producer.getSecretKey()));
        configuration.put("tlsEnable", producer.isTlsEnable());

        RocketMQProperties.FaultTolerance faultTolerance = producer.getFaultTolerance();
        Map<String, Object> faults = new LinkedHashMap<>();
        faults.put("enabled", faultTolerance.isEnabled());
        faults.put("latencyMax", texts(faultTolerance.getLatencyMax()));
        faults.put("notAvailableDuration", texts(faultTolerance.getNotAvailableDuration()));
        faults.put("failureIsolation", text(faultTolerance.getFailureIsolation()));
        faults.put("probeInterval", text(faultTolerance.getProbeInterval()));
        faults.put("probeTimeout", text(faultTolerance.getProbeTimeout()));
        configuration.put("faultTolerance", faults);

        RocketMQProperties.Route route = producer.getRoute();
        Map<String, Object> routes = new LinkedHashMap<>();
        routes.put("refreshInterval", text(route.getRefreshInterval()));
        routes.put("requestTimeout", text(route.getRequestTimeout()));
        routes.put("defaultTopic", route.getDefaultTopic());
        routes.put("defaultTopicQueueNums", route.getDefaultTopicQueueNums());
        routes.put("recoveryRefreshInterval", text(route.getRecoveryRefreshInterval()));
        routes.put("recoveryWindow", text(route.getRecoveryWindow()));
        configuration.put("route", routes);

        Map<String, Object> async = new LinkedHashMap<>();
        async.put("maxInFlightRequests", producer.getAsync().getMaxInFlightRequests());
        async.put("maxInFlightBytes", text(producer.getAsync().getMaxInFlightBytes()));
        configuration.put("async", async);

        RocketMQProperties.Transport transport = producer.getTransport();
        Map<String, Object> transports = new LinkedHashMap<>();
        transports.put("connectTimeout", text(transport.getConnectTimeout()));
        transports.put("idleTimeout", text(transport.getIdleTimeout()));
        transports.put("maxFrameLength", text(transport.getMaxFrameLength()));
        put(transports, "ioThreads", transport.getIoThreads());
        transports.put("headerFormat", String.valueOf(transport.getHeaderFormat()));
        transports.put("callbackThreads", transport.getCallbackThreads());
        configuration.put("transport", transports);
        return configuration;
    }

    private static @Nullable Object masked(@Nullable String secret) {
        return (secret != null && !secret.isEmpty()) ? SanitizableData.SANITIZED_VALUE : null;
    }

    private static @Nullable String text(@Nullable Object value) {
        return (value != null) ? value.toString() : null;
    }

    private static List<String> texts(@Nullable List<?> values) {
        return (values != null) ? values.stream().map(String::valueOf).toList() : List.of();
    }

    private static void put(Map<String, Object> map, String key, @Nullable Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

}
