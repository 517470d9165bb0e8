package io.liftoff.autoconfigure;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.liftoff.client.MessageQueue;
import io.liftoff.client.ProducerSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * JSON-friendly views of a {@link ProducerSnapshot}'s parts, shared by the
 * {@code rocketmq} health indicator and actuator endpoint so that both name things the
 * same way: maps in a fixed key order, times as ISO-8601 strings, {@code null} values
 * left out.
 */
public final class ProducerStateDetails {

    private ProducerStateDetails() {
    }

    /**
     * Describes a NameServer.
     * @param state its state
     * @return {@code address}, {@code reachable} (absent before the first request),
     * {@code lastSuccess}, {@code lastError}
     */
    public static Map<String, Object> nameServer(ProducerSnapshot.NameServerState state) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("address", state.address());
        put(details, "reachable", state.reachable());
        put(details, "lastSuccess", state.lastSuccess());
        put(details, "lastError", state.lastError());
        return details;
    }

    /**
     * Describes a broker: its master and slaves as routed, and its entry in the
     * latency-fault table.
     * @param state its state
     * @return {@code name}, {@code masterAddress} (absent while it has none),
     * {@code slaveAddresses}, {@code reachable}, {@code latencyMillis}, {@code isolated},
     * {@code isolatedUntil}, {@code consecutiveFailures}, {@code totalFailures},
     * {@code lastError}
     */
    public static Map<String, Object> broker(ProducerSnapshot.BrokerState state) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", state.name());
        put(details, "masterAddress", state.masterAddress());
        details.put("slaveAddresses", state.slaveAddresses());
        details.put("reachable", state.reachable());
        details.put("latencyMillis", state.latencyMillis());
        details.put("isolated", state.isolated());
        put(details, "isolatedUntil", state.isolatedUntil());
        details.put("consecutiveFailures", state.consecutiveFailures());
        details.put("totalFailures", state.totalFailures());
        put(details, "lastError", state.lastError());
        return details;
    }

    /**
     * Describes a topic's cached route.
     * @param route the route
     * @return {@code brokers}, {@code writeQueues} (their number), {@code queues}
     * ({@code broker#queueId}), {@code fromDefaultTopic}, {@code lastRefresh}
     */
    public static Map<String, Object> route(ProducerSnapshot.RouteState route) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("brokers", route.brokers());
        details.put("writeQueues", route.writeQueues().size());
        details.put("queues", route.writeQueues().stream().map(ProducerStateDetails::queue).toList());
        details.put("fromDefaultTopic", route.fromDefaultTopic());
        put(details, "lastRefresh", route.lastRefresh());
        return details;
    }

    /**
     * Names a queue as {@code broker#queueId}.
     * @param queue the queue
     * @return for example {@code broker-a#3}
     */
    public static String queue(MessageQueue queue) {
        return queue.brokerName() + "#" + queue.queueId();
    }

    /**
     * Lists the NameServers.
     * @param states their states
     * @return one map each, see {@link #nameServer}
     */
    public static List<Map<String, Object>> nameServers(List<ProducerSnapshot.NameServerState> states) {
        return states.stream().map(ProducerStateDetails::nameServer).toList();
    }

    /**
     * Lists the brokers.
     * @param states their states
     * @return one map each, see {@link #broker}
     */
    public static List<Map<String, Object>> brokers(List<ProducerSnapshot.BrokerState> states) {
        return states.stream().map(ProducerStateDetails::broker).toList();
    }

    private static void put(Map<String, Object> details, String key, @Nullable Object value) {
        if (value instanceof Instant instant) {
            details.put(key, instant.toString());
        }
        else if (value != null) {
            details.put(key, value);
        }
    }

}
