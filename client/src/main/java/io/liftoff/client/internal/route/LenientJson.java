package io.liftoff.client.internal.route;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.liftoff.client.LiftoffException;
import org.jspecify.annotations.Nullable;

/**
 * A small JSON reader for the bodies NameServers send (routes, cluster info): it builds
 * plain maps, lists, strings, numbers (as their text) and booleans, and accepts what
 * fastjson writes for old clients and in cluster info: object keys that are bare numbers
 * or identifiers ({@code {0:"127.0.0.1:10911"}}). Not on any hot path; it exists so that
 * the client needs no JSON library.
 */
final class LenientJson {

    private static final int MAX_DEPTH = 64;

    private final String text;

    private int position;

    private LenientJson(String text) {
        this.text = text;
    }

    /**
     * Parses a UTF-8 JSON document.
     * @param body the bytes
     * @return a {@code Map}, {@code List}, {@code String} or {@code Boolean}, numbers as
     * their text; absent for JSON {@code null}
     * @throws LiftoffException naming the problem and where it is
     */
    static @Nullable Object parse(byte[] body) {
        LenientJson reader = new LenientJson(new String(body, StandardCharsets.UTF_8));
        reader.skipWhitespace();
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.position != reader.text.length()) {
            throw reader.error("unexpected text after the document");
        }
        return value;
    }

    private @Nullable Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("values nested too deeply");
        }
        char next = peek();
        switch (next) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
            case '\'':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (next == '-' || Character.isDigit(next)) {
                    return number();
                }
                throw error("unexpected '" + next + "'");
        }
    }

    private Map<String, @Nullable Object> object(int depth) {
        this.position++;
        Map<String, @Nullable Object> object = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            this.position++;
            return object;
        }
        while (true) {
            skipWhitespace();
            char next = peek();
            String key = (next == '"' || next == '\'') ? string() : bareKey();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            object.put(key, value(depth + 1));
            skipWhitespace();
            char separator = peek();
            this.position++;
            if (separator == '}') {
                return object;
            }
            if (separator != ',') {
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private List<@Nullable Object> array(int depth) {
        this.position++;
        List<@Nullable Object> array = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            this.position++;
            return array;
        }
        while (true) {
            skipWhitespace();
            array.add(value(depth + 1));
            skipWhitespace();
            char separator = peek();
            this.position++;
            if (separator == ']') {
                return array;
            }
            if (separator != ',') {
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String bareKey() {
        int from = this.position;
        while (this.position < this.text.length()) {
            char c = this.text.charAt(this.position);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-' || c == '.') {
                this.position++;
            }
            else {
                break;
            }
        }
        if (this.position == from) {
            throw error("expected an object key");
        }
        return this.text.substring(from, this.position);
    }

    private String string() {
        char quote = this.text.charAt(this.position++);
        StringBuilder value = null;
        int from = this.position;
        while (this.position < this.text.length()) {
            char c = this.text.charAt(this.position);
            if (c == quote) {
                String result = (value == null) ? this.text.substring(from, this.position)
                        : value.append(this.text, from, this.position).toString();
                this.position++;
                return result;
            }
            if (c == '\\') {
                if (value == null) {
                    value = new StringBuilder();
                }
                value.append(this.text, from, this.position);
                value.append(escape());
                from = this.position;
                continue;
            }
            this.position++;
        }
        throw error("a string without its closing quote");
    }

    private char escape() {
        if (this.position + 1 >= this.text.length()) {
            throw error("a string ending in a lone backslash");
        }
        char escaped = this.text.charAt(this.position + 1);
        this.position += 2;
        switch (escaped) {
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (this.position + 4 > this.text.length()) {
                    throw error("a truncated \\u escape");
                }
                try {
                    char unit = (char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16);
                    this.position += 4;
                    return unit;
                }
                catch (NumberFormatException ex) {
                    throw error("a \\u escape with a non-hex digit");
                }
            default:
                return escaped;
        }
    }

    private String number() {
        int from = this.position;
        while (this.position < this.text.length()) {
            char c = this.text.charAt(this.position);
            if (Character.isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                this.position++;
            }
            else {
                break;
            }
        }
        return this.text.substring(from, this.position);
    }

    private void literal(String word) {
        if (!this.text.startsWith(word, this.position)) {
            throw error("expected '" + word + "'");
        }
        this.position += word.length();
    }

    private void expect(char expected) {
        if (peek() != expected) {
            throw error("expected '" + expected + "'");
        }
        this.position++;
    }

    private char peek() {
        if (this.position >= this.text.length()) {
            throw error("the document ends early");
        }
        return this.text.charAt(this.position);
    }

    private void skipWhitespace() {
        while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
            this.position++;
        }
    }

    private LiftoffException error(String problem) {
        int from = Math.max(0, this.position - 40);
        int to = Math.min(this.text.length(), this.position + 40);
        return new LiftoffException("Route body does not parse (" + problem + " at offset " + this.position + ", near '"
                + this.text.substring(from, to) + "')");
    }

}
