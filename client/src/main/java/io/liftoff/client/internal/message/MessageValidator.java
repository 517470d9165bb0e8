package io.liftoff.client.internal.message;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import org.jspecify.annotations.Nullable;

/**
 * Checks messages, batches, topics and groups against the rules of RocketMQ's client
 * {@code Validators} and a few more that keep the property encoding intact, before any
 * network I/O. Every failure is an {@link InvalidMessageException} whose message names
 * the rule that was broken. Thread-safe.
 */
public final class MessageValidator {

    /** The longest topic name RocketMQ accepts. */
    public static final int TOPIC_MAX_LENGTH = 127;

    /** The longest group name RocketMQ accepts. */
    public static final int GROUP_MAX_LENGTH = 255;

    /** The highest 4.x delay level. */
    public static final int MAX_DELAY_LEVEL = 18;

    /** The producer group RocketMQ keeps for itself. */
    public static final String DEFAULT_PRODUCER_GROUP = "DEFAULT_PRODUCER";

    private static final String RETRY_TOPIC_PREFIX = "%RETRY%";

    private static final String ALLOWED_CHARACTERS = "only letters, digits, '%', '|', '-' and '_' are allowed";

    private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);

    private static final boolean[] LEGAL_NAME_CHARACTERS = legalNameCharacters();

    private final int maxMessageSize;

    /**
     * Creates a validator.
     * @param maxMessageSize the largest body accepted, in bytes (RocketMQ's default is 4
     * MiB)
     * @throws IllegalArgumentException if {@code maxMessageSize} is not positive
     */
    public MessageValidator(int maxMessageSize) {
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize must be positive, was " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * @return the largest body accepted, in bytes
     */
    public int maxMessageSize() {
        return this.maxMessageSize;
    }

    /**
     * Checks one message: its topic, body, tag, keys, user properties and delay.
     * @param message the message; refused when absent
     * @throws InvalidMessageException naming the first rule the message breaks
     */
    public void validate(@Nullable Message message) {
        if (message == null) {
            throw new InvalidMessageException("Message is null");
        }
        validateTopic(message.topic());
        validateBody(message.body());
        validateTag(message.tag());
        validateKeys(message.keys());
        validateProperties(message.properties());
        validateDelay(message);
    }

    /**
     * Checks a batch: every message as {@link #validate(Message)} does, then that they
     * share one topic (not a retry topic) and one {@code waitStoreMsgOk}, and that none
     * is delayed. Messages are numbered by their index in the list.
     * @param messages the batch; refused when absent
     * @throws InvalidMessageException naming the first rule the batch breaks
     */
    public void validateBatch(@Nullable List<Message> messages) {
        if (messages == null) {
            throw new InvalidMessageException("Batch is null");
        }
        if (messages.isEmpty()) {
            throw new InvalidMessageException("Batch is empty: add at least one message");
        }
        Message first = null;
        int index = 0;
        for (Message message : messages) {
            if (message == null) {
                throw new InvalidMessageException("Batch message " + index + " is null");
            }
            try {
                validate(message);
            }
            catch (InvalidMessageException ex) {
                throw new InvalidMessageException("Batch message " + index + ": " + ex.getMessage());
            }
            if (message.isDelayed()) {
                throw new InvalidMessageException(
                        "Batch message " + index + " is delayed; delayed messages cannot be batched");
            }
            if (first == null) {
                first = message;
                if (first.topic().startsWith(RETRY_TOPIC_PREFIX)) {
                    throw new InvalidMessageException("Batch topic '" + first.topic()
                            + "' is a retry topic; messages for retry topics cannot be batched");
                }
            }
            else {
                if (!first.topic().equals(message.topic())) {
                    throw new InvalidMessageException(
                            "Batch mixes topics '" + first.topic() + "' and '" + message.topic() + "'");
                }
                if (first.waitStoreMsgOk() != message.waitStoreMsgOk()) {
                    throw new InvalidMessageException(
                            "Batch mixes waitStoreMsgOk " + first.waitStoreMsgOk() + " and " + message.waitStoreMsgOk()
                                    + " (message " + index + "); all messages of a batch must share it");
                }
            }
            index++;
        }
    }

    /**
     * Checks the encoded body of a batch against the maximum message size, as the broker
     * will.
     * @param batch the encoded batch
     * @throws InvalidMessageException if the body is larger than the maximum message size
     */
    public void validateEncodedBatch(EncodedBatch batch) {
        int length = batch.body().length;
        if (length > this.maxMessageSize) {
            throw new InvalidMessageException("Batch body of " + length + " bytes exceeds the maximum message size of "
                    + this.maxMessageSize + " bytes; split the batch");
        }
    }

    /**
     * Checks a topic name: not blank, at most {@value #TOPIC_MAX_LENGTH} characters of
     * {@code [%|a-zA-Z0-9_-]}, and not one of RocketMQ's system topics (such as
     * {@code TBW102}, {@code SCHEDULE_TOPIC_XXXX} or anything starting with
     * {@code rmq_sys_}).
     * @param topic the topic
     * @throws InvalidMessageException naming the rule the topic breaks
     */
    public static void validateTopic(@Nullable String topic) {
        if (isBlank(topic)) {
            throw new InvalidMessageException("Topic is blank: set a topic name");
        }
        if (topic.length() > TOPIC_MAX_LENGTH) {
            throw new InvalidMessageException("Topic '" + topic + "' is " + topic.length()
                    + " characters long; at most " + TOPIC_MAX_LENGTH + " are allowed");
        }
        if (!hasLegalNameCharacters(topic)) {
            throw new InvalidMessageException("Topic '" + topic + "' has illegal characters: " + ALLOWED_CHARACTERS);
        }
        if (SystemTopics.isSystemTopic(topic)) {
            if (SystemTopics.isBrokerOnly(topic)) {
                throw new InvalidMessageException(
                        "Topic '" + topic + "' is reserved for the broker's own use; clients may not send to it");
            }
            throw new InvalidMessageException(
                    "Topic '" + topic + "' is reserved as a RocketMQ system topic; use a topic of your own");
        }
    }

    /**
     * Checks a producer group name: not blank, at most {@value #GROUP_MAX_LENGTH}
     * characters of {@code [%|a-zA-Z0-9_-]}, and not {@value #DEFAULT_PRODUCER_GROUP}.
     * @param group the group
     * @throws InvalidMessageException naming the rule the group breaks
     */
    public static void validateGroup(@Nullable String group) {
        if (isBlank(group)) {
            throw new InvalidMessageException("Producer group is blank: set a group name");
        }
        if (group.length() > GROUP_MAX_LENGTH) {
            throw new InvalidMessageException("Producer group '" + group + "' is " + group.length()
                    + " characters long; at most " + GROUP_MAX_LENGTH + " are allowed");
        }
        if (!hasLegalNameCharacters(group)) {
            throw new InvalidMessageException(
                    "Producer group '" + group + "' has illegal characters: " + ALLOWED_CHARACTERS);
        }
        if (DEFAULT_PRODUCER_GROUP.equals(group)) {
            throw new InvalidMessageException(
                    "Producer group '" + group + "' is reserved by RocketMQ; choose a group name of your own");
        }
    }

    private void validateBody(byte @Nullable [] body) {
        if (body == null) {
            throw new InvalidMessageException("Message body is null: set a body of at least 1 byte");
        }
        if (body.length == 0) {
            throw new InvalidMessageException("Message body is empty: set a body of at least 1 byte");
        }
        if (body.length > this.maxMessageSize) {
            throw new InvalidMessageException("Message body of " + body.length
                    + " bytes exceeds the maximum message size of " + this.maxMessageSize + " bytes");
        }
    }

    private static void validateTag(@Nullable String tag) {
        if (tag == null) {
            return;
        }
        if (isBlank(tag)) {
            throw new InvalidMessageException("Tag is blank: set a tag with a visible character, or none");
        }
        if (tag.contains("||")) {
            throw new InvalidMessageException("Tag '" + tag + "' contains '||', which separates tags in consumer "
                    + "subscriptions, so no consumer could ever match it");
        }
        rejectControlCharacters(tag, "Tag");
    }

    private static void validateKeys(List<String> keys) {
        for (int i = 0, size = keys.size(); i < size; i++) {
            String key = keys.get(i);
            if (isBlank(key)) {
                throw new InvalidMessageException("Key " + i + " is blank: every key needs a visible character");
            }
            if (key.indexOf(' ') >= 0) {
                throw new InvalidMessageException("Key '" + key + "' contains a space; keys are joined by spaces "
                        + "on the wire, so pass each key separately");
            }
            rejectControlCharacters(key, "Key");
        }
    }

    private static void validateProperties(Map<String, String> properties) {
        if (!properties.isEmpty()) {
            properties.forEach(MessageValidator::validateProperty);
        }
    }

    private static void validateProperty(@Nullable String name, @Nullable String value) {
        if (isBlank(name)) {
            throw new InvalidMessageException("User property name is blank: names need a visible character");
        }
        rejectControlCharacters(name, "User property name");
        if (PropertyNames.RESERVED.contains(name)) {
            throw new InvalidMessageException(
                    "User property name '" + name + "' is reserved by RocketMQ; choose another name");
        }
        if (isBlank(value)) {
            throw new InvalidMessageException(
                    "User property '" + name + "' has a blank value: values need a visible character");
        }
        int controlIndex = controlCharacterIndex(value);
        if (controlIndex >= 0) {
            throw controlCharacter("User property '" + name + "' value", value, controlIndex);
        }
        if (PropertyNames.INNER_MULTI_DISPATCH.equals(name) && value.contains(File.separator)) {
            throw new InvalidMessageException("User property '" + name + "' value '" + value
                    + "' contains the file separator '" + File.separator + "'");
        }
    }

    private static void validateDelay(Message message) {
        Duration delay = message.deliveryDelay();
        Instant deliverAt = message.deliverAt();
        int level = message.delayLevel();
        int delays = ((delay != null) ? 1 : 0) + ((deliverAt != null) ? 1 : 0) + ((level != 0) ? 1 : 0);
        if (delays > 1) {
            throw new InvalidMessageException(
                    "Message sets more than one of deliveryDelay, deliverAt and " + "delayLevel; set at most one");
        }
        if (delay != null) {
            if (delay.compareTo(ONE_MILLISECOND) < 0) {
                throw new InvalidMessageException(
                        "Delivery delay " + delay + " is not positive: use a delay of at least 1 ms, or none");
            }
            if (delay.getSeconds() >= Long.MAX_VALUE / 1000) {
                throw new InvalidMessageException("Delivery delay " + delay + " is too long to send in ms");
            }
        }
        if (deliverAt != null && (deliverAt.getEpochSecond() >= Long.MAX_VALUE / 1000
                || deliverAt.getEpochSecond() <= Long.MIN_VALUE / 1000)) {
            throw new InvalidMessageException("Delivery time " + deliverAt + " is out of range");
        }
        if (level != 0 && (level < 1 || level > MAX_DELAY_LEVEL)) {
            throw new InvalidMessageException(
                    "Delay level " + level + " is out of range: use 1 to " + MAX_DELAY_LEVEL + ", or 0 for none");
        }
    }

    private static void rejectControlCharacters(String text, String what) {
        int index = controlCharacterIndex(text);
        if (index >= 0) {
            throw controlCharacter(what, text, index);
        }
    }

    private static int controlCharacterIndex(String text) {
        for (int i = 0, length = text.length(); i < length; i++) {
            if (text.charAt(i) < 0x20) {
                return i;
            }
        }
        return -1;
    }

    private static InvalidMessageException controlCharacter(String what, String text, int index) {
        return new InvalidMessageException(what + " contains the control character " + codePoint(text.charAt(index))
                + " at index " + index + "; control characters would corrupt the property encoding");
    }

    private static String codePoint(char c) {
        String hex = Integer.toHexString(c).toUpperCase(Locale.ROOT);
        return "U+0000".substring(0, 6 - hex.length()) + hex;
    }

    private static boolean hasLegalNameCharacters(String name) {
        for (int i = 0, length = name.length(); i < length; i++) {
            char c = name.charAt(i);
            if (c >= LEGAL_NAME_CHARACTERS.length || !LEGAL_NAME_CHARACTERS[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(@Nullable String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0, length = text.length(); i < length; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] legalNameCharacters() {
        boolean[] legal = new boolean[128];
        for (char c = 'a'; c <= 'z'; c++) {
            legal[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            legal[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            legal[c] = true;
        }
        legal['%'] = true;
        legal['|'] = true;
        legal['-'] = true;
        legal['_'] = true;
        return legal;
    }

}
