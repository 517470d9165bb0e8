package io.liftoff.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageHeaders;

/**
 * Maps Spring {@link org.springframework.messaging.Message} headers to RocketMQ message
 * fields and user properties, and user properties back to headers, the way
 * rocketmq-spring does so that code written for it behaves the same.
 *
 * <p>
 * On send ({@link #fromHeaders}):
 * <ul>
 * <li>{@value RocketMQHeaders#KEYS} (or {@code rocketmq_KEYS}): the keys, a
 * {@code String} split at spaces (RocketMQ stores keys space-separated) or a collection
 * or array of keys;</li>
 * <li>{@value RocketMQHeaders#TAGS} (or {@code rocketmq_TAGS}): the tag, unless the
 * destination names one;</li>
 * <li>{@value RocketMQHeaders#DELAY} (or {@code rocketmq_DELAY}): a number is a 4.x delay
 * level (1-18), a {@link Duration} a 5.x timer delay, an {@link Instant} a delivery
 * time;</li>
 * <li>{@value RocketMQHeaders#FLAG} (or {@code rocketmq_FLAG}) and
 * {@value RocketMQHeaders#WAIT_STORE_MSG_OK}: the message's flag and wait-store
 * setting;</li>
 * <li>{@code contentType}: the user property {@code contentType}, replacing the
 * converter's;</li>
 * <li>Spring's {@code id}, {@code timestamp}, {@code replyChannel}, {@code errorChannel}
 * and {@code nativeHeaders}, every other {@code rocketmq_} header (what a consumer
 * received: topic, message id, born host, queue id...), headers whose value is
 * {@code null} or blank, and names RocketMQ reserves for itself ({@code UNIQ_KEY},
 * {@code WAIT}, ...) are not sent;</li>
 * <li>every other header becomes a user property, its value as
 * {@code String.valueOf}.</li>
 * </ul>
 *
 * <p>
 * For consumers ({@link #toHeaders}): user properties become headers of the same name,
 * {@code KEYS}, {@code TAGS} and {@code UNIQ_KEY} become {@code rocketmq_KEYS},
 * {@code rocketmq_TAGS} and {@code rocketmq_MESSAGE_ID}, and RocketMQ's other system
 * properties are left out, so that a received message can be sent on unchanged.
 * Thread-safe.
 */
public class RocketMQHeaderMapper {

    private static final Set<String> SPRING_HEADERS = Set.of(MessageHeaders.ID, MessageHeaders.TIMESTAMP,
            MessageHeaders.REPLY_CHANNEL, MessageHeaders.ERROR_CHANNEL, "nativeHeaders");

    private static final String UNIQ_KEY = "UNIQ_KEY";

    /** Creates a mapper. */
    public RocketMQHeaderMapper() {
    }

    /**
     * Applies headers to a message being built.
     * @param headers the headers, such as a Spring message's {@link MessageHeaders}
     * @param message the message builder
     * @throws InvalidMessageException when a mapped header has a value of the wrong kind
     */
    public void fromHeaders(Map<String, ?> headers, Message.Builder message) {
        for (Map.Entry<String, ?> header : headers.entrySet()) {
            String name = header.getKey();
            Object value = header.getValue();
            if (value == null || SPRING_HEADERS.contains(name)) {
                continue;
            }
            boolean prefixed = name.startsWith(RocketMQHeaders.PREFIX);
            String field = prefixed ? name.substring(RocketMQHeaders.PREFIX.length()) : name;
            switch (field) {
                case RocketMQHeaders.KEYS -> message.keys(keys(value));
                case RocketMQHeaders.TAGS -> message.tag(blankToNull(String.valueOf(value)));
                case RocketMQHeaders.DELAY -> delay(name, value, message);
                case RocketMQHeaders.FLAG -> message.flag(integer(name, value));
                case RocketMQHeaders.WAIT_STORE_MSG_OK -> message.waitStoreMsgOk(bool(name, value));
                default -> {
                    if (!prefixed && !Message.isReservedPropertyName(name)) {
                        String text = String.valueOf(value);
                        if (!text.isBlank()) {
                            message.property(name, text);
                        }
                    }
                }
            }
        }
    }

    /**
     * Maps the properties of a received message to headers.
     * @param properties the message's properties, as a consumer sees them (user and
     * system properties)
     * @return the headers, in the properties' order
     */
    public Map<String, Object> toHeaders(Map<String, String> properties) {
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String name = property.getKey();
            switch (name) {
                case RocketMQHeaders.KEYS, RocketMQHeaders.TAGS ->
                    headers.put(RocketMQHeaders.prefixed(name), property.getValue());
                case UNIQ_KEY -> headers.put(RocketMQHeaders.prefixed(RocketMQHeaders.MESSAGE_ID), property.getValue());
                default -> {
                    if (!Message.isReservedPropertyName(name) && !SPRING_HEADERS.contains(name)) {
                        headers.put(name, property.getValue());
                    }
                }
            }
        }
        return headers;
    }

    private static List<String> keys(Object value) {
        List<String> keys = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            for (Object key : collection) {
                addKey(keys, key);
            }
        }
        else if (value instanceof Object[] array) {
            for (Object key : array) {
                addKey(keys, key);
            }
        }
        else {
            for (String key : String.valueOf(value).split("\\s+")) {
                addKey(keys, key);
            }
        }
        return keys;
    }

    private static void addKey(List<String> keys, @Nullable Object key) {
        if (key != null && !String.valueOf(key).isBlank()) {
            keys.add(String.valueOf(key).strip());
        }
    }

    private static void delay(String name, Object value, Message.Builder message) {
        if (value instanceof Duration delay) {
            message.deliveryDelay(delay);
        }
        else if (value instanceof Instant time) {
            message.deliverAt(time);
        }
        else {
            int level;
            try {
                level = integer(name, value);
            }
            catch (InvalidMessageException ex) {
                throw new InvalidMessageException("Header " + name + " value '" + value + "' is neither a delay "
                        + "level (1-18), a java.time.Duration nor a java.time.Instant");
            }
            if (level != 0) {
                message.delayLevel(level);
            }
        }
    }

    private static int integer(String name, Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(value).strip());
        }
        catch (NumberFormatException ex) {
            throw new InvalidMessageException("Header " + name + " value '" + value + "' is not a whole number");
        }
    }

    private static boolean bool(String name, Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        String text = String.valueOf(value).strip();
        if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
            return Boolean.parseBoolean(text);
        }
        throw new InvalidMessageException("Header " + name + " value '" + value + "' is neither true nor false");
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return (text == null || text.isBlank()) ? null : text.strip();
    }

}
