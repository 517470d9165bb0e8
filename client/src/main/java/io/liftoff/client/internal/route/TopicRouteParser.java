package io.liftoff.client.internal.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.liftoff.client.LiftoffException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code TopicRouteData} JSON a NameServer returns. Lenient where real servers
 * are: map keys may be bare numbers ({@code {0:"127.0.0.1:10911"}}, as fastjson writes
 * for old clients and in cluster info), numbers may be strings, unknown fields (filter
 * servers, static-topic mappings) are ignored.
 */
public final class TopicRouteParser {

    private TopicRouteParser() {
    }

    /**
     * Parses a route body.
     * @param body the response body
     * @return the route
     * @throws LiftoffException naming the problem when the body is not a route, is empty
     * or absent
     */
    public static TopicRouteData parse(byte @Nullable [] body) {
        if (body == null || body.length == 0) {
            throw new LiftoffException("Route body is empty");
        }
        Map<?, ?> route = object(LenientJson.parse(body), "route");
        List<QueueData> queues = new ArrayList<>();
        for (Object entry : array(route.get("queueDatas"), "queueDatas")) {
            queues.add(queueData(object(entry, "queueDatas entry")));
        }
        List<BrokerData> brokers = new ArrayList<>();
        for (Object entry : array(route.get("brokerDatas"), "brokerDatas")) {
            brokers.add(brokerData(object(entry, "brokerDatas entry")));
        }
        Object orderTopicConf = route.get("orderTopicConf");
        return new TopicRouteData(queues, brokers, (orderTopicConf != null) ? orderTopicConf.toString() : null);
    }

    /**
     * Parses the brokers of a NameServer's cluster information
     * ({@code GET_BROKER_CLUSTER_INFO}: {@code brokerAddrTable}, broker name to broker
     * data; {@code clusterAddrTable} is not needed).
     * @param body the response body
     * @return every broker group the NameServer knows, of every cluster
     * @throws LiftoffException naming the problem when the body is not cluster
     * information
     */
    public static List<BrokerData> clusterBrokers(byte @Nullable [] body) {
        if (body == null || body.length == 0) {
            throw new LiftoffException("Cluster information body is empty");
        }
        Map<?, ?> info = object(LenientJson.parse(body), "cluster information");
        Object table = info.get("brokerAddrTable");
        if (table == null) {
            return List.of();
        }
        List<BrokerData> brokers = new ArrayList<>();
        for (Object entry : object(table, "brokerAddrTable").values()) {
            brokers.add(brokerData(object(entry, "brokerAddrTable entry")));
        }
        return brokers;
    }

    private static QueueData queueData(Map<?, ?> queue) {
        Object brokerName = queue.get("brokerName");
        if (brokerName == null) {
            throw new LiftoffException("Route has a queueDatas entry without brokerName");
        }
        return new QueueData(brokerName.toString(), number(queue, "readQueueNums"), number(queue, "writeQueueNums"),
                number(queue, "perm"), number(queue, "topicSysFlag"));
    }

    private static BrokerData brokerData(Map<?, ?> broker) {
        Object brokerName = broker.get("brokerName");
        if (brokerName == null) {
            throw new LiftoffException("Route has a brokerDatas entry without brokerName");
        }
        Map<Long, String> addresses = new HashMap<>();
        Object addrs = broker.get("brokerAddrs");
        if (addrs != null) {
            for (Map.Entry<?, ?> entry : object(addrs, "brokerAddrs").entrySet()) {
                if (entry.getValue() == null) {
                    // No address for that member: for id 0, no master.
                    continue;
                }
                try {
                    addresses.put(Long.parseLong(entry.getKey().toString().strip()), String.valueOf(entry.getValue()));
                }
                catch (NumberFormatException ex) {
                    throw new LiftoffException("Route has a broker id that is not a number: " + entry.getKey());
                }
            }
        }
        Object cluster = broker.get("cluster");
        return new BrokerData((cluster != null) ? cluster.toString() : null, brokerName.toString(), addresses);
    }

    private static int number(Map<?, ?> object, String field) {
        Object value = object.get(field);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.toString().strip());
        }
        catch (NumberFormatException ex) {
            throw new LiftoffException("Route has a non-numeric value for '" + field + "': " + value);
        }
    }

    private static Map<?, ?> object(@Nullable Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new LiftoffException("Route " + what + " should be an object but is " + describe(value));
    }

    private static List<?> array(@Nullable Object value, String what) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list;
        }
        throw new LiftoffException("Route " + what + " should be an array but is " + describe(value));
    }

    private static String describe(@Nullable Object value) {
        return (value == null) ? "null" : (value instanceof List) ? "an array"
                : (value instanceof String) ? "a string" : value.getClass().getSimpleName();
    }

}
