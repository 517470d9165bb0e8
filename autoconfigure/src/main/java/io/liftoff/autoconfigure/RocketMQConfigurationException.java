package io.liftoff.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * A {@code rocketmq.*} setting is missing, malformed or not supported. Thrown while the
 * producer is configured, before any network I/O;
 * {@link RocketMQConfigurationFailureAnalyzer} turns it into a start-up report naming the
 * property, where it was set, why it is wrong and what to write instead. Secret values
 * are never included.
 */
public class RocketMQConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The property, for example {@code rocketmq.producer.group}. */
    private final String property;

    /** The value as shown to the user (masked for secrets); absent when not set. */
    private final @Nullable String value;

    /** What is wrong with the property. */
    private final String reason;

    /** What to do about it. */
    private final String action;

    /**
     * Creates the exception.
     * @param property the property, for example {@code rocketmq.producer.group}
     * @param value the value as shown to the user (masked for secrets); absent when not
     * set
     * @param reason what is wrong with it
     * @param action what to do about it
     */
    public RocketMQConfigurationException(String property, @Nullable String value, String reason, String action) {
        super("Invalid RocketMQ configuration: " + property + ((value != null) ? " = '" + value + "'" : " (not set)")
                + ": " + reason);
        this.property = property;
        this.value = value;
        this.reason = reason;
        this.action = action;
    }

    /**
     * @return the property, for example {@code rocketmq.producer.group}
     */
    public String getProperty() {
        return this.property;
    }

    /**
     * @return the value as shown to the user (masked for secrets); absent when not set
     */
    public @Nullable String getValue() {
        return this.value;
    }

    /**
     * @return what is wrong with the property
     */
    public String getReason() {
        return this.reason;
    }

    /**
     * @return what to do about it
     */
    public String getAction() {
        return this.action;
    }

}
