package io.liftoff.client.internal.send;

import io.liftoff.client.internal.remoting.PooledBody;
import org.jspecify.annotations.Nullable;

/**
 * A message (or batch) encoded once, ready for any number of attempts.
 *
 * @param topic the topic as the user named it
 * @param wireTopic the topic on the wire (namespace applied)
 * @param messageId the client message id(s), comma-joined for a batch
 * @param properties the encoded properties as UTF-8
 * @param body the body as sent (the message's own, or the batch encoding); none when
 * {@code pooledBody} holds it
 * @param pooledBody the compressed body in a pooled buffer, if compressed;
 * {@link #release()} gives it back
 * @param sysFlag the system flag
 * @param flag the user flag
 * @param batch whether this is a batch
 */
public record PreparedSend(String topic, String wireTopic, String messageId, byte[] properties, byte @Nullable [] body,
        @Nullable PooledBody pooledBody, int sysFlag, int flag, boolean batch) {

    /**
     * @return the body's length in bytes, compressed or not
     */
    public int bodyLength() {
        return (this.pooledBody != null) ? this.pooledBody.length() : this.body.length;
    }

    /**
     * Gives back the pooled body, if any: called once, when no attempt will be made or is
     * still in flight.
     */
    public void release() {
        if (this.pooledBody != null) {
            this.pooledBody.release();
        }
    }
}
