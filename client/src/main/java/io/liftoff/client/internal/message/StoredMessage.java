package io.liftoff.client.internal.message;

import java.util.Map;

/**
 * A message as a broker stored it and sends it back (the body of a transaction check),
 * decoded by {@link StoredMessageDecoder}.
 *
 * @param topic the topic on the wire (namespace included)
 * @param queueId the queue
 * @param flag the user flag
 * @param queueOffset the offset in the queue
 * @param commitLogOffset the offset in the broker's commit log
 * @param sysFlag the system flag as stored (the compression bits cleared once the body is
 * decompressed)
 * @param bornTimestamp when the producer sent it, epoch milliseconds
 * @param storeTimestamp when the broker stored it, epoch milliseconds
 * @param body the body, decompressed when it was zlib-compressed
 * @param properties every property, system ones included
 */
public record StoredMessage(String topic, int queueId, int flag, long queueOffset, long commitLogOffset, int sysFlag,
        long bornTimestamp, long storeTimestamp, byte[] body, Map<String, String> properties) {
}
