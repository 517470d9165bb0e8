package io.liftoff.autoconfigure.endpoint;

import java.time.Duration;
import java.util.List;

import io.liftoff.autoconfigure.ProducerLifecycle;
import io.liftoff.autoconfigure.RocketMQAutoConfiguration;
import io.liftoff.autoconfigure.RocketMQConnectionDetails;
import io.liftoff.autoconfigure.RocketMQProperties;
import io.liftoff.client.Producer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code rocketmq} actuator endpoint ({@link RocketMQEndpoint}) and the per-queue
 * send counts it shows, when the endpoint is available (exposed, for example with
 * {@code management.endpoints.web.exposure.include=health,rocketmq}); and, whenever
 * Spring Boot Actuator is on the classpath, a {@link SanitizingFunction} that masks
 * RocketMQ credentials in {@code /actuator/env} and {@code /actuator/configprops}.
 */
@AutoConfiguration(after = RocketMQAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class, Producer.class })
public final class RocketMQEndpointAutoConfiguration {

    RocketMQEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    RocketMQCredentialsSanitizingFunction rocketMQCredentialsSanitizingFunction() {
        return new RocketMQCredentialsSanitizingFunction();
    }

    /** The endpoint, for the application's one producer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(RocketMQEndpoint.class)
    @ConditionalOnSingleCandidate(Producer.class)
    @ConditionalOnBean(RocketMQProperties.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        QueueSendCounts rocketMQQueueSendCounts() {
            return new QueueSendCounts();
        }

        @Bean
        @ConditionalOnMissingBean
        RocketMQEndpoint rocketMQEndpoint(Producer producer, RocketMQProperties properties,
                ObjectProvider<RocketMQConnectionDetails> connectionDetails, ObjectProvider<QueueSendCounts> counts,
                ObjectProvider<ProducerLifecycle> lifecycle) {
            RocketMQConnectionDetails details = connectionDetails.getIfUnique();
            List<String> nameServers = (details != null) ? details.getNameServers()
                    : producer.snapshot().nameServers().stream().map((state) -> state.address()).toList();
            Duration requestTimeout = properties.getProducer().getRoute().getRequestTimeout();
            boolean positive = requestTimeout != null && !requestTimeout.isNegative() && !requestTimeout.isZero();
            Duration refreshTimeout = positive ? requestTimeout.multipliedBy(2) : Duration.ofSeconds(6);
            return new RocketMQEndpoint(producer, properties, nameServers, lifecycle.getIfAvailable() != null,
                    counts.getIfUnique(), refreshTimeout);
        }

    }

}
