package io.liftoff.client.internal.remoting;

/**
 * The sender's language as carried in a remoting header: by name in JSON (matched by the
 * JSON reader), by byte code in the binary header.
 */
public enum LanguageCode {

    /** Java. */
    JAVA(0),
    /** C++. */
    CPP(1),
    /** .NET. */
    DOTNET(2),
    /** Python. */
    PYTHON(3),
    /** Delphi. */
    DELPHI(4),
    /** Erlang. */
    ERLANG(5),
    /** Ruby. */
    RUBY(6),
    /** Anything else. */
    OTHER(7),
    /** HTTP. */
    HTTP(8),
    /** Go. */
    GO(9),
    /** PHP. */
    PHP(10),
    /** OpenMessaging. */
    OMS(11),
    /** Rust. */
    RUST(12),
    /** Node.js. */
    NODE_JS(13);

    private static final LanguageCode[] BY_CODE = new LanguageCode[14];

    static {
        for (LanguageCode language : values()) {
            BY_CODE[language.code] = language;
        }
    }

    private final byte code;

    LanguageCode(int code) {
        this.code = (byte) code;
    }

    /**
     * @return the byte used by the binary header
     */
    public byte code() {
        return this.code;
    }

    /**
     * Finds a language by its byte code.
     * @param code the byte from a binary header
     * @return the language, {@link #OTHER} when unknown
     */
    public static LanguageCode ofCode(byte code) {
        return (code >= 0 && code < BY_CODE.length) ? BY_CODE[code] : OTHER;
    }

}
