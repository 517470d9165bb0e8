package io.liftoff.client.internal.send;

/**
 * A message (or batch) encoded once, ready for any number of attempts.
 *
 * @param topic the topic as the user named it
 * @param wireTopic the topic on the wire (namespace applied)
 * @param messageId the client message id(s), comma-joined for a batch
 * @param properties the encoded properties as UTF-8
 * @param body the body as sent (compressed, or the batch encoding)
 * @param sysFlag the system flag
 * @param flag the user flag
 * @param batch whether this is a batch
 */
record PreparedSend(String topic, String wireTopic, String messageId, byte[] properties, byte[] body, int sysFlag,
        int flag, boolean batch) {

    int bodyLength() {
        return this.body.length;
    }
}
