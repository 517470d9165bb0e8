package io.liftoff.client.internal.remoting;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.liftoff.client.MalformedFrameException;
import io.netty.buffer.ByteBuf;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * The JSON header (serialize type 0): encoded by hand straight into the frame buffer, fields in the
 * alphabetical order fastjson writes; decoded with a streaming parser that skips unknown fields.
 */
final class JsonHeaderCodec {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

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
        byte[] header = new byte[headerLength];
        in.readBytes(header);
        int code = 0;
        int version = 0;
        int opaque = 0;
        int flag = 0;
        String remark = null;
        LanguageCode language = LanguageCode.OTHER;
        Map<String, String> ext = null;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), header, 0, header.length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedFrameException("JSON header is not an object: " + preview(header));
            }
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "code" -> code = intValue(parser, token, name);
                    case "version" -> version = intValue(parser, token, name);
                    case "opaque" -> opaque = intValue(parser, token, name);
                    case "flag" -> flag = intValue(parser, token, name);
                    case "language" -> language = (token == JsonToken.VALUE_STRING)
                            ? LanguageCode.ofName(parser.getString()) : LanguageCode.OTHER;
                    case "remark" -> remark = (token == JsonToken.VALUE_NULL) ? null : parser.getValueAsString();
                    case "extFields" -> ext = extFields(parser, token);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                throw new MalformedFrameException("JSON header ends early: " + preview(header));
            }
        }
        catch (JacksonException ex) {
            throw new MalformedFrameException("JSON header does not parse (" + ex.getOriginalMessage() + "): "
                    + preview(header), ex);
        }
        return new RemotingCommand(code, language, version, opaque, flag, remark, ext, body);
    }

    private static int intValue(JsonParser parser, JsonToken token, String name) {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getIntValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Integer.parseInt(parser.getString());
            }
            catch (NumberFormatException ex) {
                // fall through to the error below
            }
        }
        throw new MalformedFrameException("JSON header field '" + name + "' is not an integer: " + token);
    }

    private static Map<String, String> extFields(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new MalformedFrameException("JSON header field 'extFields' is not an object: " + token);
        }
        Map<String, String> ext = new LinkedHashMap<>();
        String key;
        while ((key = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            if (value.isScalarValue()) {
                if (value != JsonToken.VALUE_NULL) {
                    ext.put(key, parser.getValueAsString());
                }
            }
            else {
                parser.skipChildren();
            }
        }
        return ext;
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

    private static String preview(byte[] header) {
        int length = Math.min(header.length, 120);
        String text = new String(header, 0, length, StandardCharsets.UTF_8);
        return (header.length > length) ? text + "..." : text;
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
