package io.liftoff.client.internal.remoting;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * The JSON header (serialize type 0): encoded by hand straight into the frame buffer,
 * fields in the alphabetical order fastjson writes; decoded in place by
 * {@link JsonHeaderReader}.
 */
final class JsonHeaderCodec {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private JsonHeaderCodec() {
    }

    static void encode(RemotingCommand command, ByteBuf out) {
        encode(command, out, null);
    }

    /**
     * Encodes a header, with the signature fields of a signed request after the others.
     * @param signed the signer that signed this request; absent when it is not signed
     */
    static void encode(RemotingCommand command, ByteBuf out, @Nullable RequestSigner signed) {
        out.writeCharSequence("{\"code\":", StandardCharsets.US_ASCII);
        writeInt(out, command.code());
        Map<String, String> ext = command.extFields();
        if (signed != null || !ext.isEmpty()) {
            out.writeCharSequence(",\"extFields\":{", StandardCharsets.US_ASCII);
            boolean first = true;
            if (ext instanceof CustomHeader fields) {
                for (int i = 0; i < fields.fieldCount(); i++) {
                    if (signed != null && RequestSigner.reserved(fields.name(i))) {
                        continue;
                    }
                    first = fields.isNumber(i) ? writeNumberField(out, fields.name(i), fields.number(i), first)
                            : writeField(out, fields.name(i), fields.rawValue(i), first);
                }
            }
            else {
                for (Map.Entry<String, String> entry : ext.entrySet()) {
                    if (signed == null || !RequestSigner.reserved(entry.getKey())) {
                        first = writeField(out, entry.getKey(), entry.getValue(), first);
                    }
                }
            }
            if (signed != null) {
                first = writeField(out, RequestSigner.ACCESS_KEY, signed.accessKey(), first);
                first = writeField(out, RequestSigner.SECURITY_TOKEN, signed.securityToken(), first);
                writeField(out, RequestSigner.SIGNATURE, signed.signature(), first);
            }
            out.writeByte('}');
        }
        out.writeCharSequence(",\"flag\":", StandardCharsets.US_ASCII);
        writeInt(out, command.flag());
        out.writeCharSequence(",\"language\":\"", StandardCharsets.US_ASCII);
        out.writeCharSequence(command.language().name(), StandardCharsets.US_ASCII);
        out.writeCharSequence("\",\"opaque\":", StandardCharsets.US_ASCII);
        writeInt(out, command.opaque());
        if (command.remark() != null) {
            out.writeCharSequence(",\"remark\":", StandardCharsets.US_ASCII);
            writeString(out, command.remark());
        }
        out.writeCharSequence(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":", StandardCharsets.US_ASCII);
        writeInt(out, command.version());
        out.writeByte('}');
    }

    static RemotingCommand decode(ByteBuf in, int headerLength, byte @Nullable [] body) {
        return JsonHeaderReader.read(in, headerLength, body);
    }

    private static boolean writeField(ByteBuf out, @Nullable String name, @Nullable Object value, boolean first) {
        if (name == null || value == null) {
            return first;
        }
        if (!first) {
            out.writeByte(',');
        }
        writeString(out, name);
        out.writeByte(':');
        if (value instanceof byte[] utf8) {
            writeUtf8String(out, utf8);
        }
        else if (value instanceof Long number) {
            out.writeByte('"');
            writeLong(out, number);
            out.writeByte('"');
        }
        else {
            writeString(out, (String) value);
        }
        return false;
    }

    private static boolean writeNumberField(ByteBuf out, @Nullable String name, long value, boolean first) {
        if (name == null) {
            return first;
        }
        if (!first) {
            out.writeByte(',');
        }
        writeString(out, name);
        out.writeByte(':');
        out.writeByte('"');
        writeLong(out, value);
        out.writeByte('"');
        return false;
    }

    /**
     * Writes UTF-8 text as a JSON string literal: its bytes as they are, with quotes,
     * backslashes and control characters escaped.
     */
    static void writeUtf8String(ByteBuf out, byte[] utf8) {
        int extra = 0;
        for (byte b : utf8) {
            if (b >= 0 && b < 0x20) {
                extra += 5;
            }
            else if (b == '"' || b == '\\') {
                extra++;
            }
        }
        out.ensureWritable(2 + utf8.length + extra);
        int at = out.writerIndex();
        out.setByte(at++, '"');
        for (byte b : utf8) {
            if (b >= 0x20 || b < 0) {
                if (b == '"' || b == '\\') {
                    out.setByte(at++, '\\');
                }
                out.setByte(at++, b);
            }
            else {
                at = writeEscaped(out, at, (char) b);
            }
        }
        out.setByte(at++, '"');
        out.writerIndex(at);
    }

    /** Writes a decimal int without making a string of it. */
    static void writeInt(ByteBuf out, int value) {
        if (value >= 0 && value < 10) {
            out.writeByte('0' + value);
            return;
        }
        writeLong(out, value);
    }

    /** Writes a decimal long without making a string of it. */
    static void writeLong(ByteBuf out, long value) {
        if (value == Long.MIN_VALUE) {
            out.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
            return;
        }
        long rest = value;
        if (rest < 0) {
            out.writeByte('-');
            rest = -rest;
        }
        int digits = 1;
        for (long bound = 10; digits < 19 && rest >= bound; bound *= 10) {
            digits++;
        }
        out.ensureWritable(digits);
        int end = out.writerIndex() + digits;
        int at = end;
        do {
            out.setByte(--at, (int) ('0' + rest % 10));
            rest /= 10;
        }
        while (rest != 0);
        out.writerIndex(end);
    }

    /**
     * Writes a JSON string literal: UTF-8, with quotes, backslashes and control
     * characters escaped.
     */
    static void writeString(ByteBuf out, String value) {
        int length = value.length();
        int plain = 0;
        while (plain < length) {
            char c = value.charAt(plain);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            plain++;
        }
        // Worst case per char: a 6-byte escape of a control character; reserve once, then
        // write by index.
        out.ensureWritable(2 + plain + (length - plain) * 6);
        out.writeByte('"');
        if (plain == length) {
            out.writeCharSequence(value, StandardCharsets.US_ASCII);
        }
        else {
            writeRest(out, value, 0);
        }
        out.writeByte('"');
    }

    private static void writeRest(ByteBuf out, String value, int from) {
        int length = value.length();
        int at = out.writerIndex();
        for (int i = from; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    out.setByte(at++, '\\');
                }
                out.setByte(at++, c);
            }
            else if (c < 0x20) {
                at = writeEscaped(out, at, c);
            }
            else if (c < 0x800) {
                out.setByte(at++, 0xC0 | (c >> 6));
                out.setByte(at++, 0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, value.charAt(++i));
                out.setByte(at++, 0xF0 | (codePoint >> 18));
                out.setByte(at++, 0x80 | ((codePoint >> 12) & 0x3F));
                out.setByte(at++, 0x80 | ((codePoint >> 6) & 0x3F));
                out.setByte(at++, 0x80 | (codePoint & 0x3F));
            }
            else if (Character.isSurrogate(c)) {
                out.setByte(at++, '?');
            }
            else {
                out.setByte(at++, 0xE0 | (c >> 12));
                out.setByte(at++, 0x80 | ((c >> 6) & 0x3F));
                out.setByte(at++, 0x80 | (c & 0x3F));
            }
        }
        out.writerIndex(at);
    }

    private static int writeEscaped(ByteBuf out, int index, char c) {
        int at = index;
        out.setByte(at++, '\\');
        switch (c) {
            case '\n' -> out.setByte(at++, 'n');
            case '\r' -> out.setByte(at++, 'r');
            case '\t' -> out.setByte(at++, 't');
            default -> {
                out.setByte(at++, 'u');
                out.setByte(at++, '0');
                out.setByte(at++, '0');
                out.setByte(at++, HEX[(c >> 4) & 0xF]);
                out.setByte(at++, HEX[c & 0xF]);
            }
        }
        return at;
    }

}
