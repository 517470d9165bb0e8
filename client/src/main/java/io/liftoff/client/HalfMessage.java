package io.liftoff.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A half (prepared) transactional message as the broker stored it, given to
 * {@link TransactionListener#checkLocalTransaction(HalfMessage)} when the broker asks
 * what became of its transaction.
 *
 * @param topic the topic, without namespace
 * @param messageId the client message id ({@code UNIQ_KEY}), the
 * {@link TransactionResult#messageId()} of the send
 * @param transactionId the transaction id the broker asks about (the message id, with
 * RocketMQ 5 brokers)
 * @param tag the tag, if the message has one
 * @param keys the message keys
 * @param properties the user properties (names RocketMQ reserves left out)
 * @param body the body, decompressed when the producer compressed it (ZLIB, or LZ4 or
 * ZSTD when their library is on the class path; otherwise as stored)
 * @param offsetMessageId the broker's id of the half message (store address and
 * commit-log offset), if the broker sent it
 * @param brokerName the broker that holds the half message
 * @param bornTime when the producer sent the half message
 * @param checkTimes how many times the broker has asked about it, this time included
 */
public record HalfMessage(String topic, String messageId, String transactionId, @Nullable String tag, List<String> keys,
        Map<String, String> properties, byte[] body, @Nullable String offsetMessageId, String brokerName,
        Instant bornTime, int checkTimes) {

    /**
     * Copies the keys and properties.
     * @param topic the topic, without namespace
     * @param messageId the client message id ({@code UNIQ_KEY}), the
     * {@link TransactionResult#messageId()} of the send
     * @param transactionId the transaction id the broker asks about (the message id, with
     * RocketMQ 5 brokers)
     * @param tag the tag, if the message has one
     * @param keys the message keys
     * @param properties the user properties (names RocketMQ reserves left out)
     * @param body the body, decompressed when the producer compressed it (ZLIB, or LZ4 or
     * ZSTD when their library is on the class path; otherwise as stored)
     * @param offsetMessageId the broker's id of the half message (store address and
     * commit-log offset), if the broker sent it
     * @param brokerName the broker that holds the half message
     * @param bornTime when the producer sent the half message
     * @param checkTimes how many times the broker has asked about it, this time included
     */
    public HalfMessage {
        keys = List.copyOf(keys);
        properties = Map.copyOf(properties);
    }

    /**
     * Returns a user property.
     * @param name the property's name
     * @return its value; absent when the message has no such property
     */
    public @Nullable String property(String name) {
        return this.properties.get(name);
    }

    @Override
    public String toString() {
        return "HalfMessage[topic=" + this.topic + ", messageId=" + this.messageId + ", transactionId="
                + this.transactionId + ", tag=" + this.tag + ", keys=" + this.keys + ", broker=" + this.brokerName
                + ", checkTimes=" + this.checkTimes + ", body=" + this.body.length + " bytes]";
    }

}
