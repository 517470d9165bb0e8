package io.liftoff.spring;

import java.util.Arrays;

import io.liftoff.client.InvalidMessageException;
import org.jspecify.annotations.Nullable;

/**
 * A parsed destination, {@code topic} or {@code topic:tag}, split once at the first
 * {@code ':'} as rocketmq-spring does.
 *
 * @param topic the topic
 * @param tag the tag, if the destination names one
 */
record Destination(String topic, @Nullable String tag) {

    /**
     * Parses a destination.
     * @param destination {@code topic} or {@code topic:tag}
     * @return the topic and tag
     * @throws InvalidMessageException when the destination is blank or names several tags
     */
    static Destination parse(@Nullable String destination) {
        if (destination == null || destination.isBlank()) {
            throw new InvalidMessageException("Destination is blank: use 'topic' or 'topic:tag'");
        }
        int colon = destination.indexOf(':');
        if (colon < 0) {
            return new Destination(destination.strip(), null);
        }
        String topic = destination.substring(0, colon).strip();
        String tag = destination.substring(colon + 1).strip();
        if (tag.contains("||")) {
            String first = Arrays.stream(tag.split("\\|\\|"))
                .map(String::strip)
                .filter((t) -> !t.isEmpty())
                .findFirst()
                .orElse("tag");
            throw new InvalidMessageException("Destination '" + destination + "' names several tags, but a message "
                    + "carries exactly one tag: '||' combines tags only in consumer subscriptions ('created||updated' "
                    + "matches messages tagged either). Send each message with its own tag, such as to '" + topic + ":"
                    + first + "'");
        }
        return new Destination(topic, tag.isEmpty() ? null : tag);
    }
}
