package io.liftoff.autoconfigure.metrics;

import io.liftoff.autoconfigure.RocketMQAutoConfiguration;
import io.liftoff.client.Producer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the metrics listener is defined and given to the producer, with no RocketMQ
 * running.
 */
class RocketMQMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(RocketMQAutoConfiguration.class, RocketMQMetricsAutoConfiguration.class))
        .withPropertyValues("rocketmq.name-server=127.0.0.1:9876", "rocketmq.producer.group=metrics-test");

    @Test
    void withAMeterRegistryTheProducerIsMetered() {
        this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
            assertThat(context).hasSingleBean(MicrometerProducerListener.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("rocketmq.producer.inflight.requests").gauge().value()).isZero();
            context.getBean(Producer.class).refreshRoutes().get();
            assertThat(registry.get("rocketmq.producer.route.refresh").tag("outcome", "success").timer().count())
                .isEqualTo(1);
        });
    }

    @Test
    void withoutAMeterRegistryNothingIsMetered() {
        this.runner
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerProducerListener.class));
    }

    @Test
    void withoutMicrometerNothingIsMetered() {
        this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerProducerListener.class));
    }

    @Test
    void theTopicLimitIsAProperty() {
        this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("rocketmq.metrics.max-topics=0")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("rocketmq.metrics.max-topics");
            });
    }

}
