package io.liftoff.client.internal.remoting;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.liftoff.client.MalformedFrameException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.jspecify.annotations.Nullable;

/**
 * RocketMQ's binary header (serialize type 1): fixed fields, then the remark and the
 * custom header as length-prefixed UTF-8.
 */
final class BinaryHeaderCodec {

    private static final int FIXED_LENGTH = 2 + 1 + 2 + 4 + 4;

    private BinaryHeaderCodec() {
    }

    static void encode(RemotingCommand command, ByteBuf out) {
        encode(command, out, null);
    }

    /**
     * Encodes a header, with the signature fields of a signed request after the others.
     * @param signed the signer that signed this request; absent when it is not signed
     */
    static void encode(RemotingCommand command, ByteBuf out, @Nullable RequestSigner signed) {
        if (command.code() > Short.MAX_VALUE || command.code() < Short.MIN_VALUE) {
            throw new IllegalArgumentException("Code " + command.code() + " does not fit the binary header");
        }
        out.writeShort(command.code());
        out.writeByte(command.language().code());
        out.writeShort(command.version());
        out.writeInt(command.opaque());
        out.writeInt(command.flag());
        writeLengthPrefixed(out, command.remark());
        int extLengthAt = out.writerIndex();
        out.writeInt(0);
        Map<String, String> ext = command.extFields();
        if (ext instanceof CustomHeader fields) {
            for (int i = 0; i < fields.fieldCount(); i++) {
                if (signed != null && RequestSigner.reserved(fields.name(i))) {
                    continue;
                }
                if (fields.isNumber(i)) {
                    writeNumberEntry(out, fields.name(i), fields.number(i));
                }
                else {
                    writeEntry(out, fields.name(i), fields.rawValue(i));
                }
            }
        }
        else {
            for (Map.Entry<String, String> entry : ext.entrySet()) {
                if (signed == null || !RequestSigner.reserved(entry.getKey())) {
                    writeEntry(out, entry.getKey(), entry.getValue());
                }
            }
        }
        if (signed != null) {
            writeEntry(out, RequestSigner.ACCESS_KEY, signed.accessKey());
            writeEntry(out, RequestSigner.SECURITY_TOKEN, signed.securityToken());
            writeEntry(out, RequestSigner.SIGNATURE, signed.signature());
        }
        out.setInt(extLengthAt, out.writerIndex() - extLengthAt - 4);
    }

    private static void writeEntry(ByteBuf out, @Nullable String key, @Nullable Object value) {
        if (key == null || value == null) {
            return;
        }
        if (value instanceof Long number) {
            writeNumberEntry(out, key, number);
            return;
        }
        writeKey(out, key);
        if (value instanceof byte[] utf8) {
            out.writeInt(utf8.length);
            out.writeBytes(utf8);
        }
        else {
            writeLengthPrefixed(out, (String) value);
        }
    }

    private static void writeNumberEntry(ByteBuf out, @Nullable String key, long value) {
        if (key == null) {
            return;
        }
        writeKey(out, key);
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        JsonHeaderCodec.writeLong(out, value);
        out.setInt(lengthAt, out.writerIndex() - lengthAt - 4);
    }

    private static void writeKey(ByteBuf out, String key) {
        int keyLengthAt = out.writerIndex();
        out.writeShort(0);
        int keyLength = ByteBufUtil.writeUtf8(out, key);
        out.setShort(keyLengthAt, keyLength);
    }

    private static void writeLengthPrefixed(ByteBuf out, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            out.writeInt(0);
            return;
        }
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        int length = ByteBufUtil.writeUtf8(out, value);
        out.setInt(lengthAt, length);
    }

    static RemotingCommand decode(ByteBuf in, int headerLength, byte @Nullable [] body) {
        int end = in.readerIndex() + headerLength;
        if (headerLength < FIXED_LENGTH + 8) {
            throw new MalformedFrameException("Binary header of " + headerLength + " bytes is shorter than the "
                    + (FIXED_LENGTH + 8) + "-byte minimum");
        }
        int code = in.readShort();
        LanguageCode language = LanguageCode.ofCode(in.readByte());
        int version = in.readShort();
        int opaque = in.readInt();
        int flag = in.readInt();
        String remark = readString(in, in.readInt(), end, "remark");
        if (end - in.readerIndex() < 4) {
            throw new MalformedFrameException("Binary header's remark leaves no room for the extFields length");
        }
        int extLength = in.readInt();
        if (extLength < 0 || extLength > end - in.readerIndex()) {
            throw new MalformedFrameException(
                    "Binary header's extFields length " + extLength + " does not fit the header");
        }
        Map<String, String> ext = null;
        if (extLength > 0) {
            ext = new HashMap<>();
            int extEnd = in.readerIndex() + extLength;
            while (in.readerIndex() < extEnd) {
                if (extEnd - in.readerIndex() < 6) {
                    throw new MalformedFrameException("Binary header's extFields end inside an entry");
                }
                String key = readString(in, in.readShort(), extEnd, "extFields key");
                if (extEnd - in.readerIndex() < 4) {
                    throw new MalformedFrameException("Binary header's extFields end inside an entry");
                }
                String value = readString(in, in.readInt(), extEnd, "extFields value");
                if (key != null && value != null) {
                    ext.put(key, value);
                }
            }
        }
        in.readerIndex(end);
        return new RemotingCommand(code, language, version, opaque, flag, remark, ext, body);
    }

    private static @Nullable String readString(ByteBuf in, int length, int end, String what) {
        if (length < 0 || length > end - in.readerIndex()) {
            throw new MalformedFrameException(
                    "Binary header's " + what + " length " + length + " does not fit the header");
        }
        if (length == 0) {
            return null;
        }
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

}
