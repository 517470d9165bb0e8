package io.liftoff.client.internal.remoting;

import io.liftoff.client.MalformedFrameException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;

/**
 * The remoting frame layout:
 * {@code int32 length | int32 (serializeType << 24 | headerLength) | header | body},
 * big-endian, the length not counting itself. Pure functions over buffers, shared by the
 * Netty handlers and by tests.
 */
public final class FrameCodec {

    /**
     * Room for the signature fields: access key, token and signature, with their names.
     */
    private static final int SIGNED_EXTRA = 160;

    /**
     * Pooled bodies of at least this many bytes (batches, large compressed bodies) go out
     * as they are, behind the frame's other bytes, instead of being copied into the
     * frame.
     */
    static final int SHARED_BODY_MIN = 8 * 1024;

    private FrameCodec() {
    }

    /**
     * Encodes a whole frame at the buffer's writer index.
     * @param command the command
     * @param format the header serialization
     * @param out the buffer to write to
     */
    static void encode(RemotingCommand command, SerializeType format, ByteBuf out) {
        encode(command, format, out, null);
    }

    /**
     * Encodes a whole frame at the buffer's writer index, a request signed last (see
     * {@link RequestSigner}).
     * @param command the command
     * @param format the header serialization
     * @param out the buffer to write to
     * @param signer signs requests; absent for unsigned frames (responses are never
     * signed)
     */
    static void encode(RemotingCommand command, SerializeType format, ByteBuf out, @Nullable RequestSigner signer) {
        encode(command, format, out, signer, true);
    }

    /**
     * Encodes a command into a buffer, its pooled body copied in or, when
     * {@code copyPooledBody} is false, left for the caller to write right after the
     * frame's other bytes (the frame's length counts it either way).
     */
    private static void encode(RemotingCommand command, SerializeType format, ByteBuf out,
            @Nullable RequestSigner signer, boolean copyPooledBody) {
        RequestSigner signed = null;
        if (signer != null && !command.isResponse()) {
            signer.sign(command);
            signed = signer;
        }
        int start = out.writerIndex();
        out.writeLong(0);
        int headerStart = out.writerIndex();
        if (format == SerializeType.ROCKETMQ) {
            BinaryHeaderCodec.encode(command, out, signed);
        }
        else {
            JsonHeaderCodec.encode(command, out, signed);
        }
        int headerLength = out.writerIndex() - headerStart;
        int bodyLeft = 0;
        if (command.pooledBody() != null) {
            if (copyPooledBody) {
                command.pooledBody().copyTo(out);
            }
            else {
                bodyLeft = command.pooledBody().length();
            }
        }
        else if (command.body() != null) {
            out.writeBytes(command.body());
        }
        out.setInt(start, out.writerIndex() + bodyLeft - start - 4);
        out.setInt(start + 4, (format.code() << 24) | headerLength);
    }

    /**
     * Encodes a whole frame into a new buffer sized for it.
     * @param command the command
     * @param format the header serialization
     * @param alloc where the buffer comes from
     * @return the frame; the caller owns it
     */
    static ByteBuf encode(RemotingCommand command, SerializeType format, ByteBufAllocator alloc) {
        return encode(command, format, alloc, null);
    }

    /**
     * Encodes a whole frame into a new buffer sized for it, a request signed last.
     * @param command the command
     * @param format the header serialization
     * @param alloc where the buffer comes from
     * @param signer signs requests; absent for unsigned frames
     * @return the frame; the caller owns it
     */
    static ByteBuf encode(RemotingCommand command, SerializeType format, ByteBufAllocator alloc,
            @Nullable RequestSigner signer) {
        PooledBody pooled = command.pooledBody();
        boolean shared = pooled != null && pooled.length() >= SHARED_BODY_MIN;
        int sharedBytes = shared ? command.bodyLength() : 0;
        ByteBuf out = alloc.ioBuffer(estimateLength(command) - sharedBytes + ((signer != null) ? SIGNED_EXTRA : 0));
        try {
            encode(command, format, out, signer, !shared);
            if (shared) {
                // The frame's bytes, then the body's own: one gathering write, no copy.
                return alloc.compositeDirectBuffer(2).addComponents(true, out, pooled.retainedSlice());
            }
            return out;
        }
        catch (RuntimeException ex) {
            out.release();
            throw ex;
        }
    }

    /**
     * @return a length that most frames of this command fit in
     */
    static int estimateLength(RemotingCommand command) {
        return 256 + command.bodyLength() + 24 * command.extFields().size();
    }

    /**
     * Encodes a whole frame with a JSON header, the format every RocketMQ server reads.
     * @param command the command
     * @param out the buffer to write to
     */
    public static void encodeJson(RemotingCommand command, ByteBuf out) {
        encode(command, SerializeType.JSON, out);
    }

    /**
     * Decodes one frame if the buffer holds a whole one.
     * @param in the buffer, read from its reader index
     * @param maxFrameLength the largest length accepted
     * @return the command; absent when more bytes are needed (nothing is consumed then)
     * @throws MalformedFrameException when the bytes are not a valid frame
     */
    public static @Nullable RemotingCommand decode(ByteBuf in, int maxFrameLength) {
        return decode(in, maxFrameLength, new JsonHeaderReader());
    }

    /**
     * Decodes one frame if the buffer holds a whole one, reading a JSON header with a
     * connection's reader.
     * @param in the buffer, read from its reader index
     * @param maxFrameLength the largest length accepted
     * @param jsonReader the reader of JSON headers, with its cache of repeated values
     * @return the command; absent when more bytes are needed (nothing is consumed then)
     * @throws MalformedFrameException when the bytes are not a valid frame
     */
    static @Nullable RemotingCommand decode(ByteBuf in, int maxFrameLength, JsonHeaderReader jsonReader) {
        if (in.readableBytes() < 4) {
            return null;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 4) {
            throw new MalformedFrameException("Frame length " + length + " is below the 4-byte minimum");
        }
        if (length > maxFrameLength) {
            throw new MalformedFrameException(
                    "Frame length " + length + " exceeds the maximum of " + maxFrameLength + " bytes");
        }
        // Not 4 + length: that overflows for a length near Integer.MAX_VALUE, when the
        // maximum allows one, and the frame would be read before it is whole.
        if (in.readableBytes() - 4 < length) {
            return null;
        }
        int frameEnd = in.readerIndex() + 4 + length;
        in.skipBytes(4);
        int typeAndLength = in.readInt();
        int typeCode = typeAndLength >>> 24;
        int headerLength = typeAndLength & 0xFFFFFF;
        SerializeType type = SerializeType.ofCode(typeCode);
        if (type == null) {
            throw new MalformedFrameException("Unknown serialize type " + typeCode + " (header word 0x"
                    + Integer.toHexString(typeAndLength) + ")");
        }
        if (headerLength > length - 4) {
            throw new MalformedFrameException("Header length " + headerLength + " exceeds the frame's " + (length - 4)
                    + " bytes after the header word");
        }
        int bodyLength = length - 4 - headerLength;
        byte @Nullable [] body = null;
        if (bodyLength > 0) {
            body = new byte[bodyLength];
            in.getBytes(in.readerIndex() + headerLength, body);
        }
        RemotingCommand command = (type == SerializeType.ROCKETMQ) ? BinaryHeaderCodec.decode(in, headerLength, body)
                : jsonReader.readHeader(in, headerLength, body);
        in.readerIndex(frameEnd);
        return command;
    }

}
