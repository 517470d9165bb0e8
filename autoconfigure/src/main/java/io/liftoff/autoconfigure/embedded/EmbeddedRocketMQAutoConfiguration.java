package io.liftoff.autoconfigure.embedded;

import java.util.List;
import java.util.Map;

import io.liftoff.autoconfigure.RocketMQAutoConfiguration;
import io.liftoff.autoconfigure.RocketMQConfigurationException;
import io.liftoff.autoconfigure.RocketMQConnectionDetails;
import io.liftoff.embedded.BrokerCustomizer;
import io.liftoff.embedded.EmbeddedRocketMQ;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Starts an {@link EmbeddedRocketMQ} when {@code rocketmq.embedded.enabled=true} and
 * {@code liftoff-embedded} is on the classpath, and points the producer at it through a
 * {@link RocketMQConnectionDetails} bean (which takes precedence over
 * {@code rocketmq.name-server}). The NameServer and brokers are running before the
 * producer is built, and stop after it closed.
 */
@AutoConfiguration(before = RocketMQAutoConfiguration.class)
@ConditionalOnClass(EmbeddedRocketMQ.class)
@ConditionalOnBooleanProperty("rocketmq.embedded.enabled")
@EnableConfigurationProperties(EmbeddedRocketMQProperties.class)
public final class EmbeddedRocketMQAutoConfiguration {

    private static final Log logger = LogFactory.getLog(EmbeddedRocketMQAutoConfiguration.class);

    EmbeddedRocketMQAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    EmbeddedRocketMQ embeddedRocketMQ(EmbeddedRocketMQProperties properties, Environment environment,
            ObjectProvider<BrokerCustomizer> brokerCustomizer) {
        String nameServer = environment.getProperty("rocketmq.name-server");
        if (nameServer != null && !nameServer.isBlank()) {
            logger.warn("rocketmq.embedded.enabled=true: sending to the embedded RocketMQ, not to rocketmq.name-server="
                    + nameServer);
        }
        // No JVM shutdown hook of its own: the context closes it (destroyMethod), after
        // the producer's lifecycle
        // stopped, so that asynchronous sends in flight drain to a running broker.
        EmbeddedRocketMQ.Builder builder = EmbeddedRocketMQ.builder()
            .shutdownHook(false)
            .autoCreateTopic(properties.isAutoCreateTopic());
        BrokerCustomizer customizer = brokerCustomizer.getIfUnique();
        if (customizer != null) {
            builder.brokerCustomizer(customizer);
        }
        try {
            builder.brokers(properties.getBrokers());
        }
        catch (IllegalArgumentException ex) {
            throw new RocketMQConfigurationException("rocketmq.embedded.brokers",
                    String.valueOf(properties.getBrokers()), ex.getMessage(),
                    "Update rocketmq.embedded.brokers to a number from 1 to " + EmbeddedRocketMQ.MAX_BROKERS + ".");
        }
        for (Map.Entry<String, Integer> topic : properties.getTopics().entrySet()) {
            try {
                builder.topic(topic.getKey(), (topic.getValue() != null) ? topic.getValue() : 0);
            }
            catch (IllegalArgumentException ex) {
                throw new RocketMQConfigurationException("rocketmq.embedded.topics." + topic.getKey(),
                        String.valueOf(topic.getValue()), ex.getMessage(),
                        "List each topic with its number of queues per broker, for example "
                                + "'rocketmq.embedded.topics.orders=4'.");
            }
        }
        return builder.start();
    }

    @Bean
    @ConditionalOnMissingBean(RocketMQConnectionDetails.class)
    RocketMQConnectionDetails embeddedRocketMQConnectionDetails(EmbeddedRocketMQ embeddedRocketMQ) {
        return new EmbeddedRocketMQConnectionDetails(embeddedRocketMQ);
    }

    /** The embedded NameServer's address. */
    static final class EmbeddedRocketMQConnectionDetails implements RocketMQConnectionDetails {

        private final EmbeddedRocketMQ embeddedRocketMQ;

        EmbeddedRocketMQConnectionDetails(EmbeddedRocketMQ embeddedRocketMQ) {
            this.embeddedRocketMQ = embeddedRocketMQ;
        }

        @Override
        public List<String> getNameServers() {
            return List.of(this.embeddedRocketMQ.nameServerAddress());
        }

    }

}
