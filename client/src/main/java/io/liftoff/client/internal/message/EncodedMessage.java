package io.liftoff.client.internal.message;

/**
 * A message ready for a SEND_MESSAGE request: header fields and body.
 *
 * @param uniqueId the client message id put in the {@code UNIQ_KEY} property; the send result's message id
 * @param properties the encoded property string (request header field {@code properties})
 * @param body the body to send, compressed when {@code sysFlag} has {@link SysFlag#COMPRESSED}; the message's
 * own array when not compressed (not copied)
 * @param sysFlag the request header's {@code sysFlag}
 * @param flag the message's user flag
 */
public record EncodedMessage(String uniqueId, String properties, byte[] body, int sysFlag, int flag) {

    /** @return whether the body is compressed */
    public boolean compressed() {
        return (this.sysFlag & SysFlag.COMPRESSED) != 0;
    }
}
