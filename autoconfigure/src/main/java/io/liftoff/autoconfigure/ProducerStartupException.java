package io.liftoff.autoconfigure;

import java.util.List;

import io.liftoff.client.ProducerSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The fail-fast check at start-up ({@code rocketmq.producer.fail-fast=true}) failed: no
 * NameServer answered, or a topic has no route. {@link ProducerStartupFailureAnalyzer}
 * reports it with what to do.
 */
public final class ProducerStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The NameServer addresses tried. */
    private final List<String> nameServers;

    /**
     * The topic whose route was looked up; absent when no NameServer answered the first
     * check.
     */
    private final @Nullable String topic;

    /**
     * Whether no NameServer answered; {@code false} when one answered but the topic has
     * no route.
     */
    private final boolean nameServerUnavailable;

    private ProducerStartupException(String message, List<String> nameServers, @Nullable String topic,
            boolean nameServerUnavailable, @Nullable Throwable cause) {
        super(message, cause);
        this.nameServers = List.copyOf(nameServers);
        this.topic = topic;
        this.nameServerUnavailable = nameServerUnavailable;
    }

    static ProducerStartupException nameServerUnavailable(List<String> nameServers, String topic, Throwable cause) {
        return new ProducerStartupException("No RocketMQ NameServer of " + nameServers
                + " answered the route lookup of topic '" + topic + "' at start-up: " + cause.getMessage(), nameServers,
                topic, true, cause);
    }

    static ProducerStartupException nameServerUnavailable(List<String> nameServers,
            List<ProducerSnapshot.NameServerState> states) {
        StringBuilder answers = new StringBuilder();
        for (ProducerSnapshot.NameServerState state : states) {
            answers.append((answers.length() > 0) ? "; " : "")
                .append(state.address())
                .append(": ")
                .append((state.lastError() != null) ? state.lastError() : "no answer");
        }
        return new ProducerStartupException(
                "No RocketMQ NameServer of " + nameServers + " answered at start-up (" + answers + ")", nameServers,
                null, true, null);
    }

    static ProducerStartupException routeNotFound(List<String> nameServers, String topic, Throwable cause) {
        return new ProducerStartupException("Topic '" + topic + "' has no route at start-up: " + cause.getMessage(),
                nameServers, topic, false, cause);
    }

    /**
     * @return the NameServer addresses tried
     */
    public List<String> getNameServers() {
        return this.nameServers;
    }

    /**
     * @return the topic whose route was looked up; absent when no NameServer answered the
     * first check
     */
    public @Nullable String getTopic() {
        return this.topic;
    }

    /**
     * @return {@code true} when no NameServer answered, {@code false} when one answered
     * but the topic has no route
     */
    public boolean isNameServerUnavailable() {
        return this.nameServerUnavailable;
    }

}
