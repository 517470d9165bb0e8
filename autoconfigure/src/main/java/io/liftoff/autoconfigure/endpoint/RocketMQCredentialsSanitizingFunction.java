package io.liftoff.autoconfigure.endpoint;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks RocketMQ credentials in {@code /actuator/env} and {@code /actuator/configprops},
 * even with {@code management.endpoint.env.show-values=always}: every key under
 * {@code rocketmq} that ends with {@code secret-key} or {@code access-key} in any
 * spelling ({@code rocketmq.producer.secret-key}, {@code rocketmq.producer.secretKey},
 * {@code ROCKETMQ_PRODUCER_SECRETKEY}), and the {@code sun.java.command} system property
 * when such a key was passed on the command line.
 */
public final class RocketMQCredentialsSanitizingFunction implements SanitizingFunction {

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (isCredential(data.getKey()) || isCommandLineWithCredential(data)) {
            return data.withSanitizedValue();
        }
        return data;
    }

    /**
     * Tells whether a property name is a RocketMQ credential.
     * @param key the name, in any form (kebab-case, camelCase, environment variable)
     * @return whether its value must never be shown
     */
    static boolean isCredential(String key) {
        String name = normalize(key);
        return name.startsWith("rocketmq") && (name.endsWith("secretkey") || name.endsWith("accesskey"));
    }

    private static boolean isCommandLineWithCredential(SanitizableData data) {
        if (!"sun.java.command".equals(data.getKey()) || !(data.getValue() instanceof String command)) {
            return false;
        }
        String normalized = normalize(command);
        return normalized.contains("rocketmq")
                && (normalized.contains("secretkey") || normalized.contains("accesskey"));
    }

    private static String normalize(String text) {
        StringBuilder normalized = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '-' && c != '_' && c != '.') {
                normalized.append(c);
            }
        }
        return normalized.toString().toLowerCase(Locale.ROOT);
    }

}
