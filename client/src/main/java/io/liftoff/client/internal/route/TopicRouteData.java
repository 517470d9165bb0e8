package io.liftoff.client.internal.route;

import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A topic's route as a NameServer answers {@code GET_ROUTEINFO_BY_TOPIC}: queue data per
 * broker and the brokers' addresses. Lists are sorted by broker name, so two routes
 * compare equal when the cluster did not change.
 *
 * @param queueDatas the queues per broker
 * @param brokerDatas the brokers
 * @param orderTopicConf the ordered-topic configuration ({@code brokerA:4;brokerB:4});
 * absent (never blank) for a topic that is not ordered
 */
public record TopicRouteData(List<QueueData> queueDatas, List<BrokerData> brokerDatas,
        @Nullable String orderTopicConf) {

    /**
     * Sorts and copies the lists.
     * @param queueDatas the queues per broker
     * @param brokerDatas the brokers
     * @param orderTopicConf the ordered-topic configuration
     * ({@code brokerA:4;brokerB:4}); absent (never blank) for a topic that is not ordered
     */
    public TopicRouteData {
        queueDatas = (queueDatas != null)
                ? queueDatas.stream().sorted(Comparator.comparing(QueueData::brokerName)).toList() : List.of();
        brokerDatas = (brokerDatas != null)
                ? brokerDatas.stream().sorted(Comparator.comparing(BrokerData::brokerName)).toList() : List.of();
        orderTopicConf = (orderTopicConf != null && !orderTopicConf.isBlank()) ? orderTopicConf : null;
    }

    /**
     * Finds a broker by name.
     * @param brokerName the broker group's name
     * @return the broker; absent when the route has none of that name
     */
    public @Nullable BrokerData broker(String brokerName) {
        for (BrokerData broker : this.brokerDatas) {
            if (broker.brokerName().equals(brokerName)) {
                return broker;
            }
        }
        return null;
    }
}
