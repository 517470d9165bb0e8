package io.liftoff.autoconfigure;

import io.liftoff.client.ProducerBuilder;

/**
 * Adjusts the auto-configured producer's builder after the {@code rocketmq.*} properties
 * were applied and before the producer is built, for settings that have no property (a
 * callback executor, a clock, retried response codes). Beans of this type are applied in
 * {@link org.springframework.core.annotation.Order order}. To observe the producer,
 * define a {@link io.liftoff.client.ProducerListener} bean instead of setting a listener
 * here: every listener bean is combined into the producer's one listener, which a
 * customizer's {@link ProducerBuilder#listener} call would replace.
 */
@FunctionalInterface
public interface ProducerCustomizer {

    /**
     * Customizes the builder.
     * @param builder the builder, already configured from the properties
     */
    void customize(ProducerBuilder builder);

}
