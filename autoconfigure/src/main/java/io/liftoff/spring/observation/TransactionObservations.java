package io.liftoff.spring.observation;

import java.util.function.Function;
import java.util.function.Supplier;

import io.liftoff.client.Message;
import io.liftoff.client.TransactionResult;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Runs a transactional send as a {@link RocketMQTransactionObservation#TRANSACTION}
 * observation: the trace context is written into the half message before it is built, the
 * decision and message id are recorded, and what the send or the local transaction threw
 * is the observation's error.
 */
public final class TransactionObservations {

    private TransactionObservations() {
    }

    /**
     * Observes a transactional send.
     * @param registry the registry, not the no-op one
     * @param message the half message, not built yet
     * @param beanName the template's bean name
     * @param producerGroup the producer group
     * @param send sends the built message in a transaction; may throw
     * @param localFailure what the local transaction threw when the listener kept it
     * rather than handing it to the producer, read after {@code send}
     * @return what {@code send} returned
     */
    public static TransactionResult observe(ObservationRegistry registry, Message.Builder message, String beanName,
            String producerGroup, Function<Message, TransactionResult> send,
            Supplier<@Nullable Throwable> localFailure) {
        Message peek = message.build();
        RocketMQTransactionContext context = new RocketMQTransactionContext(message, peek.topic(), peek.tag(), beanName,
                producerGroup);
        Observation observation = RocketMQTransactionObservation.TRANSACTION.observation(null,
                RocketMQTransactionObservation.DefaultTransactionConvention.INSTANCE, () -> context, registry);
        return observation.observe(() -> {
            TransactionResult result = send.apply(message.build());
            context.setSendResult(result.halfResult());
            context.setDecision(result.decision());
            Throwable failure = (result.localFailure() != null) ? result.localFailure() : localFailure.get();
            if (failure != null) {
                observation.error(failure);
            }
            return result;
        });
    }

}
