package io.liftoff.client.internal.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.liftoff.client.CompressionCodec;
import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import org.jspecify.annotations.Nullable;

/**
 * Turns messages into what a send request carries: the property string, a new client
 * message id and the {@code sysFlag}; compresses bodies at or above a size threshold with
 * its {@link BodyCompression}; and writes batches in the record format of
 * {@code MessageDecoder.encodeMessages} ({@link BatchRecords}). Messages are expected to
 * be valid (see {@link MessageValidator}); the encoder itself only enforces the
 * 32767-byte limit of the encoded properties. Thread-safe.
 *
 * <p>
 * Property string format: {@code name U+0001 value U+0002}, repeated, with a U+0002 after
 * the last pair too.
 */
public final class MessageEncoder {

    /**
     * Bodies of this many bytes or more are compressed, by default (the Java client's 4
     * KiB).
     */
    public static final int DEFAULT_COMPRESS_THRESHOLD = 4096;

    /** The default zlib compression level (the Java client's 5). */
    public static final int DEFAULT_COMPRESS_LEVEL = 5;

    /**
     * The most bytes the UTF-8 property string may take: the store format keeps its
     * length in 2 bytes.
     */
    public static final int MAX_PROPERTIES_BYTES = Short.MAX_VALUE;

    /** Separates a property's name from its value. */
    public static final char NAME_VALUE_SEPARATOR = '\u0001';

    /** Ends each property. */
    public static final char PROPERTY_SEPARATOR = '\u0002';

    private final BodyCompression compression;

    private final UniqueIdGenerator ids;

    /**
     * Creates an encoder.
     * @param compressThreshold bodies of this many bytes or more are compressed (default
     * {@value #DEFAULT_COMPRESS_THRESHOLD}); {@link Integer#MAX_VALUE} turns compression
     * off
     * @param compressLevel the zlib level (default {@value #DEFAULT_COMPRESS_LEVEL}),
     * already checked by {@code SendOptions}
     * @param ids makes the message ids
     * @throws IllegalArgumentException if the threshold is not positive
     */
    public MessageEncoder(int compressThreshold, int compressLevel, UniqueIdGenerator ids) {
        this(compressThreshold, CompressionCodec.ZLIB, compressLevel, ids);
    }

    /**
     * Creates an encoder that compresses with a codec.
     * @param compressThreshold bodies of this many bytes or more are compressed;
     * {@link Integer#MAX_VALUE} turns compression off
     * @param codec the codec, whose library {@code SendOptions} found present
     * @param compressLevel the level, already checked by {@code SendOptions} for the
     * codec
     * @param ids makes the message ids
     * @throws IllegalArgumentException if the threshold is not positive
     */
    public MessageEncoder(int compressThreshold, CompressionCodec codec, int compressLevel, UniqueIdGenerator ids) {
        this.compression = new BodyCompression(compressThreshold, codec, compressLevel);
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /**
     * Encodes one message: user properties, then {@code TAGS}, {@code KEYS},
     * {@code WAIT}, a new {@code UNIQ_KEY} and the delay ({@code TIMER_DELAY_MS},
     * {@code TIMER_DELIVER_MS} or {@code DELAY}). The body stays as it is: a caller that
     * sends it compresses it with {@link #compressInto} into a buffer of its own when
     * {@link #compresses} says so.
     * @param message a valid message
     * @return the encoded message, its body the message's own array
     * @throws InvalidMessageException if the property string takes more than
     * {@value #MAX_PROPERTIES_BYTES} bytes
     */
    public EncodedMessage encode(Message message) {
        return encode(message, 0);
    }

    /**
     * Encodes the half message of a transactional send as the official client's
     * {@code sendMessageInTransaction} does: as {@link #encode(Message)}, with
     * {@code TRAN_MSG=true} and {@code PGROUP} after the user properties, and the
     * transaction-prepared {@code sysFlag}.
     * @param message a valid message, not delayed
     * @param producerGroup the producer group on the wire: the broker asks a producer of
     * this group about the transaction
     * @return the encoded half message, its body the message's own array
     * @throws InvalidMessageException if the property string takes more than
     * {@value #MAX_PROPERTIES_BYTES} bytes
     */
    public EncodedMessage encodeHalf(Message message, String producerGroup) {
        Message half = message.mutate()
            .property(PropertyNames.TRAN_MSG, "true")
            .property(PropertyNames.PGROUP, producerGroup)
            .build();
        return encode(half, SysFlag.TRANSACTION_PREPARED);
    }

    private EncodedMessage encode(Message message, int sysFlag) {
        int idStart = lengthBeforeUniqueId(message);
        byte[] properties = propertyBytes(message, idStart, -1);
        String uniqueId = new String(properties, idStart, this.ids.length(), StandardCharsets.ISO_8859_1);
        return new EncodedMessage(uniqueId, properties, message.body(), sysFlag, message.flag());
    }

    /**
     * Tells whether a body of this size is compressed when sent (the threshold, as the
     * Java client's).
     * @param bodyLength the body's length
     * @return whether it reaches the threshold
     */
    public boolean compresses(int bodyLength) {
        return this.compression.compresses(bodyLength);
    }

    /**
     * Encodes a batch: each message gets a new {@code UNIQ_KEY} and is written, with its
     * own properties, as a record
     * {@code int32 totalSize | int32 magic 0 | int32 bodyCRC 0 | int32 flag | int32 bodyLength | body |
     * int16 propertiesLength | properties}; the batch's own properties are only
     * {@code WAIT}, from the first message. The body is never compressed.
     * @param messages a valid batch (see {@link MessageValidator#validateBatch(List)})
     * @return the encoded batch
     * @throws InvalidMessageException if the batch is empty, a message's properties take
     * more than {@value #MAX_PROPERTIES_BYTES} bytes, or the batch is too large for one
     * array
     */
    public EncodedBatch encodeBatch(List<Message> messages) {
        int count = messages.size();
        if (count == 0) {
            throw new InvalidMessageException("Batch is empty: add at least one message");
        }
        String[] uniqueIds = new String[count];
        byte[][] properties = new byte[count][];
        long total = 0;
        for (int i = 0; i < count; i++) {
            Message message = messages.get(i);
            int idStart = lengthBeforeUniqueId(message);
            properties[i] = propertyBytes(message, idStart, i);
            uniqueIds[i] = new String(properties[i], idStart, this.ids.length(), StandardCharsets.ISO_8859_1);
            total += BatchRecords.recordLength(message.body().length, properties[i].length);
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new InvalidMessageException("Batch body of " + total + " bytes is too large; split the batch");
        }
        byte[] body = new byte[(int) total];
        ByteBuffer out = ByteBuffer.wrap(body);
        for (int i = 0; i < count; i++) {
            Message message = messages.get(i);
            BatchRecords.writeRecord(out, message.flag(), message.body(), null, properties[i]);
        }
        return new EncodedBatch(String.join(",", uniqueIds), List.of(uniqueIds),
                BatchRecords.wrapperProperties(messages.get(0).waitStoreMsgOk()), body);
    }

    /**
     * The length of one message's record in a batch body; see
     * {@link BatchRecords#recordLength}.
     * @param bodyLength the body's length as sent
     * @param propertiesLength the length of its encoded properties
     * @return the length in bytes
     */
    public static int batchRecordLength(int bodyLength, int propertiesLength) {
        return BatchRecords.recordLength(bodyLength, propertiesLength);
    }

    /**
     * Writes one message's record of a batch; see {@link BatchRecords#writeRecord}.
     * @param out where to write
     * @param flag the message's user flag
     * @param body the body as sent; {@code null} when {@code bodyBuffer} holds it
     * @param bodyBuffer the body as sent, from its position to its limit (left as it is);
     * only read when {@code body} is {@code null}
     * @param properties the message's encoded properties
     */
    public static void writeBatchRecord(ByteBuffer out, int flag, byte @Nullable [] body,
            @Nullable ByteBuffer bodyBuffer, byte[] properties) {
        BatchRecords.writeRecord(out, flag, body, bodyBuffer, properties);
    }

    /**
     * The properties of a batch's wrapper; see {@link BatchRecords#wrapperProperties}.
     * @param waitStoreMsgOk whether the broker answers only once the messages are stored
     * @return the properties as UTF-8, a new array
     */
    public static byte[] batchProperties(boolean waitStoreMsgOk) {
        return BatchRecords.wrapperProperties(waitStoreMsgOk);
    }

    /**
     * Encodes properties in RocketMQ's format, in the map's order, skipping null names
     * and values.
     * @param properties names and values
     * @return the property string
     */
    public static String encodeProperties(Map<String, String> properties) {
        int capacity = 0;
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (property.getKey() != null && property.getValue() != null) {
                capacity += property.getKey().length() + property.getValue().length() + 2;
            }
        }
        StringBuilder out = new StringBuilder(capacity);
        appendAll(out, properties);
        return out.toString();
    }

    /**
     * Decodes a property string as RocketMQ's
     * {@code MessageDecoder.string2messageProperties} does: pairs are split at U+0002,
     * then at the first U+0001; pairs with an empty name or value are skipped.
     * @param properties the property string
     * @return the names and values, in string order (empty when the string is absent)
     */
    public static Map<String, String> decodeProperties(@Nullable String properties) {
        Map<String, String> decoded = new LinkedHashMap<>();
        if (properties == null) {
            return decoded;
        }
        int length = properties.length();
        int start = 0;
        while (start < length) {
            int end = properties.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int separator = properties.indexOf(NAME_VALUE_SEPARATOR, start);
            if (separator > start && separator < end - 1) {
                decoded.put(properties.substring(start, separator), properties.substring(separator + 1, end));
            }
            start = end + 1;
        }
        return decoded;
    }

    /**
     * The UTF-8 bytes of a message's properties with a new {@code UNIQ_KEY}, written
     * straight into an array of the exact size: no string is built. The id's
     * {@link UniqueIdGenerator#length()} ASCII bytes start at {@code idStart}.
     */
    private byte[] propertyBytes(Message message, int idStart, int batchIndex) {
        int idLength = this.ids.length();
        long total = (long) idStart + idLength + lengthAfterUniqueId(message);
        checkPropertiesSize((int) Math.min(total, Integer.MAX_VALUE), batchIndex);
        byte[] out = new byte[(int) total];
        int at = writeBeforeUniqueId(message, out);
        this.ids.writeNext(out, at);
        at += idLength;
        out[at++] = PROPERTY_SEPARATOR;
        Duration delay = message.deliveryDelay();
        Instant deliverAt = message.deliverAt();
        if (delay != null) {
            at = writeDecimalProperty(out, at, PropertyNames.TIMER_DELAY_MS, delay.toMillis());
        }
        else if (deliverAt != null) {
            at = writeDecimalProperty(out, at, PropertyNames.TIMER_DELIVER_MS, deliverAt.toEpochMilli());
        }
        else if (message.delayLevel() > 0) {
            at = writeDecimalProperty(out, at, PropertyNames.DELAY, message.delayLevel());
        }
        return out;
    }

    /**
     * Bytes of user properties, {@code TAGS}, {@code KEYS}, {@code WAIT} and the name of
     * {@code UNIQ_KEY}.
     */
    private static int lengthBeforeUniqueId(Message message) {
        long length = 0;
        for (Map.Entry<String, String> property : message.properties().entrySet()) {
            if (property.getKey() != null && property.getValue() != null) {
                length += Utf8.length(property.getKey()) + Utf8.length(property.getValue()) + 2;
            }
        }
        if (message.tag() != null) {
            length += PropertyNames.TAGS.length() + Utf8.length(message.tag()) + 2;
        }
        List<String> keys = message.keys();
        if (!keys.isEmpty()) {
            length += PropertyNames.KEYS.length() + keys.size() + 1;
            for (int i = 0; i < keys.size(); i++) {
                length += Utf8.length(keys.get(i));
            }
        }
        length += PropertyNames.WAIT.length() + (message.waitStoreMsgOk() ? 4 : 5) + 2;
        length += PropertyNames.UNIQ_KEY.length() + 1;
        // Properties over the limit are refused by the caller; cap here so that the sum
        // cannot overflow.
        return (int) Math.min(length, Integer.MAX_VALUE / 2);
    }

    /** Bytes of the separator after the id and of the delay property. */
    private static int lengthAfterUniqueId(Message message) {
        Duration delay = message.deliveryDelay();
        Instant deliverAt = message.deliverAt();
        int length = 1;
        if (delay != null) {
            length += PropertyNames.TIMER_DELAY_MS.length() + decimalLength(delay.toMillis()) + 2;
        }
        else if (deliverAt != null) {
            length += PropertyNames.TIMER_DELIVER_MS.length() + decimalLength(deliverAt.toEpochMilli()) + 2;
        }
        else if (message.delayLevel() > 0) {
            length += PropertyNames.DELAY.length() + decimalLength(message.delayLevel()) + 2;
        }
        return length;
    }

    private static int writeBeforeUniqueId(Message message, byte[] out) {
        int at = 0;
        for (Map.Entry<String, String> property : message.properties().entrySet()) {
            if (property.getKey() != null && property.getValue() != null) {
                at = writeProperty(out, at, property.getKey(), property.getValue());
            }
        }
        if (message.tag() != null) {
            at = writeProperty(out, at, PropertyNames.TAGS, message.tag());
        }
        List<String> keys = message.keys();
        if (!keys.isEmpty()) {
            at = Utf8.write(PropertyNames.KEYS, out, at);
            out[at++] = NAME_VALUE_SEPARATOR;
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out[at++] = ' ';
                }
                at = Utf8.write(keys.get(i), out, at);
            }
            out[at++] = PROPERTY_SEPARATOR;
        }
        at = writeProperty(out, at, PropertyNames.WAIT, message.waitStoreMsgOk() ? "true" : "false");
        at = Utf8.write(PropertyNames.UNIQ_KEY, out, at);
        out[at++] = NAME_VALUE_SEPARATOR;
        return at;
    }

    private static int writeProperty(byte[] out, int at, String name, String value) {
        int next = Utf8.write(name, out, at);
        out[next++] = NAME_VALUE_SEPARATOR;
        next = Utf8.write(value, out, next);
        out[next++] = PROPERTY_SEPARATOR;
        return next;
    }

    private static int writeDecimalProperty(byte[] out, int at, String name, long value) {
        int next = Utf8.write(name, out, at);
        out[next++] = NAME_VALUE_SEPARATOR;
        int end = next + decimalLength(value);
        long rest = value;
        if (rest < 0) {
            out[next] = '-';
            rest = -rest;
        }
        int digit = end;
        do {
            out[--digit] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        while (rest != 0);
        out[end] = PROPERTY_SEPARATOR;
        return end + 1;
    }

    private static int decimalLength(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        long rest = Math.abs(value);
        int digits = 1;
        while (rest >= 10) {
            rest /= 10;
            digits++;
        }
        return (value < 0) ? digits + 1 : digits;
    }

    private static void appendAll(StringBuilder out, Map<String, String> properties) {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (property.getKey() != null && property.getValue() != null) {
                append(out, property.getKey(), property.getValue());
            }
        }
    }

    private static void append(StringBuilder out, String name, String value) {
        out.append(name).append(NAME_VALUE_SEPARATOR).append(value).append(PROPERTY_SEPARATOR);
    }

    private static void checkPropertiesSize(int bytes, int batchIndex) {
        if (bytes > MAX_PROPERTIES_BYTES) {
            String what = (batchIndex < 0) ? "Message" : "Batch message " + batchIndex;
            throw new InvalidMessageException(what + " properties take " + bytes + " bytes encoded; at most "
                    + MAX_PROPERTIES_BYTES + " are allowed (tag, keys and user properties together)");
        }
    }

    /**
     * The most bytes {@link #compressInto} writes for a body of this length; see
     * {@link BodyCompression#compressBound}.
     * @param bodyLength the body's length
     * @return the space to give {@link #compressInto}
     */
    public int compressBound(int bodyLength) {
        return this.compression.compressBound(bodyLength);
    }

    /**
     * Compresses a body with the encoder's codec into a buffer; see
     * {@link BodyCompression#compressInto}.
     * @param body the body
     * @param out where to write, with at least
     * {@link #compressBound}{@code (body.length)} bytes remaining
     * @return the bytes written, or -1 if compression failed (the message then goes
     * uncompressed)
     */
    public int compressInto(byte[] body, ByteBuffer out) {
        return this.compression.compressInto(body, out);
    }

    /**
     * The {@code sysFlag} of a message whose body was compressed by this encoder.
     * @param sysFlag the flag of the uncompressed message
     * @return the flag with {@code COMPRESSED} and the codec's compression type set
     */
    public int compressedSysFlag(int sysFlag) {
        return this.compression.compressedSysFlag(sysFlag);
    }

}
