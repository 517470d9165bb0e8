package io.liftoff.spring;

/**
 * A payload converted for sending: the body bytes and the content type written into the message's
 * {@value RocketMQHeaders#CONTENT_TYPE} user property.
 *
 * @param bytes the body (not copied: do not change it afterwards)
 * @param contentType the MIME type, such as {@code application/json}, or {@code null} to write none
 */
public record MessageBody(byte[] bytes, String contentType) {
}
