package io.liftoff.spring.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of a {@link io.liftoff.spring.MessageTemplate} send, declared as data:
 * its name ({@value #NAME}), the key names it carries and its default convention. With a
 * tracer on the classpath each observation is a producer span, and its trace context
 * travels in the message's user properties (W3C {@code traceparent}).
 *
 * <p>
 * Low-cardinality keys (also tags of the {@code rocketmq.send} timer that Micrometer
 * derives): {@code messaging.system=rocketmq}, {@code messaging.operation=publish},
 * {@code messaging.destination.name} (the topic),
 * {@code messaging.destination.kind=topic}, {@code messaging.rocketmq.client_group} (the
 * producer group), {@code rocketmq.send.mode} (sync, async, oneway, orderly, batch) and
 * {@code rocketmq.template.name}. High-cardinality keys (spans only):
 * {@code messaging.message.id}, {@code messaging.rocketmq.message.tag},
 * {@code messaging.batch.message_count}.
 */
public enum RocketMQTemplateObservation implements ObservationDocumentation {

    /** One send of a {@link io.liftoff.spring.MessageTemplate}: a message, or a batch. */
    TEMPLATE_OBSERVATION {

        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultRocketMQTemplateObservationConvention.class;
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return TemplateLowCardinalityTags.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return TemplateHighCardinalityTags.values();
        }
    };

    /**
     * The observation's name, and the name of the timer Micrometer derives from it:
     * {@value}.
     */
    public static final String NAME = "rocketmq.send";

    /** Low-cardinality keys: tags of metrics and spans. */
    public enum TemplateLowCardinalityTags implements KeyName {

        /** The template's bean name. */
        BEAN_NAME {
            @Override
            public String asString() {
                return "rocketmq.template.name";
            }
        },

        /** Always {@code rocketmq}. */
        MESSAGING_SYSTEM {
            @Override
            public String asString() {
                return "messaging.system";
            }
        },

        /** Always {@code publish}. */
        MESSAGING_OPERATION {
            @Override
            public String asString() {
                return "messaging.operation";
            }
        },

        /** The topic, without namespace. */
        MESSAGING_DESTINATION_NAME {
            @Override
            public String asString() {
                return "messaging.destination.name";
            }
        },

        /** Always {@code topic}. */
        MESSAGING_DESTINATION_KIND {
            @Override
            public String asString() {
                return "messaging.destination.kind";
            }
        },

        /** The producer group. */
        PRODUCER_GROUP {
            @Override
            public String asString() {
                return "messaging.rocketmq.client_group";
            }
        },

        /** How the message was sent: sync, async, oneway, orderly or batch. */
        SEND_MODE {
            @Override
            public String asString() {
                return "rocketmq.send.mode";
            }
        }

    }

    /** High-cardinality keys: span attributes only. */
    public enum TemplateHighCardinalityTags implements KeyName {

        /**
         * The message id the broker answered ({@code UNIQ_KEY}; comma-joined ids for a
         * batch).
         */
        MESSAGE_ID {
            @Override
            public String asString() {
                return "messaging.message.id";
            }
        },

        /** The message's tag, when it has one. */
        MESSAGE_TAG {
            @Override
            public String asString() {
                return "messaging.rocketmq.message.tag";
            }
        },

        /** The number of messages of a batch. */
        BATCH_MESSAGE_COUNT {
            @Override
            public String asString() {
                return "messaging.batch.message_count";
            }
        }

    }

    /**
     * The default {@link RocketMQTemplateObservationConvention}: the keys above,
     * contextual (span) name {@code "<topic> send"}.
     */
    public static class DefaultRocketMQTemplateObservationConvention implements RocketMQTemplateObservationConvention {

        /** A shared instance. */
        public static final DefaultRocketMQTemplateObservationConvention INSTANCE = new DefaultRocketMQTemplateObservationConvention();

        @Override
        public KeyValues getLowCardinalityKeyValues(RocketMQSenderContext context) {
            return KeyValues.of(TemplateLowCardinalityTags.BEAN_NAME.withValue(context.getBeanName()),
                    TemplateLowCardinalityTags.MESSAGING_SYSTEM.withValue("rocketmq"),
                    TemplateLowCardinalityTags.MESSAGING_OPERATION.withValue("publish"),
                    TemplateLowCardinalityTags.MESSAGING_DESTINATION_NAME.withValue(context.getDestination()),
                    TemplateLowCardinalityTags.MESSAGING_DESTINATION_KIND.withValue("topic"),
                    TemplateLowCardinalityTags.PRODUCER_GROUP.withValue(context.getProducerGroup()),
                    TemplateLowCardinalityTags.SEND_MODE.withValue(context.getMode().tag()));
        }

        @Override
        public KeyValues getHighCardinalityKeyValues(RocketMQSenderContext context) {
            KeyValues values = KeyValues.empty();
            if (context.getSendResult() != null && context.getSendResult().messageId() != null) {
                values = values
                    .and(TemplateHighCardinalityTags.MESSAGE_ID.withValue(context.getSendResult().messageId()));
            }
            if (context.getMessageTag() != null) {
                values = values.and(TemplateHighCardinalityTags.MESSAGE_TAG.withValue(context.getMessageTag()));
            }
            if (context.getMessageCount() > 1 || context.getMode() == io.liftoff.client.SendMode.BATCH) {
                values = values.and(TemplateHighCardinalityTags.BATCH_MESSAGE_COUNT
                    .withValue(String.valueOf(context.getMessageCount())));
            }
            return values;
        }

        @Override
        public String getContextualName(RocketMQSenderContext context) {
            return context.getDestination() + " send";
        }

        @Override
        public String getName() {
            return NAME;
        }

    }

}
