package io.liftoff.spring;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.converter.MessageConversionException;

/**
 * Turns a payload that is neither {@code byte[]} nor {@code String} into a message body.
 * {@link MessageTemplate} always sends {@code byte[]} as is and {@code String} as UTF-8;
 * everything else goes through this converter, JSON by default
 * ({@link JacksonPayloadConverter}). Define a bean of this type to use another format
 * (Avro, Protobuf, XML): the auto-configuration then uses it instead.
 */
@FunctionalInterface
public interface MessagePayloadConverter {

    /**
     * Converts a payload.
     * @param payload the payload, neither {@code byte[]} nor {@code String}
     * @return the body and its content type
     * @throws MessageConversionException when the payload cannot be converted
     */
    MessageBody convert(Object payload);

    /**
     * Reads a body back into an object: the reply of
     * {@link MessageOperations#sendAndReceive(String, Object, Class, java.time.Duration)}.
     * {@link MessageTemplate} reads {@code byte[]} and {@code String} replies itself; by
     * default other types cannot be read.
     * @param <T> the type
     * @param body the body
     * @param contentType the content type the sender gave it, if any
     * @param type the type to read
     * @return the object
     * @throws MessageConversionException when the body cannot be read as {@code type}
     */
    default <T> T read(byte[] body, @Nullable String contentType, Class<T> type) {
        throw new MessageConversionException("Cannot read a reply as " + type.getName() + " with "
                + getClass().getName() + ": read it as byte[] or String, or use a converter that reads "
                + "(JacksonPayloadConverter reads JSON)");
    }

    /**
     * Returns a converter that converts nothing, for applications without a JSON library:
     * sending an object then fails with a message saying what to add.
     * @return the converter
     */
    static MessagePayloadConverter unsupported() {
        return (payload) -> {
            throw new MessageConversionException("Cannot send a payload of type " + payload.getClass().getName()
                    + ": only byte[] and String are sent without a converter. Add Jackson "
                    + "(spring-boot-starter-jackson) to send objects as JSON, or define a MessagePayloadConverter "
                    + "bean.");
        };
    }

}
