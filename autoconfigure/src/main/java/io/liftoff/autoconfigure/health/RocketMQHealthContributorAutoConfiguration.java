package io.liftoff.autoconfigure.health;

import java.time.Duration;

import io.liftoff.autoconfigure.RocketMQAutoConfiguration;
import io.liftoff.autoconfigure.RocketMQConfigurationException;
import io.liftoff.autoconfigure.RocketMQProperties;
import io.liftoff.client.Producer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Adds the {@code rocketmq} health indicator ({@link RocketMQHealthIndicator}) for the
 * application's {@link Producer}, when Spring Boot's health module
 * ({@code spring-boot-health}, part of the actuator starter) is on the classpath. Off
 * with {@code management.health.rocketmq.enabled=false}; the check's timeout is
 * {@code rocketmq.health.timeout}. Backs off when the application defines a bean named
 * {@code rocketmqHealthIndicator} or {@code rocketmqHealthContributor}.
 */
@AutoConfiguration(after = RocketMQAutoConfiguration.class,
        afterName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, Producer.class })
@ConditionalOnSingleCandidate(Producer.class)
@ConditionalOnBean(RocketMQProperties.class)
@ConditionalOnEnabledHealthIndicator("rocketmq")
public final class RocketMQHealthContributorAutoConfiguration {

    RocketMQHealthContributorAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = { "rocketmqHealthIndicator", "rocketmqHealthContributor" })
    RocketMQHealthIndicator rocketmqHealthIndicator(Producer producer, RocketMQProperties properties) {
        Duration timeout = properties.getHealth().getTimeout();
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new RocketMQConfigurationException("rocketmq.health.timeout", String.valueOf(timeout),
                    "must be a positive duration", "Update rocketmq.health.timeout in your configuration to a "
                            + "positive duration, such as 1s (the default) or 500ms.");
        }
        return new RocketMQHealthIndicator(producer, timeout);
    }

}
