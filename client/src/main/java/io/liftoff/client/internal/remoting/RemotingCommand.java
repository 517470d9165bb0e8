package io.liftoff.client.internal.remoting;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One remoting frame: a request or a response, with its header fields and raw body.
 * Immutable; the {@code extFields} map and {@code body} array are never modified once a
 * command is built.
 *
 * @param code request code (requests) or response code (responses)
 * @param language the sender's language
 * @param version the sender's MQVersion ordinal
 * @param opaque the request id; a response echoes it
 * @param flag bit 0 set on responses, bit 1 on oneway requests
 * @param remark error text
 * @param extFields the custom header, every value a string; empty when built without one
 * @param body the raw body
 * @param pooledBody a request body in a pooled buffer, sent in place of {@code body};
 * owned by the request's sender, who releases it once the request has completed
 */
public record RemotingCommand(int code, LanguageCode language, int version, int opaque, int flag,
        @Nullable String remark, Map<String, String> extFields, byte @Nullable [] body,
        @Nullable PooledBody pooledBody) {

    /** Flag bit of a response. */
    public static final int FLAG_RESPONSE = 1;

    /** Flag bit of a oneway request (no answer). */
    public static final int FLAG_ONEWAY = 1 << 1;

    /** The version Liftoff announces: the MQVersion ordinal of 5.3.3. */
    public static final int VERSION = 479;

    /**
     * Validates the components.
     * @param code request code (requests) or response code (responses)
     * @param language the sender's language
     * @param version the sender's MQVersion ordinal
     * @param opaque the request id; a response echoes it
     * @param flag bit 0 set on responses, bit 1 on oneway requests
     * @param remark error text
     * @param extFields the custom header, every value a string; empty when built without
     * one
     * @param body the raw body
     * @param pooledBody a request body in a pooled buffer, sent in place of {@code body};
     * owned by the request's sender, who releases it once the request has completed
     */
    public RemotingCommand {
        Objects.requireNonNull(language, "language");
        extFields = (extFields != null) ? extFields : Collections.emptyMap();
        if (body != null && pooledBody != null) {
            throw new IllegalArgumentException("A command has a body array or a pooled body, not both");
        }
    }

    /**
     * Creates a command whose body, if any, is an array: every answer, and most requests.
     * @param code the request or response code
     * @param language the sender's language
     * @param version the sender's version
     * @param opaque the request id
     * @param flag the flag bits
     * @param remark a remark
     * @param extFields the custom header; absent for an empty one
     * @param body the body
     */
    public RemotingCommand(int code, LanguageCode language, int version, int opaque, int flag, @Nullable String remark,
            @Nullable Map<String, String> extFields, byte @Nullable [] body) {
        this(code, language, version, opaque, flag, remark, extFields, body, null);
    }

    /**
     * Creates a request from Java with the current version and opaque 0 (the client
     * assigns one on send).
     * @param code the request code
     * @param extFields the custom header
     * @param body the body
     * @return the request
     */
    public static RemotingCommand request(int code, Map<String, String> extFields, byte @Nullable [] body) {
        return new RemotingCommand(code, LanguageCode.JAVA, VERSION, 0, 0, null, extFields, body);
    }

    /**
     * Creates a response to a request.
     * @param code the response code
     * @param opaque the request's opaque
     * @param remark a remark
     * @return the response
     */
    public static RemotingCommand response(int code, int opaque, @Nullable String remark) {
        return new RemotingCommand(code, LanguageCode.JAVA, VERSION, opaque, FLAG_RESPONSE, remark, null, null);
    }

    /**
     * Returns a copy with another request id.
     * @param newOpaque the request id
     * @return the copy
     */
    public RemotingCommand withOpaque(int newOpaque) {
        return new RemotingCommand(this.code, this.language, this.version, newOpaque, this.flag, this.remark,
                this.extFields, this.body, this.pooledBody);
    }

    /**
     * Returns a copy marked oneway, with a request id.
     * @param newOpaque the request id
     * @return the copy
     */
    public RemotingCommand asOneway(int newOpaque) {
        return new RemotingCommand(this.code, this.language, this.version, newOpaque, this.flag | FLAG_ONEWAY,
                this.remark, this.extFields, this.body, this.pooledBody);
    }

    /**
     * @return whether this frame is a response
     */
    public boolean isResponse() {
        return (this.flag & FLAG_RESPONSE) != 0;
    }

    /**
     * @return whether this frame is a oneway request
     */
    public boolean isOneway() {
        return (this.flag & FLAG_ONEWAY) != 0;
    }

    /**
     * Returns one custom header field.
     * @param name the field name
     * @return its value; absent when the header has no such field
     */
    public @Nullable String ext(String name) {
        return this.extFields.get(name);
    }

    /**
     * Returns one custom header field as a number, without making a string of it when the
     * reader kept it as one.
     * @param name the field name
     * @param absent what to return when the field is missing
     * @return its value
     * @throws NumberFormatException if the value is not a decimal long
     */
    public long extLong(String name, long absent) {
        Object value = (this.extFields instanceof CustomHeader fields) ? fields.rawValue(name)
                : this.extFields.get(name);
        if (value == null) {
            return absent;
        }
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof byte[] utf8) {
            return Long.parseLong(new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
        }
        return Long.parseLong((String) value);
    }

    /**
     * @return the body length, 0 when there is none
     */
    public int bodyLength() {
        if (this.pooledBody != null) {
            return this.pooledBody.length();
        }
        return (this.body != null) ? this.body.length : 0;
    }

    @Override
    public String toString() {
        return "RemotingCommand[code=" + this.code + ", language=" + this.language + ", version=" + this.version
                + ", opaque=" + this.opaque + ", flag=" + this.flag + ", remark=" + this.remark + ", extFields="
                + this.extFields + ", body=" + bodyLength() + " bytes]";
    }
}
