package io.liftoff.client.internal.route;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     */
    public static PublishRoute of(String topic, TopicRouteData data, boolean fromDefaultTopic, Instant fetchedAt) {
        Map<String, String> masters = new LinkedHashMap<>();
        for (BrokerData broker : data.brokerDatas()) {
            if (broker.masterAddress() != null) {
                masters.put(broker.brokerName(), broker.masterAddress());
            }
        }
        List<MessageQueue> queues = new ArrayList<>();
        if (data.orderTopicConf() != null) {
            for (String item : data.orderTopicConf().split(";")) {
                int colon = item.lastIndexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String brokerName = item.substring(0, colon).strip();
                int count = Integer.parseInt(item.substring(colon + 1).strip());
                for (int i = 0; i < count; i++) {
                    queues.add(new MessageQueue(topic, brokerName, i));
                }
            }
        }
        else {
            for (QueueData queueData : data.queueDatas()) {
                if (!queueData.writeable() || !masters.containsKey(queueData.brokerName())) {
                    continue;
                }
                for (int i = 0; i < queueData.writeQueueNums(); i++) {
                    queues.add(new MessageQueue(topic, queueData.brokerName(), i));
                }
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
