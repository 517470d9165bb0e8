package io.liftoff.client.internal.remoting;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.liftoff.client.MalformedFrameException;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON remoting header straight from the frame buffer, without copying it and
 * without a general JSON library: a header is one flat object of numbers and strings plus
 * the flat {@code extFields} map, and every response goes through here, so field names
 * are matched as bytes and only values become strings. Accepts any valid JSON
 * (whitespace, escapes, {@code null}, unknown fields of any shape); anything else is a
 * {@link MalformedFrameException}. A connection's decoder keeps one reader: short values
 * that come back in every answer ({@code "true"}, a region, a queue id) are then shared
 * from a small cache instead of decoded each time. Not thread-safe.
 */
final class JsonHeaderReader {

    private static final byte[] CODE = ascii("code");

    private static final byte[] LANGUAGE = ascii("language");

    private static final byte[] VERSION = ascii("version");

    private static final byte[] OPAQUE = ascii("opaque");

    private static final byte[] FLAG = ascii("flag");

    private static final byte[] REMARK = ascii("remark");

    private static final byte[] EXT_FIELDS = ascii("extFields");

    /**
     * Custom-header names brokers and NameServers send often; matched as bytes and
     * shared, never allocated.
     */
    private static final String[] KNOWN_KEYS = { "msgId", "queueId", "queueOffset", "transactionId", "MSG_REGION",
            "TRACE_ON", "batchUniqId", "recallHandle", "IS_SUPPORT_HEART_BEAT_V2", "IS_SUB_CHANGE", "topic",
            "brokerName", "clientID", "producerGroup", "tranStateTableOffset", "commitLogOffset", "offsetMsgId",
            "bname" };

    private static final byte[][] KNOWN_KEY_BYTES = new byte[KNOWN_KEYS.length][];

    static {
        for (int i = 0; i < KNOWN_KEYS.length; i++) {
            KNOWN_KEY_BYTES[i] = ascii(KNOWN_KEYS[i]);
        }
    }

    private static final LanguageCode[] LANGUAGES = LanguageCode.values();

    private static final byte[][] LANGUAGE_NAMES = new byte[LANGUAGES.length][];

    /**
     * Values up to this length are looked up in the cache; longer ones (ids, offsets) are
     * mostly unique.
     */
    private static final int CACHED_LENGTH = 16;

    private static final int CACHE_SLOTS = 64;

    /** Bytes of the first header buffer; it grows to the largest header read. */
    private static final int INITIAL_SCRATCH = 1024;

    /** Larger headers are read from a buffer of their own, not kept. */
    private static final int MAX_KEPT_SCRATCH = 256 * 1024;

    static {
        for (int i = 0; i < LANGUAGES.length; i++) {
            LANGUAGE_NAMES[i] = ascii(LANGUAGES[i].name());
        }
    }

    private final @Nullable String[] cache = new String[CACHE_SLOTS];

    private @Nullable String[] scratchNames = new String[16];

    private @Nullable Object[] scratchValues = new Object[16];

    /**
     * The bytes of the header being read, copied out of the frame buffer at once: reading
     * them one by one from the buffer checked its bounds and reference count at every
     * byte (measured: a quarter of an async producer's CPU went to the 8 KB message id
     * list of batch responses).
     */
    private byte[] in = new byte[INITIAL_SCRATCH];

    private int start;

    private int end;

    private int position;

    /** Creates a reader with an empty value cache, for one connection's headers. */
    JsonHeaderReader() {
    }

    /**
     * Reads a header of {@code length} bytes at the buffer's reader index and moves the
     * index past it.
     * @param in the frame buffer
     * @param length the header length
     * @param body the frame's body
     * @return the command
     */
    static RemotingCommand read(ByteBuf in, int length, byte @Nullable [] body) {
        return new JsonHeaderReader().readHeader(in, length, body);
    }

    /**
     * Reads a header of {@code length} bytes at the buffer's reader index and moves the
     * index past it, sharing repeated short values with earlier headers read by this
     * reader.
     * @param in the frame buffer
     * @param length the header length
     * @param body the frame's body
     * @return the command
     */
    RemotingCommand readHeader(ByteBuf in, int length, byte @Nullable [] body) {
        byte[] kept = this.in;
        if (kept.length < length) {
            this.in = new byte[Math.max(length, kept.length * 2)];
        }
        in.getBytes(in.readerIndex(), this.in, 0, length);
        this.start = 0;
        this.end = length;
        this.position = 0;
        try {
            RemotingCommand command = command(body);
            in.skipBytes(length);
            return command;
        }
        finally {
            if (this.in.length > MAX_KEPT_SCRATCH) {
                this.in = kept;
            }
        }
    }

    private RemotingCommand command(byte @Nullable [] body) {
        int code = 0;
        int version = 0;
        int opaque = 0;
        int flag = 0;
        String remark = null;
        LanguageCode language = LanguageCode.OTHER;
        HeaderFields ext = null;
        skipWhitespace();
        expect('{', "the header to start with '{'");
        if (!nextMember(true)) {
            return finish(code, language, version, opaque, flag, remark, ext, body);
        }
        do {
            int nameStart = this.position;
            int nameLength = stringLength();
            skipWhitespace();
            expect(':', "':' after a field name");
            skipWhitespace();
            if (matches(nameStart, nameLength, CODE)) {
                code = intValue("code");
            }
            else if (matches(nameStart, nameLength, OPAQUE)) {
                opaque = intValue("opaque");
            }
            else if (matches(nameStart, nameLength, FLAG)) {
                flag = intValue("flag");
            }
            else if (matches(nameStart, nameLength, VERSION)) {
                version = intValue("version");
            }
            else if (matches(nameStart, nameLength, LANGUAGE)) {
                language = language();
            }
            else if (matches(nameStart, nameLength, REMARK)) {
                remark = nullableScalar();
            }
            else if (matches(nameStart, nameLength, EXT_FIELDS)) {
                ext = extFields();
            }
            else {
                skipValue(0);
            }
        }
        while (nextMember(false));
        skipWhitespace();
        if (this.position != this.end) {
            throw malformed("unexpected bytes after the header object");
        }
        return finish(code, language, version, opaque, flag, remark, ext, body);
    }

    private static RemotingCommand finish(int code, LanguageCode language, int version, int opaque, int flag,
            @Nullable String remark, @Nullable HeaderFields ext, byte @Nullable [] body) {
        return new RemotingCommand(code, language, version, opaque, flag, remark, ext, body);
    }

    /**
     * Moves to the next member's name. Returns {@code false} at the closing brace.
     */
    private boolean nextMember(boolean first) {
        skipWhitespace();
        byte next = peek();
        if (next == '}') {
            this.position++;
            return false;
        }
        if (!first) {
            expect(',', "',' or '}' between fields");
            skipWhitespace();
        }
        expect('"', "a quoted field name");
        return true;
    }

    private @Nullable HeaderFields extFields() {
        if (peek() == 'n') {
            literal("null");
            return null;
        }
        expect('{', "extFields to be an object");
        String[] names = this.scratchNames;
        Object[] values = this.scratchValues;
        int count = 0;
        if (nextMember(true)) {
            do {
                int nameStart = this.position;
                int nameLength = stringLength();
                String name = knownKey(nameStart, nameLength);
                if (name == null) {
                    name = text(nameStart, nameLength);
                }
                skipWhitespace();
                expect(':', "':' after an extFields name");
                skipWhitespace();
                Object value = extValue();
                int repeated = indexOf(names, count, name);
                if (repeated >= 0) {
                    // A name given twice: the last value wins, as in fastjson's map and
                    // the
                    // binary header's (an absent value leaves the field out).
                    values[repeated] = value;
                }
                else if (value != null) {
                    if (count == names.length) {
                        names = Arrays.copyOf(names, count * 2);
                        values = Arrays.copyOf(values, count * 2);
                        this.scratchNames = names;
                        this.scratchValues = values;
                    }
                    names[count] = name;
                    values[count] = value;
                    count++;
                }
            }
            while (nextMember(false));
        }
        HeaderFields fields = new HeaderFields(Arrays.copyOf(names, count), Arrays.copyOf(values, count));
        Arrays.fill(names, 0, count, null);
        Arrays.fill(values, 0, count, null);
        return fields;
    }

    private static int indexOf(@Nullable String[] names, int count, String name) {
        for (int i = 0; i < count; i++) {
            if (name.equals(names[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reads a custom-header value. A quoted decimal of 4 to 18 digits without a leading
     * zero (an offset, a timestamp) becomes a {@code Long}, which the map view shows as
     * the same text: a third of a string's bytes.
     */
    private @Nullable Object extValue() {
        if (peek() == '"') {
            int from = this.position + 1;
            int at = from;
            long value = 0;
            while (at < this.end && at - from <= 18) {
                byte b = this.in[at];
                if (b < '0' || b > '9') {
                    break;
                }
                value = value * 10 + (b - '0');
                at++;
            }
            int digits = at - from;
            if (digits >= 4 && digits <= 18 && this.in[from] != '0' && at < this.end && this.in[at] == '"') {
                this.position = at + 1;
                return value;
            }
        }
        return nullableScalar();
    }

    /**
     * Reads a string, number, boolean or null as text (absent for JSON null and nested
     * values, which it skips).
     */
    private @Nullable String nullableScalar() {
        byte next = peek();
        if (next == '"') {
            this.position++;
            int valueStart = this.position;
            return text(valueStart, stringLength());
        }
        if (next == 'n') {
            literal("null");
            return null;
        }
        if (next == 't') {
            literal("true");
            return "true";
        }
        if (next == 'f') {
            literal("false");
            return "false";
        }
        if (next == '-' || (next >= '0' && next <= '9')) {
            int numberStart = this.position;
            skipNumber();
            return new String(this.in, numberStart, this.position - numberStart, StandardCharsets.US_ASCII);
        }
        if (next == '{' || next == '[') {
            skipValue(0);
            return null;
        }
        throw malformed("unexpected '" + (char) next + "'");
    }

    private LanguageCode language() {
        if (peek() != '"') {
            skipValue(0);
            return LanguageCode.OTHER;
        }
        this.position++;
        int nameStart = this.position;
        int nameLength = stringLength();
        for (int i = 0; i < LANGUAGES.length; i++) {
            if (matches(nameStart, nameLength, LANGUAGE_NAMES[i])) {
                return LANGUAGES[i];
            }
        }
        return LanguageCode.OTHER;
    }

    private int intValue(String field) {
        byte next = peek();
        boolean quoted = next == '"';
        if (quoted) {
            this.position++;
        }
        boolean negative = false;
        if (peek() == '-') {
            negative = true;
            this.position++;
        }
        long value = 0;
        int digits = 0;
        while (this.position < this.end) {
            byte digit = this.in[this.position];
            if (digit < '0' || digit > '9') {
                break;
            }
            value = value * 10 + (digit - '0');
            if (value > 0x80000000L) {
                throw malformed("field '" + field + "' is out of the int range");
            }
            digits++;
            this.position++;
        }
        if (digits == 0) {
            throw malformed("field '" + field + "' is not an integer");
        }
        if (quoted) {
            expect('"', "the closing quote of '" + field + "'");
        }
        else if (this.position < this.end) {
            byte after = this.in[this.position];
            if (after == '.' || after == 'e' || after == 'E') {
                throw malformed("field '" + field + "' is not an integer");
            }
        }
        long signed = negative ? -value : value;
        if (signed > Integer.MAX_VALUE || signed < Integer.MIN_VALUE) {
            throw malformed("field '" + field + "' is out of the int range");
        }
        return (int) signed;
    }

    /**
     * Scans a string whose opening quote was consumed; leaves the position after the
     * closing quote.
     * @return the raw length between the quotes
     */
    private int stringLength() {
        int from = this.position;
        while (this.position < this.end) {
            byte b = this.in[this.position];
            if (b == '"') {
                int length = this.position - from;
                this.position++;
                return length;
            }
            if (b == '\\') {
                this.position += 2;
                continue;
            }
            if (b >= 0 && b < 0x20) {
                throw malformed("a control character inside a string");
            }
            this.position++;
        }
        throw malformed("a string without its closing quote");
    }

    private String text(int from, int length) {
        if (length <= CACHED_LENGTH) {
            return cachedText(from, length);
        }
        return decode(from, length);
    }

    /**
     * Returns a short plain-ASCII value from the cache, adding it on a miss; anything
     * else is decoded.
     */
    private String cachedText(int from, int length) {
        int hash = length;
        boolean digits = true;
        for (int i = from; i < from + length; i++) {
            byte b = this.in[i];
            if (b < 0 || b == '\\') {
                return decode(from, length);
            }
            digits &= b >= '0' && b <= '9';
            hash = 31 * hash + b;
        }
        if (digits && length > 3) {
            // An offset or a timestamp: new in every answer, so caching would only evict
            // the values that repeat.
            return decode(from, length);
        }
        int slot = (hash ^ (hash >>> 7)) & (CACHE_SLOTS - 1);
        String cached = this.cache[slot];
        if (cached != null && cached.length() == length) {
            boolean same = true;
            for (int i = 0; i < length; i++) {
                if (cached.charAt(i) != this.in[from + i]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return cached;
            }
        }
        String text = new String(this.in, from, length, StandardCharsets.ISO_8859_1);
        this.cache[slot] = text;
        return text;
    }

    private String decode(int from, int length) {
        boolean ascii = true;
        for (int i = from; i < from + length; i++) {
            byte b = this.in[i];
            if (b == '\\') {
                return unescape(from, length);
            }
            if (b < 0) {
                ascii = false;
            }
        }
        return new String(this.in, from, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    private String unescape(int from, int length) {
        StringBuilder text = new StringBuilder(length);
        int limit = from + length;
        int segment = from;
        int i = from;
        while (i < limit) {
            byte b = this.in[i];
            if (b != '\\') {
                i++;
                continue;
            }
            if (i > segment) {
                text.append(new String(this.in, segment, i - segment, StandardCharsets.UTF_8));
            }
            if (i + 1 >= limit) {
                throw malformed("a string ending in a lone backslash");
            }
            byte escaped = this.in[i + 1];
            i += 2;
            switch (escaped) {
                case '"' -> text.append('"');
                case '\\' -> text.append('\\');
                case '/' -> text.append('/');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    if (i + 4 > limit) {
                        throw malformed("a truncated \\u escape");
                    }
                    int unit = 0;
                    for (int k = 0; k < 4; k++) {
                        int digit = Character.digit(this.in[i + k], 16);
                        if (digit < 0) {
                            throw malformed("a \\u escape with a non-hex digit");
                        }
                        unit = (unit << 4) | digit;
                    }
                    text.append((char) unit);
                    i += 4;
                }
                default -> throw malformed("an unknown escape \\" + (char) escaped);
            }
            segment = i;
        }
        if (limit > segment) {
            text.append(new String(this.in, segment, limit - segment, StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private @Nullable String knownKey(int from, int length) {
        for (int i = 0; i < KNOWN_KEY_BYTES.length; i++) {
            if (matches(from, length, KNOWN_KEY_BYTES[i])) {
                return KNOWN_KEYS[i];
            }
        }
        return null;
    }

    private boolean matches(int from, int length, byte[] name) {
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (this.in[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private void skipValue(int depth) {
        if (depth > 64) {
            throw malformed("values nested too deeply");
        }
        byte next = peek();
        switch (next) {
            case '"' -> {
                this.position++;
                stringLength();
            }
            case '{' -> {
                this.position++;
                if (nextMember(true)) {
                    do {
                        stringLength();
                        skipWhitespace();
                        expect(':', "':' after a field name");
                        skipWhitespace();
                        skipValue(depth + 1);
                    }
                    while (nextMember(false));
                }
            }
            case '[' -> {
                this.position++;
                skipWhitespace();
                if (peek() == ']') {
                    this.position++;
                    return;
                }
                while (true) {
                    skipWhitespace();
                    skipValue(depth + 1);
                    skipWhitespace();
                    byte separator = peek();
                    this.position++;
                    if (separator == ']') {
                        return;
                    }
                    if (separator != ',') {
                        throw malformed("',' or ']' in an array");
                    }
                }
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (next == '-' || (next >= '0' && next <= '9')) {
                    skipNumber();
                }
                else {
                    throw malformed("unexpected '" + (char) next + "'");
                }
            }
        }
    }

    private void skipNumber() {
        int from = this.position;
        while (this.position < this.end) {
            byte b = this.in[this.position];
            if ((b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E') {
                this.position++;
            }
            else {
                break;
            }
        }
        if (this.position == from) {
            throw malformed("a number without digits");
        }
    }

    private void literal(String word) {
        if (this.position + word.length() > this.end) {
            throw malformed("a truncated '" + word + "'");
        }
        for (int i = 0; i < word.length(); i++) {
            if (this.in[this.position + i] != word.charAt(i)) {
                throw malformed("expected '" + word + "'");
            }
        }
        this.position += word.length();
    }

    private void skipWhitespace() {
        while (this.position < this.end) {
            byte b = this.in[this.position];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            this.position++;
        }
    }

    private byte peek() {
        if (this.position >= this.end) {
            throw malformed("the header ends early");
        }
        return this.in[this.position];
    }

    private void expect(char expected, String what) {
        if (peek() != expected) {
            throw malformed("expected " + what + " but found '" + (char) this.in[this.position] + "'");
        }
        this.position++;
    }

    private MalformedFrameException malformed(String problem) {
        int length = Math.min(this.end - this.start, 120);
        String preview = new String(this.in, this.start, length, StandardCharsets.UTF_8);
        return new MalformedFrameException("JSON header does not parse (" + problem + " at offset "
                + (this.position - this.start) + "): " + preview + ((this.end - this.start > length) ? "..." : ""));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

}
