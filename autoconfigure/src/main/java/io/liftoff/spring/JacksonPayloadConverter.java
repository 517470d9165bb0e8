package io.liftoff.spring;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.converter.MessageConversionException;

/**
 * Writes payloads as JSON with a Jackson 3 {@link JsonMapper}, content type
 * {@value #CONTENT_TYPE}. The auto-configuration passes the application's mapper, the one
 * Spring Boot configured with {@code spring.jackson.*} and the application's modules.
 * Thread-safe.
 */
public class JacksonPayloadConverter implements MessagePayloadConverter {

    /** The content type of the bodies written: {@value}. */
    public static final String CONTENT_TYPE = "application/json";

    private final JsonMapper jsonMapper;

    /**
     * Creates a converter.
     * @param jsonMapper the mapper
     */
    public JacksonPayloadConverter(JsonMapper jsonMapper) {
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
    }

    /**
     * Writes the payload as JSON.
     * @param payload the payload
     * @return the JSON bytes (UTF-8) and {@value #CONTENT_TYPE}
     * @throws MessageConversionException when Jackson cannot write the payload
     */
    @Override
    public MessageBody convert(Object payload) {
        try {
            return new MessageBody(this.jsonMapper.writeValueAsBytes(payload), CONTENT_TYPE);
        }
        catch (JacksonException ex) {
            throw new MessageConversionException("Cannot write a payload of type " + payload.getClass().getName()
                    + " as JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    /**
     * Reads a JSON body.
     * @param <T> the type
     * @param body the body
     * @param contentType the content type the sender gave it (not checked: a body without
     * one is read as JSON too)
     * @param type the type to read
     * @return the object
     * @throws MessageConversionException when Jackson cannot read the body as
     * {@code type}
     */
    @Override
    public <T> T read(byte[] body, @Nullable String contentType, Class<T> type) {
        try {
            return this.jsonMapper.readValue(body, type);
        }
        catch (JacksonException ex) {
            throw new MessageConversionException("Cannot read a reply of " + body.length + " bytes as " + type.getName()
                    + " from JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    /**
     * @return the mapper
     */
    public JsonMapper getJsonMapper() {
        return this.jsonMapper;
    }

}
