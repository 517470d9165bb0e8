package io.liftoff.spring;

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
