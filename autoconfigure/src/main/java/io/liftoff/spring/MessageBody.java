package io.liftoff.spring;

import org.jspecify.annotations.Nullable;

/**
 * A payload converted for sending: the body bytes and the content type written into the
 * message's {@value RocketMQHeaders#CONTENT_TYPE} user property.
 *
 * @param bytes the body (not copied: do not change it afterwards)
 * @param contentType the MIME type, such as {@code application/json}; none to write no
 * content type
 */
public record MessageBody(byte[] bytes, @Nullable String contentType) {
}
