package io.liftoff.client.internal.send;

import java.util.HashMap;
import java.util.Map;

import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.internal.message.SysFlag;
import io.liftoff.client.internal.remoting.LanguageCode;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;
import org.jspecify.annotations.Nullable;

/**
 * One {@code END_TRANSACTION} request: a transaction's decision, told to the broker that
 * holds its half message, with the header fields of the official client's
 * {@code EndTransactionRequestHeader}. The broker finds the half message by
 * {@code commitLogOffset} and checks it against the group and queue offset; a decision of
 * {@link LocalTransactionState#UNKNOWN} leaves it to be checked later.
 *
 * @param producerGroup the producer group on the wire (the half message's {@code PGROUP})
 * @param topic the topic on the wire (when answering a check: as the check named it)
 * @param brokerName the broker holding the half message
 * @param tranStateTableOffset the half message's queue offset
 * @param commitLogOffset the half message's commit-log offset
 * @param messageId the client message id ({@code UNIQ_KEY})
 * @param transactionId the transaction id, if known
 * @param decision the decision
 * @param fromCheck whether this answers the broker's check
 * @param remark why the decision is unknown, when the local transaction threw
 */
record EndTransaction(String producerGroup, String topic, String brokerName, long tranStateTableOffset,
        long commitLogOffset, String messageId, @Nullable String transactionId, LocalTransactionState decision,
        boolean fromCheck, @Nullable String remark) {

    /**
     * @return the request, to be sent oneway (the broker answers none)
     */
    RemotingCommand request() {
        Map<String, String> fields = new HashMap<>(16);
        fields.put("producerGroup", this.producerGroup);
        fields.put("topic", this.topic);
        fields.put("bname", this.brokerName);
        fields.put("tranStateTableOffset", Long.toString(this.tranStateTableOffset));
        fields.put("commitLogOffset", Long.toString(this.commitLogOffset));
        fields.put("commitOrRollback", Integer.toString(commitOrRollback(this.decision)));
        fields.put("fromTransactionCheck", this.fromCheck ? "true" : "false");
        fields.put("msgId", this.messageId);
        if (this.transactionId != null) {
            fields.put("transactionId", this.transactionId);
        }
        return new RemotingCommand(RequestCode.END_TRANSACTION, LanguageCode.JAVA, RemotingCommand.VERSION, 0, 0,
                this.remark, fields, null);
    }

    /**
     * The {@code commitOrRollback} value of a decision: the transaction type bits of
     * {@code sysFlag}.
     * @param decision the decision
     * @return 8 to commit, 12 to roll back, 0 for unknown
     */
    static int commitOrRollback(LocalTransactionState decision) {
        return switch (decision) {
            case COMMIT -> SysFlag.TRANSACTION_COMMIT;
            case ROLLBACK -> SysFlag.TRANSACTION_ROLLBACK;
            case UNKNOWN -> 0;
        };
    }

}
