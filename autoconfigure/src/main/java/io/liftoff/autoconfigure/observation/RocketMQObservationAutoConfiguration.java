package io.liftoff.autoconfigure.observation;

import io.liftoff.autoconfigure.MessageTemplateCustomizer;
import io.liftoff.autoconfigure.RocketMQAutoConfiguration;
import io.liftoff.spring.MessageTemplate;
import io.liftoff.spring.observation.RocketMQTemplateObservation;
import io.liftoff.spring.observation.RocketMQTemplateObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Observes the auto-configured {@link MessageTemplate}'s sends with the application's
 * {@link ObservationRegistry} (which Spring Boot Actuator defines): each send is a
 * {@link RocketMQTemplateObservation#TEMPLATE_OBSERVATION rocketmq.send} observation, a
 * producer span with a tracer on the classpath, whose W3C trace context is written into
 * the message's user properties. A {@link RocketMQTemplateObservationConvention} bean
 * replaces the default convention. Off with
 * {@code rocketmq.template.observation-enabled=false}.
 */
@AutoConfiguration(after = RocketMQAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, MessageTemplate.class })
@ConditionalOnBean({ ObservationRegistry.class, MessageTemplate.class })
@ConditionalOnBooleanProperty(name = "rocketmq.template.observation-enabled", matchIfMissing = true)
public final class RocketMQObservationAutoConfiguration {

    RocketMQObservationAutoConfiguration() {
    }

    @Bean
    MessageTemplateCustomizer rocketMQTemplateObservationCustomizer(ObjectProvider<ObservationRegistry> registry,
            ObjectProvider<RocketMQTemplateObservationConvention> convention) {
        return (template) -> {
            template.setObservationRegistry(registry.getIfUnique(() -> ObservationRegistry.NOOP));
            template.setObservationConvention(convention.getIfUnique());
        };
    }

}
