package io.liftoff.client.internal.message;

/**
 * A message ready for a SEND_MESSAGE request: header fields and body.
 *
 * @param uniqueId the client message id put in the {@code UNIQ_KEY} property; the send
 * result's message id
 * @param propertyBytes the encoded properties as UTF-8 (request header field
 * {@code properties})
 * @param body the message's own body array (not copied, not compressed; see
 * {@link MessageEncoder#compressInto})
 * @param sysFlag the request header's {@code sysFlag} before any compression
 * @param flag the message's user flag
 */
public record EncodedMessage(String uniqueId, byte[] propertyBytes, byte[] body, int sysFlag, int flag) {

    /**
     * @return the property string, decoded from {@link #propertyBytes()} (for tests and
     * logs)
     */
    public String properties() {
        return new String(this.propertyBytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
