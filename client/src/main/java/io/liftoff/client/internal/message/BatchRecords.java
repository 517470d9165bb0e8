package io.liftoff.client.internal.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The layout of a batch body, as RocketMQ's {@code MessageDecoder.encodeMessages} writes
 * it: one record per message,
 * {@code int32 totalSize | int32 magic 0 | int32 bodyCRC 0 | int32 flag | int32 bodyLength | body |
 * int16 propertiesLength | properties}, and the properties of the batch's wrapper.
 */
public final class BatchRecords {

    private static final int RECORD_OVERHEAD = 4 + 4 + 4 + 4 + 4 + 2;

    private static final byte[] WAIT_TRUE = (PropertyNames.WAIT + MessageEncoder.NAME_VALUE_SEPARATOR + "true"
            + MessageEncoder.PROPERTY_SEPARATOR)
        .getBytes(StandardCharsets.UTF_8);

    private static final byte[] WAIT_FALSE = (PropertyNames.WAIT + MessageEncoder.NAME_VALUE_SEPARATOR + "false"
            + MessageEncoder.PROPERTY_SEPARATOR)
        .getBytes(StandardCharsets.UTF_8);

    private BatchRecords() {
    }

    /**
     * The length of one message's record in a batch body.
     * @param bodyLength the body's length as sent
     * @param propertiesLength the length of its encoded properties
     * @return the length in bytes
     */
    public static int recordLength(int bodyLength, int propertiesLength) {
        return RECORD_OVERHEAD + bodyLength + propertiesLength;
    }

    /**
     * Writes one message's record of a batch.
     * @param out where to write
     * @param flag the message's user flag
     * @param body the body as sent; {@code null} when {@code bodyBuffer} holds it
     * @param bodyBuffer the body as sent, from its position to its limit (left as it is);
     * only read when {@code body} is {@code null}
     * @param properties the message's encoded properties
     */
    public static void writeRecord(ByteBuffer out, int flag, byte @Nullable [] body, @Nullable ByteBuffer bodyBuffer,
            byte[] properties) {
        int bodyLength = (body != null) ? body.length : bodyBuffer.remaining();
        out.putInt(recordLength(bodyLength, properties.length));
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
     * The properties of a batch's wrapper: {@code WAIT} only. A broker appends the
     * wrapper's properties to every stored message, so a wrapper {@code UNIQ_KEY} (the
     * official client sets one) would hide each message's own id from consumers.
     * @param waitStoreMsgOk whether the broker answers only once the messages are stored
     * @return the properties as UTF-8, a new array
     */
    public static byte[] wrapperProperties(boolean waitStoreMsgOk) {
        return (waitStoreMsgOk ? WAIT_TRUE : WAIT_FALSE).clone();
    }

}
