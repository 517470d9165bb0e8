package io.liftoff.client.internal.send;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.Message;
import io.liftoff.client.ProducerListener.TransactionEvent;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.client.TransactionListener;
import io.liftoff.client.TransactionResult;
import io.liftoff.client.internal.message.StoredMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Transactional sends, as the official client's {@code sendMessageInTransaction}: the
 * half message goes as a sync send ({@link SendOperation}, retried as any), the local
 * transaction runs on the caller's thread once the broker stored it with {@code SEND_OK}
 * (any other status rolls it back unrun), and the decision goes oneway to the broker that
 * stored it. The caller waits until the decision is written, as with the official client,
 * so that a producer closed right after still tells the broker. Checks the broker sends
 * later are answered by {@link TransactionChecker}.
 */
final class TransactionalSender {

    private static final Logger logger = LoggerFactory.getLogger(TransactionalSender.class);

    private final SendContext context;

    private final SendPreparer preparer;

    private final String group;

    private final BrokerAddresses brokers;

    private final TransactionListeners listeners;

    /**
     * @param context what sends need
     * @param preparer prepares half messages
     * @param group the producer group on the wire
     * @param brokers brokers' master addresses, where decisions go
     * @param listeners remembers each undecided transaction's listener for its checks
     */
    TransactionalSender(SendContext context, SendPreparer preparer, String group, BrokerAddresses brokers,
            TransactionListeners listeners) {
        this.context = context;
        this.preparer = preparer;
        this.group = group;
        this.brokers = brokers;
        this.listeners = listeners;
    }

    TransactionResult send(Message message, TransactionListener listener, @Nullable Object arg) {
        Objects.requireNonNull(listener, "listener");
        LocalDecision.requireExecutes(listener);
        PreparedSend half = this.preparer.halfMessage(message, this.group);
        Duration timeout = this.context.options().sendTimeout();
        SendOperation operation = new SendOperation(this.context, half, SendMode.SYNC,
                this.context.options().retries() + 1, timeout.toNanos())
            .start();
        SendResult stored = Blocking.await(operation.result(), timeout);
        String messageId = stored.messageId();
        LocalDecision decision;
        if (stored.status() == SendStatus.SEND_OK) {
            this.listeners.sent(messageId, listener);
            decision = LocalDecision.execute(listener, message, stored, arg);
        }
        else {
            logger.info("Half message {} to topic '{}' was stored with {}: rolled back without running the local "
                    + "transaction", messageId, message.topic(), stored.status());
            decision = new LocalDecision(LocalTransactionState.ROLLBACK, null);
        }
        if (tellBroker(half, stored, decision, timeout) && decision.state() != LocalTransactionState.UNKNOWN) {
            this.listeners.decided(messageId);
        }
        if (this.context.hasListener()) {
            this.context.listener()
                .transactionEnded(new TransactionEvent(message.topic(), messageId, decision.state(), false));
        }
        return new TransactionResult(messageId, stored, decision.state(), decision.failure());
    }

    /**
     * Sends the decision oneway to the broker holding the half message and waits until it
     * is written. A decision that cannot be sent is logged: the broker asks the listener
     * later.
     * @return whether the decision was written
     */
    private boolean tellBroker(PreparedSend half, SendResult stored, LocalDecision decision, Duration timeout) {
        String broker = stored.queue().brokerName();
        String address = this.brokers.address(broker);
        String offsetMessageId = stored.offsetMessageId();
        if (address == null || offsetMessageId == null) {
            logger.warn("Decision {} of message {} to topic '{}' not sent: {}; broker '{}' will ask the listener later",
                    decision.state(), stored.messageId(), half.topic(),
                    (address == null) ? "no address of the broker" : "the broker's answer had no offset message id",
                    broker);
            return false;
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            EndTransaction end = new EndTransaction(this.group, half.wireTopic(), broker, stored.queueOffset(),
                    StoredMessageDecoder.commitLogOffset(offsetMessageId), stored.messageId(), stored.transactionId(),
                    decision.state(), false, decision.remark());
            this.context.transport().invokeOneway(address, end.request(), timeout.toMillis(), (response, failure) -> {
                if (failure != null) {
                    written.completeExceptionally(failure);
                }
                else {
                    written.complete(null);
                }
            });
            written.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return true;
        }
        catch (ExecutionException | TimeoutException | RuntimeException ex) {
            Throwable cause = (ex instanceof ExecutionException) ? Outcomes.unwrap(ex.getCause()) : ex;
            logger.warn(
                    "Decision {} of message {} to topic '{}' could not be sent to broker '{}' at {}: {}; the "
                            + "broker will ask the listener later",
                    decision.state(), stored.messageId(), half.topic(), broker, address, Outcomes.describe(cause));
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

}
