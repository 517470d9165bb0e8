package io.liftoff.autoconfigure.health;

import java.time.Duration;

import io.liftoff.autoconfigure.RocketMQAutoConfiguration;
import io.liftoff.autoconfigure.RocketMQConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** When the {@code rocketmq} health indicator is defined, with no RocketMQ running. */
class RocketMQHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RocketMQAutoConfiguration.class,
                RocketMQHealthContributorAutoConfiguration.class))
        .withPropertyValues("rocketmq.name-server=127.0.0.1:9876", "rocketmq.producer.group=health-test");

    @Test
    void theIndicatorIsNamedRocketmq() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(RocketMQHealthIndicator.class);
            assertThat(context).hasBean("rocketmqHealthIndicator");
        });
    }

    @Test
    void offWithTheManagementSwitch() {
        this.runner.withPropertyValues("management.health.rocketmq.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(RocketMQHealthIndicator.class));
    }

    @Test
    void offWithoutSpringBootHealth() {
        this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RocketMQHealthIndicator.class));
    }

    @Test
    void offWithoutProducer() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RocketMQAutoConfiguration.class,
                    RocketMQHealthContributorAutoConfiguration.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RocketMQHealthIndicator.class));
    }

    @Test
    void anApplicationIndicatorNamedRocketmqReplacesIt() {
        this.runner
            .withBean("rocketmqHealthIndicator", HealthIndicator.class,
                    () -> () -> org.springframework.boot.health.contributor.Health.up().build())
            .run((context) -> assertThat(context).doesNotHaveBean(RocketMQHealthIndicator.class));
    }

    @Test
    void aTimeoutThatIsNotPositiveIsReported() {
        this.runner.withPropertyValues("rocketmq.health.timeout=0s").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(RocketMQConfigurationException.class)
                .hasMessageContaining("rocketmq.health.timeout");
        });
        this.runner.withPropertyValues("rocketmq.health.timeout=250ms")
            .run((context) -> assertThat(context).getBean(RocketMQHealthIndicator.class).isNotNull());
        assertThat(RocketMQHealthIndicator.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(1));
    }

}
