package io.liftoff.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

/**
 * The {@code rocketmq.*} properties of the configuration metadata that goes into the jar:
 * {@code META-INF/spring-configuration-metadata.json}, written by
 * {@code spring-boot-configuration-processor} from the {@code @ConfigurationProperties}
 * classes, and {@code META-INF/additional-spring-configuration-metadata.json}, written by
 * hand (the processor merges it in; it is read too so that a key declared only there
 * counts).
 */
final class RocketMQMetadata {

    private static final String[] FILES = { "META-INF/spring-configuration-metadata.json",
            "META-INF/additional-spring-configuration-metadata.json" };

    private RocketMQMetadata() {
    }

    /**
     * Reads the properties whose name starts with {@code rocketmq.}.
     * @return the properties by name, sorted; the generated file's entry wins
     * @throws IOException when a file cannot be read
     */
    static Map<String, JsonNode> properties() throws IOException {
        Map<String, JsonNode> properties = new TreeMap<>();
        for (String file : FILES) {
            ClassPathResource resource = new ClassPathResource(file);
            if (!resource.exists()) {
                continue;
            }
            try (InputStream in = resource.getInputStream()) {
                for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
                    String name = property.get("name").asString();
                    if (name.startsWith("rocketmq.")) {
                        properties.putIfAbsent(name, property);
                    }
                }
            }
        }
        return properties;
    }

}
