package io.liftoff.client;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The reply to a {@link Producer#request(Message, java.time.Duration) request}, as the
 * broker pushed it to the requester.
 *
 * @param topic the topic the replier sent the reply to (its cluster's
 * {@code <cluster>_REPLY_TOPIC})
 * @param body the reply's body, decompressed when the replier compressed it
 * @param tag the reply's tag, if it has one
 * @param keys the reply's keys, empty when it has none
 * @param properties the reply's user properties (names RocketMQ reserves left out)
 * @param messageId the reply's client message id ({@code UNIQ_KEY}), if it carried one
 * @param correlationId the correlation id the request carried, which matched this reply
 * to it
 * @param bornHost the replier's {@code host:port}, if the broker named it
 * @param storeHost the {@code host:port} of the broker that took the reply, if named
 * @param bornTimestamp when the replier sent it, in epoch milliseconds
 * @param storeTimestamp when the broker took it, in epoch milliseconds
 */
public record ReplyMessage(String topic, byte[] body, @Nullable String tag, List<String> keys,
        Map<String, String> properties, @Nullable String messageId, String correlationId, @Nullable String bornHost,
        @Nullable String storeHost, long bornTimestamp, long storeTimestamp) {

    /**
     * Copies the keys and properties.
     * @param topic the topic the replier sent the reply to (its cluster's
     * {@code <cluster>_REPLY_TOPIC})
     * @param body the reply's body, decompressed when the replier compressed it
     * @param tag the reply's tag, if it has one
     * @param keys the reply's keys, empty when it has none
     * @param properties the reply's user properties (names RocketMQ reserves left out)
     * @param messageId the reply's client message id ({@code UNIQ_KEY}), if it carried
     * one
     * @param correlationId the correlation id the request carried, which matched this
     * reply to it
     * @param bornHost the replier's {@code host:port}, if the broker named it
     * @param storeHost the {@code host:port} of the broker that took the reply, if named
     * @param bornTimestamp when the replier sent it, in epoch milliseconds
     * @param storeTimestamp when the broker took it, in epoch milliseconds
     */
    public ReplyMessage {
        keys = List.copyOf(keys);
        properties = Map.copyOf(properties);
    }

}
