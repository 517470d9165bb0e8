package io.liftoff.client.internal.recall;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.liftoff.client.InvalidMessageException;
import org.jspecify.annotations.Nullable;

/**
 * A broker's recall handle, read as the broker's {@code RecallMessageHandle} writes it:
 * Base64 (URL alphabet) of {@code "v1 <topic> <brokerName> <deliveryMs> <messageId>"},
 * the topic as on the wire. Only the broker name and topic matter to the client: the
 * first says where to send the recall, the second is checked against the caller's.
 *
 * @param topic the message's topic, as on the wire
 * @param brokerName the broker that holds the message
 * @param deliveryMillis when the message is due, in epoch milliseconds (as the handle
 * says)
 * @param messageId the message's client id
 */
public record RecallHandle(String topic, String brokerName, String deliveryMillis, String messageId) {

    /**
     * Reads a handle.
     * @param handle the handle from a {@link io.liftoff.client.SendResult}
     * @return its parts
     * @throws InvalidMessageException when it is absent or not a handle this client reads
     */
    public static RecallHandle decode(@Nullable String handle) {
        if (handle == null || handle.isBlank()) {
            throw new InvalidMessageException("Recall handle is missing: only a timer message (sent with "
                    + "deliveryDelay or deliverAt) gets one in its SendResult; a message with a delay level, a batch "
                    + "or a message due at once cannot be recalled");
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidMessageException(
                    "Recall handle '" + handle + "' is not Base64: pass SendResult.recallHandle() as it is");
        }
        String[] parts = text.split(" ");
        if (parts.length != 5 || !"v1".equals(parts[0])) {
            throw new InvalidMessageException("Recall handle '" + handle
                    + "' is not a v1 handle (\"v1 topic broker time id\"): pass SendResult.recallHandle() as it is");
        }
        return new RecallHandle(parts[1], parts[2], parts[3], parts[4]);
    }

}
