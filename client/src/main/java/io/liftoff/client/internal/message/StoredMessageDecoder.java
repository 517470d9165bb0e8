package io.liftoff.client.internal.message;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the stored-message format a broker sends a message back in (RocketMQ's
 * {@code MessageDecoder.encode}/{@code decode}), big-endian:
 * {@code int32 totalSize | int32 magic | int32 bodyCRC | int32 queueId | int32 flag |
 * int64 queueOffset | int64 commitLogOffset | int32 sysFlag | int64 bornTimestamp |
 * bornHost (4 or 16 bytes, int32 port) | int64 storeTimestamp | storeHost (4 or 16 bytes,
 * int32 port) | int32 reconsumeTimes | int64 preparedTransactionOffset | int32 bodyLength
 * | body | topicLength (int8, int16 with the V2 magic) | topic | int16 propertiesLength |
 * properties}. A compressed body is decompressed with the codec its {@code sysFlag} names
 * (ZLIB, LZ4 or ZSTD), as the official client's {@code decode} does; an LZ4 or ZSTD body
 * whose library is not on the class path is kept as stored, with a warning.
 */
public final class StoredMessageDecoder {

    private static final Logger logger = LoggerFactory.getLogger(StoredMessageDecoder.class);

    /** The magic code of the first format: a one-byte topic length. */
    public static final int MAGIC_V1 = 0xDAA320A7;

    /** The magic code of the second format: a two-byte topic length. */
    public static final int MAGIC_V2 = 0xDAA320AB;

    private StoredMessageDecoder() {
    }

    /**
     * Decodes one stored message.
     * @param encoded the bytes, starting with the total size
     * @return the message
     * @throws IllegalArgumentException when the bytes are not a stored message
     */
    public static StoredMessage decode(byte[] encoded) {
        try {
            return read(ByteBuffer.wrap(encoded));
        }
        catch (BufferUnderflowException ex) {
            throw new IllegalArgumentException("Stored message ends early: " + encoded.length + " bytes", ex);
        }
    }

    private static StoredMessage read(ByteBuffer in) {
        in.getInt();
        int magic = in.getInt();
        if (magic != MAGIC_V1 && magic != MAGIC_V2) {
            throw new IllegalArgumentException(
                    "Stored message has an unknown magic code 0x" + Integer.toHexString(magic));
        }
        in.getInt();
        int queueId = in.getInt();
        int flag = in.getInt();
        long queueOffset = in.getLong();
        long commitLogOffset = in.getLong();
        int sysFlag = in.getInt();
        long bornTimestamp = in.getLong();
        skipHost(in, (sysFlag & SysFlag.BORN_HOST_V6) != 0);
        long storeTimestamp = in.getLong();
        skipHost(in, (sysFlag & SysFlag.STORE_HOST_V6) != 0);
        in.getInt();
        in.getLong();
        int bodyLength = in.getInt();
        if (bodyLength < 0 || bodyLength > in.remaining()) {
            throw new IllegalArgumentException(
                    "Stored message's body length " + bodyLength + " exceeds the " + in.remaining() + " bytes left");
        }
        byte[] body = new byte[bodyLength];
        in.get(body);
        if (body.length > 0 && BodyCompression.isCompressed(sysFlag)) {
            try {
                body = BodyCompression.decompress(body, sysFlag);
                sysFlag &= ~(SysFlag.COMPRESSED | SysFlag.COMPRESSION_TYPE_MASK);
            }
            catch (IllegalStateException ex) {
                logger.warn("{}: the body is given as stored, still compressed", ex.getMessage());
            }
        }
        int topicLength = (magic == MAGIC_V1) ? (in.get() & 0xFF) : (in.getShort() & 0xFFFF);
        String topic = string(in, topicLength);
        String properties = string(in, in.getShort() & 0xFFFF);
        Map<String, String> decoded = MessageEncoder.decodeProperties(properties);
        return new StoredMessage(topic, queueId, flag, queueOffset, commitLogOffset, sysFlag, bornTimestamp,
                storeTimestamp, body, decoded);
    }

    private static void skipHost(ByteBuffer in, boolean ipv6) {
        in.position(in.position() + (ipv6 ? 16 : 4) + 4);
    }

    private static String string(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Reads the commit-log offset out of a broker's offset message id (store address,
     * port and offset as uppercase hex: 32 characters with an IPv4 address, 56 with an
     * IPv6 one; {@code MessageDecoder.decodeMessageId}).
     * @param offsetMessageId the id
     * @return the offset
     * @throws IllegalArgumentException when it is not such an id
     */
    public static long commitLogOffset(String offsetMessageId) {
        int length = offsetMessageId.length();
        if (length != 32 && length != 56) {
            throw new IllegalArgumentException("'" + offsetMessageId
                    + "' is not a broker's offset message id: 32 or 56 hex characters expected, got " + length);
        }
        try {
            return Long.parseUnsignedLong(offsetMessageId, length - 16, length, 16);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("'" + offsetMessageId + "' is not a broker's offset message id", ex);
        }
    }

}
