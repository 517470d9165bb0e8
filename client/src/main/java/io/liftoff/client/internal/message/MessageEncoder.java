package io.liftoff.client.internal.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.Deflater;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;

/**
 * Turns messages into what a send request carries: the property string, a new client message id and the
 * {@code sysFlag}; compresses bodies at or above a size threshold with zlib, as the Java client does, into the
 * caller's buffer; and writes batches in the record format of {@code MessageDecoder.encodeMessages}. Messages are expected to be valid (see
 * {@link MessageValidator}); the encoder itself only enforces the 32767-byte limit of the encoded properties.
 * Thread-safe. Each encoder keeps a few idle {@link Deflater}s for reuse (at most one per processor, up to
 * 16); their native memory is freed when the encoder is garbage-collected.
 *
 * <p>
 * Property string format: {@code name U+0001 value U+0002}, repeated, with a U+0002 after the last pair too.
 */
public final class MessageEncoder {

    /** Bodies of this many bytes or more are compressed, by default (the Java client's 4 KiB). */
    public static final int DEFAULT_COMPRESS_THRESHOLD = 4096;

    /** The default zlib compression level (the Java client's 5). */
    public static final int DEFAULT_COMPRESS_LEVEL = 5;

    /** The most bytes the UTF-8 property string may take: the store format keeps its length in 2 bytes. */
    public static final int MAX_PROPERTIES_BYTES = Short.MAX_VALUE;

    /** Separates a property's name from its value. */
    public static final char NAME_VALUE_SEPARATOR = '\u0001';

    /** Ends each property. */
    public static final char PROPERTY_SEPARATOR = '\u0002';

    private static final int BATCH_RECORD_OVERHEAD = 4 + 4 + 4 + 4 + 4 + 2;

    private static final int MAX_POOLED_DEFLATERS = 16;

    private static final byte[] WAIT_TRUE = (PropertyNames.WAIT + NAME_VALUE_SEPARATOR + "true" + PROPERTY_SEPARATOR)
            .getBytes(StandardCharsets.UTF_8);

    private static final byte[] WAIT_FALSE = (PropertyNames.WAIT + NAME_VALUE_SEPARATOR + "false"
            + PROPERTY_SEPARATOR).getBytes(StandardCharsets.UTF_8);

    private final int compressThreshold;

    private final int compressLevel;

    private final UniqueIdGenerator ids;

    private final BlockingQueue<Deflater> deflaters;

    /**
     * Creates an encoder.
     *
     * @param compressThreshold bodies of this many bytes or more are compressed (default
     * {@value #DEFAULT_COMPRESS_THRESHOLD}); {@link Integer#MAX_VALUE} turns compression off
     * @param compressLevel the zlib level, 0 to 9, or -1 for zlib's default (default
     * {@value #DEFAULT_COMPRESS_LEVEL})
     * @param ids makes the message ids
     * @throws IllegalArgumentException if the threshold is not positive or the level is out of range
     */
    public MessageEncoder(int compressThreshold, int compressLevel, UniqueIdGenerator ids) {
        if (compressThreshold <= 0) {
            throw new IllegalArgumentException("compressThreshold must be positive, was " + compressThreshold);
        }
        if (compressLevel < -1 || compressLevel > 9) {
            throw new IllegalArgumentException("compressLevel must be -1 to 9, was " + compressLevel);
        }
        this.compressThreshold = compressThreshold;
        this.compressLevel = compressLevel;
        this.ids = Objects.requireNonNull(ids, "ids");
        this.deflaters = new ArrayBlockingQueue<>(
                Math.min(MAX_POOLED_DEFLATERS, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Encodes one message: user properties, then {@code TAGS}, {@code KEYS}, {@code WAIT}, a new
     * {@code UNIQ_KEY} and the delay ({@code TIMER_DELAY_MS}, {@code TIMER_DELIVER_MS} or {@code DELAY}). The body
     * stays as it is: a caller that sends it compresses it with {@link #compressInto} into a buffer of its own
     * when {@link #compresses} says so.
     *
     * @param message a valid message
     * @return the encoded message, its body the message's own array
     * @throws InvalidMessageException if the property string takes more than {@value #MAX_PROPERTIES_BYTES}
     * bytes
     */
    public EncodedMessage encode(Message message) {
        int idStart = lengthBeforeUniqueId(message);
        byte[] properties = propertyBytes(message, idStart, -1);
        String uniqueId = new String(properties, idStart, this.ids.length(), StandardCharsets.ISO_8859_1);
        return new EncodedMessage(uniqueId, properties, message.body(), 0, message.flag());
    }

    /**
     * Tells whether a body of this size is compressed when sent (the threshold, as the Java client's).
     *
     * @param bodyLength the body's length
     * @return whether it reaches the threshold
     */
    public boolean compresses(int bodyLength) {
        return bodyLength >= this.compressThreshold;
    }

    /**
     * Encodes a batch: each message gets a new {@code UNIQ_KEY} and is written, with its own properties, as a
     * record {@code int32 totalSize | int32 magic 0 | int32 bodyCRC 0 | int32 flag | int32 bodyLength | body |
     * int16 propertiesLength | properties}; the batch's own properties are only {@code WAIT}, from the first
     * message. The body is never compressed.
     *
     * @param messages a valid batch (see {@link MessageValidator#validateBatch(List)})
     * @return the encoded batch
     * @throws InvalidMessageException if the batch is empty, a message's properties take more than
     * {@value #MAX_PROPERTIES_BYTES} bytes, or the batch is too large for one array
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
            total += batchRecordLength(message.body().length, properties[i].length);
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new InvalidMessageException("Batch body of " + total + " bytes is too large; split the batch");
        }
        byte[] body = new byte[(int) total];
        ByteBuffer out = ByteBuffer.wrap(body);
        for (int i = 0; i < count; i++) {
            Message message = messages.get(i);
            writeBatchRecord(out, message.flag(), message.body(), null, properties[i]);
        }
        return new EncodedBatch(String.join(",", uniqueIds), List.of(uniqueIds),
                batchProperties(messages.get(0).waitStoreMsgOk()), body);
    }

    /**
     * The length of one message's record in a batch body.
     *
     * @param bodyLength the body's length as sent
     * @param propertiesLength the length of its encoded properties
     * @return the length in bytes
     */
    public static int batchRecordLength(int bodyLength, int propertiesLength) {
        return BATCH_RECORD_OVERHEAD + bodyLength + propertiesLength;
    }

    /**
     * Writes one message's record of a batch: {@code int32 totalSize | int32 magic 0 | int32 bodyCRC 0 |
     * int32 flag | int32 bodyLength | body | int16 propertiesLength | properties}.
     *
     * @param out where to write
     * @param flag the message's user flag
     * @param body the body as sent, or {@code null} when {@code bodyBuffer} holds it
     * @param bodyBuffer the body as sent, from its position to its limit (left as it is), or {@code null}
     * @param properties the message's encoded properties
     */
    public static void writeBatchRecord(ByteBuffer out, int flag, byte[] body, ByteBuffer bodyBuffer,
            byte[] properties) {
        int bodyLength = (body != null) ? body.length : bodyBuffer.remaining();
        out.putInt(batchRecordLength(bodyLength, properties.length));
        out.putInt(0);
        out.putInt(0);
        out.putInt(flag);
        out.putInt(bodyLength);
        if (body != null) {
            out.put(body);
        }
        else {
            out.put(bodyBuffer.duplicate());
        }
        out.putShort((short) properties.length);
        out.put(properties);
    }

    /**
     * The properties of a batch's wrapper: {@code WAIT} only. A broker appends the wrapper's properties to every
     * stored message, so a wrapper {@code UNIQ_KEY} (the official client sets one) would hide each message's own
     * id from consumers.
     *
     * @param waitStoreMsgOk whether the broker answers only once the messages are stored
     * @return the properties as UTF-8
     */
    public static byte[] batchProperties(boolean waitStoreMsgOk) {
        return (waitStoreMsgOk ? WAIT_TRUE : WAIT_FALSE).clone();
    }

    /**
     * Encodes properties in RocketMQ's format, in the map's order, skipping null names and values.
     *
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
     * Decodes a property string as RocketMQ's {@code MessageDecoder.string2messageProperties} does: pairs are
     * split at U+0002, then at the first U+0001; pairs with an empty name or value are skipped.
     *
     * @param properties the property string, or {@code null}
     * @return the names and values, in string order (empty for {@code null})
     */
    public static Map<String, String> decodeProperties(String properties) {
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
     * The UTF-8 bytes of a message's properties with a new {@code UNIQ_KEY}, written straight into an array of
     * the exact size: no string is built. The id's {@link UniqueIdGenerator#length()} ASCII bytes start at
     * {@code idStart}.
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

    /** Bytes of user properties, {@code TAGS}, {@code KEYS}, {@code WAIT} and the name of {@code UNIQ_KEY}. */
    private static int lengthBeforeUniqueId(Message message) {
        long length = 0;
        for (Map.Entry<String, String> property : message.properties().entrySet()) {
            if (property.getKey() != null && property.getValue() != null) {
                length += utf8Length(property.getKey()) + utf8Length(property.getValue()) + 2;
            }
        }
        if (message.tag() != null) {
            length += PropertyNames.TAGS.length() + utf8Length(message.tag()) + 2;
        }
        List<String> keys = message.keys();
        if (!keys.isEmpty()) {
            length += PropertyNames.KEYS.length() + keys.size() + 1;
            for (int i = 0; i < keys.size(); i++) {
                length += utf8Length(keys.get(i));
            }
        }
        length += PropertyNames.WAIT.length() + (message.waitStoreMsgOk() ? 4 : 5) + 2;
        length += PropertyNames.UNIQ_KEY.length() + 1;
        // Properties over the limit are refused by the caller; cap here so that the sum cannot overflow.
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
            at = writeUtf8(PropertyNames.KEYS, out, at);
            out[at++] = NAME_VALUE_SEPARATOR;
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out[at++] = ' ';
                }
                at = writeUtf8(keys.get(i), out, at);
            }
            out[at++] = PROPERTY_SEPARATOR;
        }
        at = writeProperty(out, at, PropertyNames.WAIT, message.waitStoreMsgOk() ? "true" : "false");
        at = writeUtf8(PropertyNames.UNIQ_KEY, out, at);
        out[at++] = NAME_VALUE_SEPARATOR;
        return at;
    }

    private static int writeProperty(byte[] out, int at, String name, String value) {
        int next = writeUtf8(name, out, at);
        out[next++] = NAME_VALUE_SEPARATOR;
        next = writeUtf8(value, out, next);
        out[next++] = PROPERTY_SEPARATOR;
        return next;
    }

    private static int writeDecimalProperty(byte[] out, int at, String name, long value) {
        int next = writeUtf8(name, out, at);
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
     * Writes a string as UTF-8, an unpaired surrogate as '?', as {@link String#getBytes} does.
     *
     * @return the index after the last byte written
     */
    static int writeUtf8(String text, byte[] out, int at) {
        int length = text.length();
        int next = at;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[next++] = (byte) c;
            }
            else if (c < 0x800) {
                out[next++] = (byte) (0xC0 | (c >> 6));
                out[next++] = (byte) (0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                out[next++] = (byte) (0xF0 | (codePoint >> 18));
                out[next++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                out[next++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                out[next++] = (byte) (0x80 | (codePoint & 0x3F));
            }
            else if (Character.isSurrogate(c)) {
                out[next++] = '?';
            }
            else {
                out[next++] = (byte) (0xE0 | (c >> 12));
                out[next++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[next++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return next;
    }

    /** The UTF-8 length of a string, counting an unpaired surrogate as the one byte '?' it encodes to. */
    static int utf8Length(String text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                }
                else if (Character.isHighSurrogate(c) && i + 1 < length
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 2;
                    i++;
                }
                else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /**
     * The most bytes {@link #compressInto} writes for a body of this length: zlib's bound for incompressible
     * data, with room to spare.
     *
     * @param bodyLength the body's length
     * @return the space to give {@link #compressInto}
     */
    public static int compressBound(int bodyLength) {
        return bodyLength + (bodyLength >>> 10) + 64;
    }

    /**
     * Compresses a body to the zlib format (RFC 1950) into a buffer, for a caller that keeps compressed bodies
     * in pooled buffers rather than in new arrays; set {@code sysFlag} with {@link #compressedSysFlag}.
     *
     * @param body the body
     * @param out where to write, with at least {@link #compressBound}{@code (body.length)} bytes remaining
     * @return the bytes written, or -1 if compression failed (the message then goes uncompressed)
     */
    public int compressInto(byte[] body, ByteBuffer out) {
        Deflater deflater = this.deflaters.poll();
        if (deflater == null) {
            deflater = new Deflater(this.compressLevel);
        }
        boolean reusable = false;
        try {
            deflater.setInput(body);
            deflater.finish();
            int start = out.position();
            while (!deflater.finished() && out.hasRemaining()) {
                deflater.deflate(out);
            }
            reusable = true;
            return deflater.finished() ? out.position() - start : -1;
        }
        catch (RuntimeException ex) {
            return -1;
        }
        finally {
            if (reusable) {
                deflater.reset();
                if (!this.deflaters.offer(deflater)) {
                    deflater.end();
                }
            }
            else {
                deflater.end();
            }
        }
    }

    /**
     * The {@code sysFlag} of a message whose body was compressed by this encoder.
     *
     * @param sysFlag the flag of the uncompressed message
     * @return the flag with {@code COMPRESSED} and the zlib compression type set
     */
    public static int compressedSysFlag(int sysFlag) {
        return sysFlag | SysFlag.COMPRESSED | SysFlag.COMPRESSION_ZLIB;
    }
}
