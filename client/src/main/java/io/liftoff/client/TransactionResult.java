package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * What became of a transactional send: the half message the broker stored, and the
 * decision sent to the broker for it.
 *
 * @param messageId the client message id ({@code UNIQ_KEY}), which consumers see once the
 * message is committed; checks of this transaction name it in
 * {@link HalfMessage#messageId()}
 * @param halfResult the broker's answer to the half message
 * @param decision the decision sent to the broker: the local transaction's outcome;
 * {@link LocalTransactionState#ROLLBACK} without running the local transaction when the
 * half message was stored without {@link SendStatus#SEND_OK}; and
 * {@link LocalTransactionState#UNKNOWN} when the local transaction threw or returned
 * nothing (the broker then asks the listener later)
 * @param localFailure what the local transaction threw, if it threw
 */
public record TransactionResult(String messageId, SendResult halfResult, LocalTransactionState decision,
        @Nullable Throwable localFailure) {
}
