package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * What a broker answered to a successful send.
 *
 * @param status how the message was stored
 * @param messageId the client message id ({@code UNIQ_KEY}) that consoles and consumers
 * show; for a batch, the ids of its messages joined by commas
 * @param offsetMessageId the broker's id (store address and commit-log offset);
 * comma-joined for a batch; absent when the broker's answer did not carry it, or when an
 * automatically batched send cannot tell which of the batch's ids is its own
 * @param queue the queue written (topic without namespace, the broker targeted, the queue
 * the broker chose)
 * @param queueOffset the message's offset in that queue; for a batch, the first message's
 * @param transactionId the transaction id the broker returned, if it returned one
 * @param regionId the broker's region, if it named one
 * @param recallHandle the handle that {@link Producer#recall(String, String)} takes to
 * cancel the message before it is delivered; only a timer message (sent with
 * {@link Message#deliveryDelay()} or {@link Message#deliverAt()}, to a 5.3.2+ broker)
 * gets one, never a message with a delay level, a batch or a message due at once
 */
public record SendResult(SendStatus status, String messageId, @Nullable String offsetMessageId, MessageQueue queue,
        long queueOffset, @Nullable String transactionId, @Nullable String regionId, @Nullable String recallHandle) {

    /**
     * Creates a result without recall handle.
     * @param status how the message was stored
     * @param messageId the client message id
     * @param offsetMessageId the broker's id, if known
     * @param queue the queue written
     * @param queueOffset the message's offset in that queue
     * @param transactionId the transaction id, if any
     * @param regionId the broker's region, if named
     */
    public SendResult(SendStatus status, String messageId, @Nullable String offsetMessageId, MessageQueue queue,
            long queueOffset, @Nullable String transactionId, @Nullable String regionId) {
        this(status, messageId, offsetMessageId, queue, queueOffset, transactionId, regionId, null);
    }

}
