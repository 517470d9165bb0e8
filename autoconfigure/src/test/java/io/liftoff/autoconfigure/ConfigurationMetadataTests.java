package io.liftoff.autoconfigure;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that goes into the jar
 * ({@code META-INF/spring-configuration-metadata.json}, written by
 * {@code spring-boot-configuration-processor}) lets IDEs complete every
 * {@code rocketmq.*} key with a description and its default.
 */
class ConfigurationMetadataTests {

    /** Keys rocketmq-spring users already write, which must keep working. */
    private static final Set<String> ROCKETMQ_SPRING_KEYS = Set.of("rocketmq.name-server", "rocketmq.producer.group",
            "rocketmq.producer.namespace", "rocketmq.producer.send-message-timeout",
            "rocketmq.producer.compress-message-body-threshold", "rocketmq.producer.retry-times-when-send-failed",
            "rocketmq.producer.retry-times-when-send-async-failed", "rocketmq.producer.retry-next-server",
            "rocketmq.producer.max-message-size", "rocketmq.producer.access-key", "rocketmq.producer.secret-key",
            "rocketmq.producer.tls-enable", "rocketmq.producer.instance-name", "rocketmq.producer.enable-msg-trace",
            "rocketmq.producer.customized-trace-topic");

    /**
     * Properties that have no default value: required, optional without default, or
     * derived from the machine.
     */
    private static final Set<String> WITHOUT_DEFAULT = Set.of("rocketmq.name-server", "rocketmq.producer.group",
            "rocketmq.producer.namespace", "rocketmq.producer.access-key", "rocketmq.producer.secret-key",
            "rocketmq.producer.attempt-timeout", "rocketmq.producer.transport.io-threads", "rocketmq.embedded.topics",
            "rocketmq.producer.ssl.bundle");

    @Test
    void everyPropertyHasADescriptionAndItsDefault() throws IOException {
        Map<String, JsonNode> properties = properties();
        assertThat(properties).containsKeys(ROCKETMQ_SPRING_KEYS.toArray(String[]::new));
        assertThat(properties).hasSizeGreaterThan(40);
        properties.forEach((name, property) -> {
            String description = property.path("description").asString("");
            assertThat(description).as("description of %s", name)
                .isNotBlank()
                .doesNotStartWith("The ")
                .doesNotStartWith("A ")
                .endsWith(".");
            if (!WITHOUT_DEFAULT.contains(name)) {
                assertThat(property.has("defaultValue")).as("default of %s", name).isTrue();
            }
        });
    }

    @Test
    void defaultsAreTheRocketMQSpringOnes() throws IOException {
        Map<String, JsonNode> properties = properties();
        assertThat(properties.get("rocketmq.producer.send-message-timeout").get("defaultValue").asString())
            .isEqualTo("3000ms");
        assertThat(properties.get("rocketmq.producer.compress-message-body-threshold").get("defaultValue").asString())
            .isEqualTo("4KB");
        assertThat(properties.get("rocketmq.producer.max-message-size").get("defaultValue").asString())
            .isEqualTo("4MB");
        assertThat(properties.get("rocketmq.producer.retry-times-when-send-failed").get("defaultValue").asInt())
            .isEqualTo(2);
        assertThat(properties.get("rocketmq.producer.instance-name").get("defaultValue").asString())
            .isEqualTo("DEFAULT");
        assertThat(properties.get("rocketmq.producer.retry-next-server").get("defaultValue").asBoolean()).isFalse();
    }

    private static Map<String, JsonNode> properties() throws IOException {
        return RocketMQMetadata.properties();
    }

}
