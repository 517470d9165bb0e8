package io.liftoff.autoconfigure.endpoint;

import io.liftoff.autoconfigure.RocketMQAutoConfiguration;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerSnapshot;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the endpoint, its send counts and the credentials sanitizer are defined, with no
 * RocketMQ running.
 */
class RocketMQEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(RocketMQAutoConfiguration.class, RocketMQEndpointAutoConfiguration.class))
        .withPropertyValues("rocketmq.name-server=127.0.0.1:9876", "rocketmq.producer.group=endpoint-test");

    @Test
    void theEndpointNeedsToBeExposed() {
        this.runner.run((context) -> {
            assertThat(context).doesNotHaveBean(RocketMQEndpoint.class).doesNotHaveBean(QueueSendCounts.class);
            assertThat(context).hasSingleBean(RocketMQCredentialsSanitizingFunction.class);
        });
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=rocketmq").run((context) -> {
            assertThat(context).hasSingleBean(RocketMQEndpoint.class).hasSingleBean(QueueSendCounts.class);
            assertThat(context.getBean(RocketMQEndpoint.class).rocketmq()).extractingByKey("configuration")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("group", "endpoint-test")
                .containsEntry("source", "rocketmq.* properties");
        });
    }

    @Test
    void theEndpointCanBeSwitchedOff() {
        this.runner
            .withPropertyValues("management.endpoints.web.exposure.include=rocketmq",
                    "management.endpoint.rocketmq.access=NONE")
            .run((context) -> assertThat(context).doesNotHaveBean(RocketMQEndpoint.class));
    }

    @Test
    void theEndpointSaysWhenTheApplicationDefinesTheProducer() {
        Producer own = Producer.builder().nameServer("127.0.0.1:9876").group("own").build();
        try {
            this.runner.withBean(Producer.class, () -> own)
                .withPropertyValues("management.endpoints.web.exposure.include=rocketmq")
                .run((context) -> {
                    assertThat(context.getBean(RocketMQEndpoint.class).rocketmq()).extractingByKey("configuration")
                        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                        .containsEntry("nameServers", java.util.List.of("127.0.0.1:9876"))
                        .extractingByKey("source")
                        .asString()
                        .contains("defined by the application");
                    assertThat(own.snapshot().state()).isEqualTo(ProducerSnapshot.State.NEW);
                });
        }
        finally {
            own.close();
        }
    }

    @Test
    void credentialsAreSanitizedInEveryNaming() {
        SanitizingFunction function = new RocketMQCredentialsSanitizingFunction();
        for (String key : new String[] { "rocketmq.producer.secret-key", "rocketmq.producer.secretKey",
                "ROCKETMQ_PRODUCER_SECRETKEY", "rocketmq.producer.access-key", "rocketmq.producer.accessKey",
                "rocketmq.pull-consumer.secret-key" }) {
            assertThat(function.apply(new SanitizableData(null, key, "s3cr3t")).getValue()).as(key)
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
        }
        for (String key : new String[] { "rocketmq.producer.group", "rocketmq.name-server", "other.secret-key" }) {
            assertThat(function.apply(new SanitizableData(null, key, "visible")).getValue()).as(key)
                .isEqualTo("visible");
        }
        assertThat(function
            .apply(new SanitizableData(null, "sun.java.command", "app.jar --rocketmq.producer.secret-key=s3cr3t"))
            .getValue()).isEqualTo(SanitizableData.SANITIZED_VALUE);
        assertThat(function.apply(new SanitizableData(null, "sun.java.command", "app.jar --server.port=0")).getValue())
            .isEqualTo("app.jar --server.port=0");
    }

}
