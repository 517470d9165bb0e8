package io.liftoff.spring.observation;

import java.util.List;

import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.Message;
import io.liftoff.client.SendMode;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@link RocketMQTransactionObservation#TRANSACTION} observation: a
 * {@link RocketMQSenderContext} of the half message (its trace context is written into
 * the message, so that consumers and the broker's checks continue the trace), and, once
 * sent, the decision sent to the broker.
 */
public class RocketMQTransactionContext extends RocketMQSenderContext {

    private volatile @Nullable LocalTransactionState decision;

    /**
     * Creates a context.
     * @param message the half message being built
     * @param destination the topic
     * @param messageTag the message's tag, if it has one
     * @param beanName the template's bean name
     * @param producerGroup the producer group
     */
    public RocketMQTransactionContext(Message.Builder message, String destination, @Nullable String messageTag,
            String beanName, String producerGroup) {
        super(List.of(message), destination, messageTag, SendMode.SYNC, beanName, producerGroup);
    }

    /**
     * @return the decision sent to the broker; absent before it, and when the half
     * message could not be sent
     */
    public @Nullable LocalTransactionState getDecision() {
        return this.decision;
    }

    /**
     * Records the decision sent to the broker.
     * @param decision the decision
     */
    public void setDecision(@Nullable LocalTransactionState decision) {
        this.decision = decision;
    }

}
