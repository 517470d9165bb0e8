package io.liftoff.embedded.process;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A message as a RocketMQ version's official consumer read it from a broker started by
 * {@link RocketMQProcesses}.
 *
 * @param topic the topic
 * @param queueId the queue it is stored in
 * @param queueOffset its offset in that queue
 * @param bornTimestamp when the producer made it (epoch millis)
 * @param storeTimestamp when the broker stored it in this queue (epoch millis; for a
 * delayed message, when it became due)
 * @param messageId the id the consumer reports (the producer's unique key when set)
 * @param sysFlag the system flag as the consumer reports it (5.3+ consumers clear the
 * compressed bit once they decompressed the body)
 * @param storeSize the size of the stored record in the commit log (smaller than the body
 * for a compressed message)
 * @param body the body, as a consumer gets it (decompressed)
 * @param properties the stored properties
 */
public record StoredMessage(String topic, int queueId, long queueOffset, long bornTimestamp, long storeTimestamp,
        String messageId, int sysFlag, int storeSize, byte[] body, Map<String, String> properties) {

    /**
     * Copies the properties.
     * @param topic the topic
     * @param queueId the queue
     * @param queueOffset the queue offset
     * @param bornTimestamp born time
     * @param storeTimestamp store time
     * @param messageId the id
     * @param sysFlag the system flag
     * @param storeSize the stored record's size
     * @param body the body
     * @param properties the properties
     */
    public StoredMessage {
        properties = Map.copyOf(properties);
    }

    /**
     * @return the body decoded as UTF-8
     */
    public String text() {
        return new String(this.body, StandardCharsets.UTF_8);
    }

    /**
     * Returns a stored property.
     * @param name the property name, such as {@code KEYS}, {@code TAGS} or a user
     * property
     * @return its value, absent when not stored
     */
    public @Nullable String property(String name) {
        return this.properties.get(name);
    }

}
