package io.liftoff.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for {@link io.liftoff.spring.MessageTemplate} sends.
 * Define a bean of this type (or set one on the template) to change the observation's
 * name or key values; the default is
 * {@link RocketMQTemplateObservation.DefaultRocketMQTemplateObservationConvention}.
 */
public interface RocketMQTemplateObservationConvention extends ObservationConvention<RocketMQSenderContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof RocketMQSenderContext;
    }

    @Override
    default String getName() {
        return RocketMQTemplateObservation.NAME;
    }

}
