package io.liftoff.client.internal.trace;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One {@code Pub} trace record, with the fields in the order the official client's
 * {@code TraceDataEncoder.encoderFromContextBean} writes them (RocketMQ 5.3.3): type,
 * timestamp, region, group, topic, message id, tags, keys, store host, body length, cost,
 * message type, offset message id, success. Fields are separated by
 * {@link #CONTENT_SEPARATOR}, and the record ends with {@link #FIELD_SEPARATOR}; a
 * missing value is written {@code null}, as the official encoder does.
 *
 * @param timestamp when the send started, in epoch milliseconds
 * @param regionId the broker's region ({@code MSG_REGION} of its answer)
 * @param group the producer group, without namespace
 * @param topic the traced message's topic, without namespace
 * @param messageId the client message id ({@code UNIQ_KEY})
 * @param tags the message's tag, if any
 * @param keys the message's keys joined by spaces, if any
 * @param storeHost the broker address the message went to
 * @param bodyLength the body's length as the application gave it
 * @param costMillis how long the send took
 * @param messageType the official {@code MessageType} ordinal
 * @param offsetMessageId the broker's offset message id, if known
 * @param success whether the broker answered {@code SEND_OK} (a oneway send handed to the
 * broker counts as success)
 */
public record TraceRecord(long timestamp, String regionId, String group, String topic, String messageId,
        @Nullable String tags, @Nullable String keys, String storeHost, int bodyLength, long costMillis,
        int messageType, @Nullable String offsetMessageId, boolean success) {

    /**
     * Separates the fields of a record: {@code (char) 1}
     * ({@code TraceConstants.CONTENT_SPLITOR}).
     */
    public static final char CONTENT_SEPARATOR = (char) 1;

    /** Ends a record: {@code (char) 2} ({@code TraceConstants.FIELD_SPLITOR}). */
    public static final char FIELD_SEPARATOR = (char) 2;

    /** The trace type of a send. */
    public static final String PUB = "Pub";

    /** {@code MessageType.Normal_Msg}. */
    public static final int NORMAL = 0;

    /** {@code MessageType.Delay_Msg}. */
    public static final int DELAY = 3;

    /**
     * Appends this record as the official encoder writes it.
     * @param out where to write
     */
    public void appendTo(StringBuilder out) {
        out.append(PUB)
            .append(CONTENT_SEPARATOR)
            .append(this.timestamp)
            .append(CONTENT_SEPARATOR)
            .append(this.regionId)
            .append(CONTENT_SEPARATOR)
            .append(this.group)
            .append(CONTENT_SEPARATOR)
            .append(this.topic)
            .append(CONTENT_SEPARATOR)
            .append(this.messageId)
            .append(CONTENT_SEPARATOR)
            .append(this.tags)
            .append(CONTENT_SEPARATOR)
            .append(this.keys)
            .append(CONTENT_SEPARATOR)
            .append(this.storeHost)
            .append(CONTENT_SEPARATOR)
            .append(this.bodyLength)
            .append(CONTENT_SEPARATOR)
            .append(this.costMillis)
            .append(CONTENT_SEPARATOR)
            .append(this.messageType)
            .append(CONTENT_SEPARATOR)
            .append(this.offsetMessageId)
            .append(CONTENT_SEPARATOR)
            .append(this.success)
            .append(FIELD_SEPARATOR);
    }

    /**
     * Adds the keys the official dispatcher gives the trace message for this record: the
     * message id and each of the message's keys.
     * @param out where to add them
     */
    public void addKeysTo(Collection<String> out) {
        out.add(this.messageId);
        if (this.keys != null && !this.keys.isEmpty()) {
            out.addAll(List.of(this.keys.split(" ")));
        }
    }

}
