package io.liftoff.autoconfigure;

import io.liftoff.client.ClientResources;
import io.liftoff.client.CredentialsProvider;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerBuilder;
import io.liftoff.client.ProducerListener;
import io.liftoff.client.TransactionListener;
import io.liftoff.spring.observation.ObservedTransactionChecker;
import io.micrometer.observation.ObservationRegistry;
import io.liftoff.spring.JacksonPayloadConverter;
import io.liftoff.spring.MessageOperations;
import io.liftoff.spring.MessagePayloadConverter;
import io.liftoff.spring.MessageTemplate;
import io.liftoff.spring.RocketMQHeaderMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;

/**
 * Auto-configuration of the Liftoff RocketMQ producer and its {@link MessageTemplate}.
 * Active when {@code rocketmq.name-server} is set, when a
 * {@link RocketMQConnectionDetails} bean exists (the embedded RocketMQ's, for one), or
 * when the application defines its own {@link Producer}.
 *
 * <p>
 * Defines, each backing off when the application defines a bean of the same type:
 * <ul>
 * <li>{@link RocketMQConnectionDetails} from {@code rocketmq.name-server};</li>
 * <li>{@link ClientResources}: the I/O, timer, compression and callback threads that
 * every producer the auto-configuration creates shares, closed after them;</li>
 * <li>the {@link Producer}, built from the {@code rocketmq.*} properties, listening
 * through every {@link ProducerListener} bean and adjusted by every
 * {@link ProducerCustomizer} bean, and a {@link ProducerLifecycle} that starts it with
 * the context and closes it gracefully on shutdown;</li>
 * <li>a {@link MessagePayloadConverter} that writes objects as JSON with the
 * application's Jackson {@link JsonMapper};</li>
 * <li>the {@link MessageTemplate}, adjusted by every {@link MessageTemplateCustomizer}
 * bean, injectable as {@link MessageOperations} too.</li>
 * </ul>
 *
 * <p>
 * An application {@code MessageTemplate} bean replaces the auto-configured one. A
 * {@link MessageOperations} bean of another type (a decorator that wraps the template, a
 * fake) does not: the template is still defined, so that the decorator can delegate to
 * it, but as a {@link Fallback @Fallback} bean, so that {@code MessageOperations}
 * injection points get the application's bean.
 *
 * <p>
 * Health, the {@code rocketmq} actuator endpoint, Micrometer meters and observations are
 * configured by the auto-configurations of the {@code health}, {@code endpoint},
 * {@code metrics} and {@code observation} sub-packages, each active when its library is
 * on the classpath.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(Producer.class)
@Conditional(RocketMQAutoConfiguration.RocketMQConfiguredCondition.class)
@EnableConfigurationProperties(RocketMQProperties.class)
public final class RocketMQAutoConfiguration {

    RocketMQAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(MessageTemplate.class)
    @Fallback
    MessageTemplate messageTemplate(Producer producer, ObjectProvider<MessagePayloadConverter> payloadConverter,
            ObjectProvider<RocketMQHeaderMapper> headerMapper, ObjectProvider<MessageTemplateCustomizer> customizers,
            ObjectProvider<TransactionListener> transactionListeners) {
        MessageTemplate template = new MessageTemplate(producer,
                payloadConverter.getIfAvailable(MessagePayloadConverter::unsupported),
                headerMapper.getIfAvailable(RocketMQHeaderMapper::new));
        template.setTransactionChecker(TransactionCheckers.forGroup(transactionListeners, producer.snapshot().group()));
        customizers.orderedStream().forEach((customizer) -> customizer.customize(template));
        return template;
    }

    /** The producer, unless the application defines its own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Producer.class)
    static class ProducerConfiguration {

        @Bean
        @ConditionalOnMissingBean(RocketMQConnectionDetails.class)
        PropertiesRocketMQConnectionDetails rocketMQConnectionDetails(RocketMQProperties properties) {
            return new PropertiesRocketMQConnectionDetails(properties);
        }

        /**
         * The threads of every producer of the context, unless the application defines
         * its own: Spring closes them after the producers that use them.
         * @param properties the properties
         * @return the resources
         */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(ClientResources.class)
        ClientResources rocketMQClientResources(RocketMQProperties properties) {
            return ProducerConfigurer.clientResources(properties);
        }

        @Bean
        Producer rocketMQProducer(RocketMQProperties properties, RocketMQConnectionDetails connectionDetails,
                ClientResources clientResources, ObjectProvider<ProducerListener> listeners,
                ObjectProvider<ProducerCustomizer> customizers,
                ObjectProvider<TransactionListener> transactionListeners,
                ObjectProvider<ObservationRegistry> observationRegistry,
                ObjectProvider<CredentialsProvider> credentialsProvider, ObjectProvider<SslBundles> sslBundles) {
            ProducerConfigurer configurer = new ProducerConfigurer(properties, connectionDetails);
            ProducerBuilder builder = configurer.configure(Producer.builder());
            credentialsProvider.ifUnique(builder::credentialsProvider);
            builder.tls(TlsConfigurer.tlsOptions(properties.getProducer(), sslBundles.getIfAvailable()));
            builder.clientResources(clientResources);
            TransactionListener checker = TransactionCheckers.forGroup(transactionListeners, configurer.group());
            if (checker != null && properties.getTemplate().isObservationEnabled()) {
                checker = new ObservedTransactionChecker(checker,
                        () -> observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), configurer.group());
            }
            builder.transactionListener(checker);
            builder.listener(ProducerListener.composite(listeners.orderedStream().toList()));
            customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
            return configurer.build(builder);
        }

        @Bean
        ProducerLifecycle rocketMQProducerLifecycle(Producer rocketMQProducer, RocketMQProperties properties,
                RocketMQConnectionDetails connectionDetails) {
            ProducerConfigurer configurer = new ProducerConfigurer(properties, connectionDetails);
            return new ProducerLifecycle(rocketMQProducer, configurer.shutdownGracePeriod(), configurer.failFast(),
                    configurer.failFastTimeout(), configurer.failFastTopics(), configurer.nameServers());
        }

    }

    /**
     * Objects as JSON, with the application's Jackson 3 mapper when Jackson is on the
     * classpath.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JacksonPayloadConverterConfiguration {

        @Bean
        @ConditionalOnMissingBean(MessagePayloadConverter.class)
        JacksonPayloadConverter rocketMQPayloadConverter(ObjectProvider<JsonMapper> jsonMapper) {
            return new JacksonPayloadConverter(jsonMapper.getIfUnique(JsonMapper::shared));
        }

    }

    /** Where to connect is known, or the application brings its own producer. */
    static final class RocketMQConfiguredCondition extends AnyNestedCondition {

        RocketMQConfiguredCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty("rocketmq.name-server")
        static class NameServerProperty {

        }

        @ConditionalOnBean(RocketMQConnectionDetails.class)
        static class ConnectionDetailsBean {

        }

        @ConditionalOnBean(Producer.class)
        static class ProducerBean {

        }

    }

}
