package io.liftoff.client;

/**
 * What a broker answered to a successful send.
 *
 * @param status how the message was stored
 * @param messageId the client message id ({@code UNIQ_KEY}) that consoles and consumers show; for a batch,
 *        the ids of its messages joined by commas
 * @param offsetMessageId the broker's id (store address and commit-log offset); comma-joined for a batch
 * @param queue the queue written (topic without namespace, the broker targeted, the queue the broker chose)
 * @param queueOffset the message's offset in that queue; for a batch, the first message's
 * @param transactionId the transaction id the broker returned, or {@code null}
 * @param regionId the broker's region, or {@code null}
 */
public record SendResult(SendStatus status, String messageId, String offsetMessageId, MessageQueue queue,
        long queueOffset, String transactionId, String regionId) {
}
