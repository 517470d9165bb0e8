package io.liftoff.client.internal.route;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.liftoff.client.LiftoffException;
import io.liftoff.client.MessageQueue;
import org.jspecify.annotations.Nullable;

/**
 * What a producer needs of a topic's route: the write queues over every broker that has a
 * master and write permission, in a stable order (by broker name, then queue id), and
 * each broker's master address.
 *
 * @param topic the topic
 * @param data the NameServer's route it was built from
 * @param writeQueues the queues to write to
 * @param masterAddresses master {@code host:port} by broker name
 * @param fromDefaultTopic whether the route was derived from the default topic
 * (auto-creation)
 * @param fetchedAt when the NameServer answered
 */
public record PublishRoute(String topic, TopicRouteData data, List<MessageQueue> writeQueues,
        Map<String, String> masterAddresses, boolean fromDefaultTopic, Instant fetchedAt) {

    /**
     * The most write queues a route may have, over all its brokers: far more than real
     * topics have, and a bound on what a forged queue count in a NameServer's answer
     * makes the client allocate.
     */
    public static final int MAX_WRITE_QUEUES = 65_536;

    /**
     * Copies the collections.
     * @param topic the topic
     * @param data the NameServer's route it was built from
     * @param writeQueues the queues to write to
     * @param masterAddresses master {@code host:port} by broker name
     * @param fromDefaultTopic whether the route was derived from the default topic
     * (auto-creation)
     * @param fetchedAt when the NameServer answered
     */
    public PublishRoute {
        writeQueues = List.copyOf(writeQueues);
        masterAddresses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(masterAddresses));
    }

    /**
     * Builds the publish view of a route.
     * @param topic the topic
     * @param data the route
     * @param fromDefaultTopic whether {@code data} is the default topic's route, adapted
     * @param fetchedAt when it was fetched
     * @return the publish route
     * @throws LiftoffException when the route has more than {@link #MAX_WRITE_QUEUES}
     * write queues, or an ordered-topic configuration whose counts are not numbers
     */
    public static PublishRoute of(String topic, TopicRouteData data, boolean fromDefaultTopic, Instant fetchedAt) {
        Map<String, String> masters = new LinkedHashMap<>();
        for (BrokerData broker : data.brokerDatas()) {
            if (broker.masterAddress() != null) {
                masters.put(broker.brokerName(), broker.masterAddress());
            }
        }
        List<Map.Entry<String, Integer>> counts = new ArrayList<>();
        if (data.orderTopicConf() != null) {
            for (String item : data.orderTopicConf().split(";")) {
                int colon = item.lastIndexOf(':');
                if (colon <= 0) {
                    continue;
                }
                try {
                    counts.add(Map.entry(item.substring(0, colon).strip(),
                            Integer.parseInt(item.substring(colon + 1).strip())));
                }
                catch (NumberFormatException ex) {
                    throw new LiftoffException("Route of topic '" + topic + "' has an orderTopicConf entry '" + item
                            + "' whose queue count is not a number");
                }
            }
        }
        else {
            for (QueueData queueData : data.queueDatas()) {
                if (queueData.writeable() && masters.containsKey(queueData.brokerName())) {
                    counts.add(Map.entry(queueData.brokerName(), queueData.writeQueueNums()));
                }
            }
        }
        long total = 0;
        for (Map.Entry<String, Integer> count : counts) {
            total += Math.max(0, count.getValue());
        }
        if (total > MAX_WRITE_QUEUES) {
            // Checked before any queue is made: a forged count must not make the client
            // allocate billions of them.
            throw new LiftoffException("Route of topic '" + topic + "' has " + total + " write queues, more than the "
                    + MAX_WRITE_QUEUES + " a route may have: refused");
        }
        List<MessageQueue> queues = new ArrayList<>((int) total);
        for (Map.Entry<String, Integer> count : counts) {
            for (int i = 0; i < count.getValue(); i++) {
                queues.add(new MessageQueue(topic, count.getKey(), i));
            }
        }
        return new PublishRoute(topic, data, queues, masters, fromDefaultTopic, fetchedAt);
    }

    /**
     * Returns a broker's master address.
     * @param brokerName the broker group
     * @return the {@code host:port}; absent when it has no master in this route
     */
    public @Nullable String masterAddress(String brokerName) {
        return this.masterAddresses.get(brokerName);
    }

    /**
     * @return the names of the brokers that have write queues, in order
     */
    public List<String> writeBrokers() {
        return this.writeQueues.stream().map(MessageQueue::brokerName).distinct().toList();
    }

    /**
     * @return a short description for logs: {@code broker-a(4), broker-b(4)}
     */
    public String describe() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (MessageQueue queue : this.writeQueues) {
            counts.merge(queue.brokerName(), 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((broker, count) -> {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(broker).append('(').append(count).append(')');
        });
        if (this.fromDefaultTopic) {
            text.append(" [from default topic]");
        }
        return text.isEmpty() ? "no write queues" : text.toString();
    }
}
