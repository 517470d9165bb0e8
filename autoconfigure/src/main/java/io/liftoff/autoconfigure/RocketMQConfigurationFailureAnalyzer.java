package io.liftoff.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Reports a {@link RocketMQConfigurationException} at start-up: the property, its value
 * (masked for keys), where it was set, why it is wrong and what to write instead.
 */
class RocketMQConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<RocketMQConfigurationException> {

    private final @Nullable Environment environment;

    RocketMQConfigurationFailureAnalyzer(@Nullable Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RocketMQConfigurationException cause) {
        ConfigurationProperty property = find(cause.getProperty());
        String value = cause.getValue(); // what the user wrote is clearer than a parsed
                                         // value, except for keys
        if (property != null && property.getValue() != null && !isKey(cause.getProperty())) {
            value = String.valueOf(property.getValue());
        }
        StringBuilder description = new StringBuilder("The RocketMQ producer is not configured correctly.\n\n");
        description.append("    Property: ").append(cause.getProperty()).append('\n');
        description.append("    Value: ").append((value != null) ? "\"" + value + "\"" : "(not set)").append('\n');
        Origin origin = (property != null) ? property.getOrigin() : null;
        if (origin != null) {
            description.append("    Origin: ").append(origin).append('\n');
        }
        description.append("    Reason: ").append(cause.getReason());
        return new FailureAnalysis(description.toString(), cause.getAction(), cause);
    }

    /** The property as the user wrote it, with its origin, if an environment has it. */
    private @Nullable ConfigurationProperty find(@Nullable String property) {
        if (this.environment == null || property == null || !ConfigurationPropertyName.isValid(property)) {
            return null;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static boolean isKey(String property) {
        return property.endsWith("-key") || property.endsWith("Key");
    }

}
