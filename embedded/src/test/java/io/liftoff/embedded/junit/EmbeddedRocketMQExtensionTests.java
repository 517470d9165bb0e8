package io.liftoff.embedded.junit;

import io.liftoff.embedded.EmbeddedRocketMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Topic specifications of {@link WithEmbeddedRocketMQ#topics()}; nothing is started.
 */
class EmbeddedRocketMQExtensionTests {

    @Test
    void parsesTopicSpecifications() {
        EmbeddedRocketMQ.Builder builder = EmbeddedRocketMQ.builder().brokers(2);
        EmbeddedRocketMQExtension.addTopic(builder, "orders:4");
        EmbeddedRocketMQExtension.addTopic(builder, " events ");
        EmbeddedRocketMQExtension.addTopic(builder, "audit:1@broker-a");
        EmbeddedRocketMQExtension.addTopic(builder, "both:2@broker-a, broker-b");
        assertThat(builder.build().brokerNames()).containsExactly("broker-a", "broker-b");
        assertThatThrownBy(() -> EmbeddedRocketMQExtension.addTopic(builder, "orders:4"))
            .isInstanceOf(ExtensionConfigurationException.class)
            .hasMessageContaining("already");
    }

    @Test
    void explainsInvalidSpecifications() {
        EmbeddedRocketMQ.Builder builder = EmbeddedRocketMQ.builder();
        assertThatThrownBy(() -> EmbeddedRocketMQExtension.addTopic(builder, "orders:four"))
            .isInstanceOf(ExtensionConfigurationException.class)
            .hasMessageContaining("orders:four")
            .hasMessageContaining("name[:queuesPerBroker][@broker,...]");
        assertThatThrownBy(() -> EmbeddedRocketMQExtension.addTopic(builder, "orders:4@"))
            .isInstanceOf(ExtensionConfigurationException.class)
            .hasMessageContaining("broker");
        assertThatThrownBy(() -> EmbeddedRocketMQExtension.addTopic(builder, ":4"))
            .isInstanceOf(ExtensionConfigurationException.class);
    }

}
