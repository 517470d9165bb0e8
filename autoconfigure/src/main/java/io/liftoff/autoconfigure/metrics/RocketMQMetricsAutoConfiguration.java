package io.liftoff.autoconfigure.metrics;

import io.liftoff.autoconfigure.RocketMQAutoConfiguration;
import io.liftoff.autoconfigure.RocketMQConfigurationException;
import io.liftoff.autoconfigure.RocketMQProperties;
import io.liftoff.client.Producer;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Records the auto-configured producer's sends, attempts, message sizes, route refreshes,
 * broker isolation and latency, and sends in flight as Micrometer meters
 * ({@link MicrometerProducerListener}), when Micrometer and a {@link MeterRegistry} bean
 * (Spring Boot Actuator's) are present. The listener is a
 * {@link io.liftoff.client.ProducerListener} bean, so it hears the producer the starter
 * builds; an application-defined {@link Producer} has to be given it.
 */
@AutoConfiguration(after = RocketMQAutoConfiguration.class,
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, Producer.class })
@ConditionalOnBean({ MeterRegistry.class, Producer.class, RocketMQProperties.class })
public final class RocketMQMetricsAutoConfiguration {

    RocketMQMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MicrometerProducerListener rocketMQMetricsListener(MeterRegistry registry, ObjectProvider<Producer> producer,
            RocketMQProperties properties) {
        int maxTopics = properties.getMetrics().getMaxTopics();
        if (maxTopics < 1) {
            throw new RocketMQConfigurationException("rocketmq.metrics.max-topics", String.valueOf(maxTopics),
                    "must be at least 1",
                    "Update rocketmq.metrics.max-topics in your configuration to a whole number "
                            + "of at least 1, such as " + MicrometerProducerListener.DEFAULT_MAX_TOPICS
                            + " (the default).");
        }
        // The producer is built with this listener, so it is looked up when a gauge is
        // first read.
        return new MicrometerProducerListener(registry, () -> producer.getObject().snapshot(), maxTopics);
    }

}
