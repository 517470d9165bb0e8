package io.liftoff.client.internal.message;

import java.util.List;

/**
 * A batch ready for a SEND_BATCH_MESSAGE request (header {@code batch=true},
 * {@code sysFlag} 0, {@code flag} 0).
 *
 * @param uniqueIds the inner messages' ids, comma-joined in batch order: the send
 * result's message id
 * @param uniqueIdList the inner messages' ids, in batch order
 * @param propertyBytes the batch's own properties as UTF-8 (only {@code WAIT}), for the
 * request header
 * @param body the concatenated records of the inner messages; never compressed
 */
public record EncodedBatch(String uniqueIds, List<String> uniqueIdList, byte[] propertyBytes, byte[] body) {

    /**
     * @return the batch's own property string, decoded from {@link #propertyBytes()}
     */
    public String properties() {
        return new String(this.propertyBytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
