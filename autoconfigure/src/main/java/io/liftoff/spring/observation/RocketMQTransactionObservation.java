package io.liftoff.spring.observation;

import java.util.Locale;

import io.liftoff.client.LocalTransactionState;
import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;
import org.jspecify.annotations.Nullable;

/**
 * The observations of transactional messages, declared as data: a
 * {@link io.liftoff.spring.MessageTemplate#sendInTransaction transactional send} (half
 * message, local transaction and decision: {@value #TRANSACTION_NAME}), and a broker's
 * check answered by the application's checker bean ({@value #CHECK_NAME}). Each has its
 * own name, so that the timers Micrometer derives keep one set of tags each.
 *
 * <p>
 * Low-cardinality keys of both: {@code messaging.system=rocketmq},
 * {@code messaging.destination.name} (the topic), {@code messaging.rocketmq.client_group}
 * and {@code rocketmq.transaction.decision} ({@code commit}, {@code rollback},
 * {@code unknown}, or {@code none} when the half message could not be sent or the checker
 * threw); a send also has {@code messaging.operation=publish} and
 * {@code rocketmq.template.name}, a check {@code messaging.operation=check}. The message
 * id is a high-cardinality key ({@code messaging.message.id}).
 */
public enum RocketMQTransactionObservation implements ObservationDocumentation {

    /** A transactional send of a {@link io.liftoff.spring.MessageTemplate}. */
    TRANSACTION {

        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultTransactionConvention.class;
        }

        @Override
        public String getName() {
            return TRANSACTION_NAME;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return lowCardinalityKeys(RocketMQTemplateObservation.TemplateLowCardinalityTags.BEAN_NAME);
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] { RocketMQTemplateObservation.TemplateHighCardinalityTags.MESSAGE_ID };
        }

    },

    /** A broker's check of a half message, answered by the application's checker bean. */
    CHECK {

        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultCheckConvention.class;
        }

        @Override
        public String getName() {
            return CHECK_NAME;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return lowCardinalityKeys();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] { RocketMQTemplateObservation.TemplateHighCardinalityTags.MESSAGE_ID };
        }

    };

    /** The name of a transactional send's observation and timer: {@value}. */
    public static final String TRANSACTION_NAME = "rocketmq.transaction";

    /** The name of a check's observation and timer: {@value}. */
    public static final String CHECK_NAME = "rocketmq.transaction.check";

    /** The key only transactions have. */
    public enum TransactionTags implements KeyName {

        /** The decision: commit, rollback, unknown, or none. */
        DECISION {
            @Override
            public String asString() {
                return "rocketmq.transaction.decision";
            }
        }

    }

    private static KeyName[] lowCardinalityKeys(KeyName... own) {
        KeyName[] common = { RocketMQTemplateObservation.TemplateLowCardinalityTags.MESSAGING_SYSTEM,
                RocketMQTemplateObservation.TemplateLowCardinalityTags.MESSAGING_OPERATION,
                RocketMQTemplateObservation.TemplateLowCardinalityTags.MESSAGING_DESTINATION_NAME,
                RocketMQTemplateObservation.TemplateLowCardinalityTags.PRODUCER_GROUP, TransactionTags.DECISION };
        KeyName[] keys = java.util.Arrays.copyOf(own, own.length + common.length);
        System.arraycopy(common, 0, keys, own.length, common.length);
        return keys;
    }

    static String decision(@Nullable LocalTransactionState decision) {
        return (decision != null) ? decision.name().toLowerCase(Locale.ROOT) : "none";
    }

    /**
     * The default convention of {@link #TRANSACTION}: contextual name
     * {@code "<topic> transaction"}.
     */
    public static class DefaultTransactionConvention implements ObservationConvention<RocketMQTransactionContext> {

        /** A shared instance. */
        public static final DefaultTransactionConvention INSTANCE = new DefaultTransactionConvention();

        @Override
        public KeyValues getLowCardinalityKeyValues(RocketMQTransactionContext context) {
            return KeyValues.of(
                    RocketMQTemplateObservation.TemplateLowCardinalityTags.BEAN_NAME.withValue(context.getBeanName()),
                    RocketMQTemplateObservation.TemplateLowCardinalityTags.MESSAGING_SYSTEM.withValue("rocketmq"),
                    RocketMQTemplateObservation.TemplateLowCardinalityTags.MESSAGING_OPERATION.withValue("publish"),
                    RocketMQTemplateObservation.TemplateLowCardinalityTags.MESSAGING_DESTINATION_NAME
                        .withValue(context.getDestination()),
                    RocketMQTemplateObservation.TemplateLowCardinalityTags.PRODUCER_GROUP
                        .withValue(context.getProducerGroup()),
                    TransactionTags.DECISION.withValue(decision(context.getDecision())));
        }

        @Override
        public KeyValues getHighCardinalityKeyValues(RocketMQTransactionContext context) {
            if (context.getSendResult() == null) {
                return KeyValues.empty();
            }
            return KeyValues.of(RocketMQTemplateObservation.TemplateHighCardinalityTags.MESSAGE_ID
                .withValue(context.getSendResult().messageId()));
        }

        @Override
        public String getContextualName(RocketMQTransactionContext context) {
            return context.getDestination() + " transaction";
        }

        @Override
        public String getName() {
            return TRANSACTION_NAME;
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof RocketMQTransactionContext;
        }

    }

    /**
     * The default convention of {@link #CHECK}: contextual name {@code "<topic> check"}.
     */
    public static class DefaultCheckConvention implements ObservationConvention<RocketMQTransactionCheckContext> {

        /** A shared instance. */
        public static final DefaultCheckConvention INSTANCE = new DefaultCheckConvention();

        @Override
        public KeyValues getLowCardinalityKeyValues(RocketMQTransactionCheckContext context) {
            return KeyValues.of(
                    RocketMQTemplateObservation.TemplateLowCardinalityTags.MESSAGING_SYSTEM.withValue("rocketmq"),
                    RocketMQTemplateObservation.TemplateLowCardinalityTags.MESSAGING_OPERATION.withValue("check"),
                    RocketMQTemplateObservation.TemplateLowCardinalityTags.MESSAGING_DESTINATION_NAME
                        .withValue(context.getHalfMessage().topic()),
                    RocketMQTemplateObservation.TemplateLowCardinalityTags.PRODUCER_GROUP
                        .withValue(context.getProducerGroup()),
                    TransactionTags.DECISION.withValue(decision(context.getDecision())));
        }

        @Override
        public KeyValues getHighCardinalityKeyValues(RocketMQTransactionCheckContext context) {
            return KeyValues.of(RocketMQTemplateObservation.TemplateHighCardinalityTags.MESSAGE_ID
                .withValue(context.getHalfMessage().messageId()));
        }

        @Override
        public String getContextualName(RocketMQTransactionCheckContext context) {
            return context.getHalfMessage().topic() + " check";
        }

        @Override
        public String getName() {
            return CHECK_NAME;
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof RocketMQTransactionCheckContext;
        }

    }

}
