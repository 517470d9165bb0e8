package io.liftoff.client;

import java.util.Objects;

/**
 * One queue of a topic on one broker.
 *
 * @param topic the topic, without namespace
 * @param brokerName the broker group's name (not an address)
 * @param queueId the queue's id on that broker
 */
public record MessageQueue(String topic, String brokerName, int queueId) implements Comparable<MessageQueue> {

    /**
     * Validates the components.
     * @param topic the topic, without namespace
     * @param brokerName the broker group's name (not an address)
     * @param queueId the queue's id on that broker
     */
    public MessageQueue {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(brokerName, "brokerName");
    }

    @Override
    public int compareTo(MessageQueue other) {
        int byTopic = this.topic.compareTo(other.topic);
        if (byTopic != 0) {
            return byTopic;
        }
        int byBroker = this.brokerName.compareTo(other.brokerName);
        return (byBroker != 0) ? byBroker : Integer.compare(this.queueId, other.queueId);
    }

    @Override
    public String toString() {
        return this.topic + "@" + this.brokerName + "#" + this.queueId;
    }
}
