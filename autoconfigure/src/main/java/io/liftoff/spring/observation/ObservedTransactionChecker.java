package io.liftoff.spring.observation;

import java.util.function.Supplier;

import io.liftoff.client.HalfMessage;
import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.Message;
import io.liftoff.client.SendResult;
import io.liftoff.client.TransactionListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A checker whose answers to the broker's checks are
 * {@link RocketMQTransactionObservation#CHECK rocketmq.transaction.check} observations;
 * local transactions are handed on unobserved (a checker is not given to
 * {@code sendInTransaction}).
 */
public final class ObservedTransactionChecker implements TransactionListener {

    private final TransactionListener checker;

    private final Supplier<ObservationRegistry> registry;

    private final String producerGroup;

    /**
     * Observes a checker.
     * @param checker the application's checker
     * @param registry the registry, looked up at each check (the no-op one observes
     * nothing)
     * @param producerGroup the producer group whose checks it answers
     */
    public ObservedTransactionChecker(TransactionListener checker, Supplier<ObservationRegistry> registry,
            String producerGroup) {
        this.checker = checker;
        this.registry = registry;
        this.producerGroup = producerGroup;
    }

    @Override
    public LocalTransactionState executeLocalTransaction(Message message, SendResult halfResult, @Nullable Object arg) {
        return this.checker.executeLocalTransaction(message, halfResult, arg);
    }

    @Override
    public LocalTransactionState checkLocalTransaction(HalfMessage message) {
        ObservationRegistry registry = this.registry.get();
        if (registry.isNoop()) {
            return this.checker.checkLocalTransaction(message);
        }
        RocketMQTransactionCheckContext context = new RocketMQTransactionCheckContext(message, this.producerGroup);
        Observation observation = RocketMQTransactionObservation.CHECK.observation(null,
                RocketMQTransactionObservation.DefaultCheckConvention.INSTANCE, () -> context, registry);
        return observation.observe(() -> {
            LocalTransactionState decision = this.checker.checkLocalTransaction(message);
            context.setDecision(decision);
            return decision;
        });
    }

    /**
     * @return the checker observed
     */
    public TransactionListener checker() {
        return this.checker;
    }

    @Override
    public String toString() {
        return "Observed[" + this.checker + "]";
    }

}
