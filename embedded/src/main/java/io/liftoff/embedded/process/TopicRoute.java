package io.liftoff.embedded.process;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A topic's route as a NameServer gave it: the addresses of each broker name (broker id 0
 * is the master) and the write queues each broker name has for the topic.
 *
 * @param topic the topic
 * @param brokerAddresses broker name to (broker id to {@code host:port})
 * @param writeQueues broker name to its number of write queues for the topic
 */
public record TopicRoute(String topic, Map<String, Map<Long, String>> brokerAddresses,
        Map<String, Integer> writeQueues) {

    /**
     * Copies the maps.
     * @param topic the topic
     * @param brokerAddresses broker name to (broker id to address)
     * @param writeQueues broker name to write queue count
     */
    public TopicRoute {
        brokerAddresses = Map.copyOf(brokerAddresses);
        writeQueues = Map.copyOf(writeQueues);
    }

    /**
     * Returns the master address of a broker name.
     * @param brokerName the broker name
     * @return its master's {@code host:port}, absent when the route lists no master for
     * it
     */
    public @Nullable String master(String brokerName) {
        Map<Long, String> addresses = this.brokerAddresses.get(brokerName);
        return (addresses != null) ? addresses.get(0L) : null;
    }

}
