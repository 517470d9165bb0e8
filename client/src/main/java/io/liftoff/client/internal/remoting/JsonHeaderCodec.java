package io.liftoff.client.internal.remoting;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.ByteBuf;

/**
 * The JSON header (serialize type 0): encoded by hand straight into the frame buffer, fields in the
 * alphabetical order fastjson writes; decoded in place by {@link JsonHeaderReader}.
 */
final class JsonHeaderCodec {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private JsonHeaderCodec() {
    }

    static void encode(RemotingCommand command, ByteBuf out) {
        out.writeCharSequence("{\"code\":", StandardCharsets.US_ASCII);
        writeInt(out, command.code());
        Map<String, String> ext = command.extFields();
        if (!ext.isEmpty()) {
            out.writeCharSequence(",\"extFields\":{", StandardCharsets.US_ASCII);
            boolean first = true;
            if (ext instanceof HeaderFields fields) {
                for (int i = 0; i < fields.fieldCount(); i++) {
                    first = writeField(out, fields.name(i), fields.value(i), first);
                }
            }
            else {
                for (Map.Entry<String, String> entry : ext.entrySet()) {
                    first = writeField(out, entry.getKey(), entry.getValue(), first);
                }
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

    static RemotingCommand decode(ByteBuf in, int headerLength, byte[] body) {
        return JsonHeaderReader.read(in, headerLength, body);
    }

    private static boolean writeField(ByteBuf out, String name, String value, boolean first) {
        if (name == null || value == null) {
            return first;
        }
        if (!first) {
            out.writeByte(',');
        }
        writeString(out, name);
        out.writeByte(':');
        writeString(out, value);
        return false;
    }

    private static void writeInt(ByteBuf out, int value) {
        if (value >= 0 && value < 10) {
            out.writeByte('0' + value);
            return;
        }
        out.writeCharSequence(Integer.toString(value), StandardCharsets.US_ASCII);
    }

    /** Writes a JSON string literal: UTF-8, with quotes, backslashes and control characters escaped. */
    static void writeString(ByteBuf out, String value) {
        int length = value.length();
        out.ensureWritable(length + 2);
        out.writeByte('"');
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    out.writeByte('\\');
                }
                out.writeByte(c);
            }
            else if (c < 0x20) {
                writeEscaped(out, c);
            }
            else if (c < 0x800) {
                out.writeByte(0xC0 | (c >> 6));
                out.writeByte(0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, value.charAt(++i));
                out.writeByte(0xF0 | (codePoint >> 18));
                out.writeByte(0x80 | ((codePoint >> 12) & 0x3F));
                out.writeByte(0x80 | ((codePoint >> 6) & 0x3F));
                out.writeByte(0x80 | (codePoint & 0x3F));
            }
            else if (Character.isSurrogate(c)) {
                out.writeByte('?');
            }
            else {
                out.writeByte(0xE0 | (c >> 12));
                out.writeByte(0x80 | ((c >> 6) & 0x3F));
                out.writeByte(0x80 | (c & 0x3F));
            }
        }
        out.writeByte('"');
    }

    private static void writeEscaped(ByteBuf out, char c) {
        out.writeByte('\\');
        switch (c) {
            case '\n' -> out.writeByte('n');
            case '\r' -> out.writeByte('r');
            case '\t' -> out.writeByte('t');
            default -> {
                out.writeByte('u');
                out.writeByte('0');
                out.writeByte('0');
                out.writeByte(HEX[(c >> 4) & 0xF]);
                out.writeByte(HEX[c & 0xF]);
            }
        }
    }
}
