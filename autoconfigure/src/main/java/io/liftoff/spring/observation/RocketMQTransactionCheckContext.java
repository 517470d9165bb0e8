package io.liftoff.spring.observation;

import io.liftoff.client.HalfMessage;
import io.liftoff.client.LocalTransactionState;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@link RocketMQTransactionObservation#CHECK} observation: the broker
 * asking the application's checker what became of a half message. Its carrier is the half
 * message, so that a propagating tracing handler continues the trace whose context the
 * template wrote into the message's user properties.
 */
public class RocketMQTransactionCheckContext extends ReceiverContext<HalfMessage> {

    private final String producerGroup;

    private volatile @Nullable LocalTransactionState decision;

    /**
     * Creates a context.
     * @param message the half message the broker asks about
     * @param producerGroup the producer group
     */
    public RocketMQTransactionCheckContext(HalfMessage message, String producerGroup) {
        super((carrier, key) -> carrier.property(key), Kind.CONSUMER);
        setCarrier(message);
        setRemoteServiceName("RocketMQ");
        this.producerGroup = producerGroup;
    }

    /**
     * @return the half message the broker asks about
     */
    public HalfMessage getHalfMessage() {
        HalfMessage message = getCarrier();
        if (message == null) {
            throw new IllegalStateException("No half message");
        }
        return message;
    }

    /**
     * @return the producer group
     */
    public String getProducerGroup() {
        return this.producerGroup;
    }

    /**
     * @return the checker's answer; absent before it and when it threw
     */
    public @Nullable LocalTransactionState getDecision() {
        return this.decision;
    }

    /**
     * Records the checker's answer.
     * @param decision the answer
     */
    public void setDecision(@Nullable LocalTransactionState decision) {
        this.decision = decision;
    }

}
