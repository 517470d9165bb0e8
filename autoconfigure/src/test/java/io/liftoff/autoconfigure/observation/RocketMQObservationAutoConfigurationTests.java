package io.liftoff.autoconfigure.observation;

import io.liftoff.autoconfigure.RocketMQAutoConfiguration;
import io.liftoff.spring.MessageTemplate;
import io.liftoff.spring.observation.RocketMQTemplateObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** When the auto-configured template is observed, with no RocketMQ running. */
class RocketMQObservationAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(RocketMQAutoConfiguration.class, RocketMQObservationAutoConfiguration.class))
        .withPropertyValues("rocketmq.name-server=127.0.0.1:9876", "rocketmq.producer.group=observation-test");

    @Test
    void withAnObservationRegistryTheTemplateIsObserved() {
        this.runner.withBean(ObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
            MessageTemplate template = context.getBean(MessageTemplate.class);
            assertThat(template.isObserved()).isTrue();
            template.createMessage("orders", "x");
            TestObservationRegistryAssert
                .assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
                .doesNotHaveAnyObservation();
        });
    }

    @Test
    void withoutAnObservationRegistryTheTemplateIsNotObserved() {
        this.runner.run((context) -> assertThat(context.getBean(MessageTemplate.class).isObserved()).isFalse());
    }

    @Test
    void offByProperty() {
        this.runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
            .withPropertyValues("rocketmq.template.observation-enabled=false")
            .run((context) -> assertThat(context.getBean(MessageTemplate.class).isObserved()).isFalse());
    }

    @Test
    void aConventionBeanIsUsed() {
        RocketMQTemplateObservationConvention convention = new RocketMQTemplateObservationConvention() {
        };
        this.runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
            .withBean(RocketMQTemplateObservationConvention.class, () -> convention)
            .run((context) -> {
                assertThat(context.getBean(MessageTemplate.class)).extracting("observationConvention")
                    .isSameAs(convention);
                assertThat(context.getBean(MessageTemplate.class)).extracting("beanName").isEqualTo("messageTemplate");
            });
    }

}
