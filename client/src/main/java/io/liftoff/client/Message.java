package io.liftoff.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A message to send: topic, optional tag and keys, body, user properties, and an optional
 * delivery delay. Immutable once built. For speed the body array is not copied: do not
 * change it after building. Validation of the topic, body size, tag and property names
 * happens when the message is sent, before any network I/O, and raises
 * {@link InvalidMessageException}.
 *
 * <pre>{@code
 * Message message = Message.builder("orders")
 *         .tag("created")
 *         .keys("order-42")
 *         .property("tenant", "acme")
 *         .body(json)
 *         .build();
 * }</pre>
 */
public final class Message {

    private final String topic;

    private final @Nullable String tag;

    private final List<String> keys;

    private final byte @Nullable [] body;

    private final Map<String, String> properties;

    private final @Nullable Duration deliveryDelay;

    private final @Nullable Instant deliverAt;

    private final int delayLevel;

    private final int flag;

    private final boolean waitStoreMsgOk;

    private Message(Builder builder) {
        this.topic = builder.topic;
        this.tag = builder.tag;
        // A null key is kept, so that validation names it when the message is sent.
        this.keys = (builder.keys == null) ? List.of() : (builder.keys instanceof ArrayList)
                ? Collections.unmodifiableList(new ArrayList<>(builder.keys)) : builder.keys;
        this.body = builder.body;
        // The builder's own map, not a copy: the builder copies it before any later
        // change (see Builder#build), so this message's properties never change.
        this.properties = builder.properties.isEmpty() ? Collections.emptyMap()
                : Collections.unmodifiableMap(builder.properties);
        this.deliveryDelay = builder.deliveryDelay;
        this.deliverAt = builder.deliverAt;
        this.delayLevel = builder.delayLevel;
        this.flag = builder.flag;
        this.waitStoreMsgOk = builder.waitStoreMsgOk;
    }

    /**
     * Creates a message with only a topic and a body.
     * @param topic the topic
     * @param body the body (not copied)
     * @return the message
     */
    public static Message of(String topic, byte[] body) {
        return builder(topic).body(body).build();
    }

    /**
     * Starts building a message for a topic.
     * @param topic the topic
     * @return a builder
     */
    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    /**
     * Tells whether a property name is reserved by RocketMQ (for example {@code KEYS},
     * {@code TAGS}, {@code UNIQ_KEY}) and so cannot be a user property.
     * @param name the name
     * @return whether {@link Builder#property(String, String)} with this name is rejected
     * when sending
     */
    public static boolean isReservedPropertyName(String name) {
        return io.liftoff.client.internal.message.PropertyNames.isReserved(name);
    }

    /**
     * @return a builder holding this message's values, to derive a changed copy
     */
    public Builder mutate() {
        Builder builder = new Builder(this.topic);
        builder.tag = this.tag;
        if (!this.keys.isEmpty()) {
            builder.keys(this.keys);
        }
        builder.body = this.body;
        if (!this.properties.isEmpty()) {
            builder.properties(this.properties);
        }
        builder.deliveryDelay = this.deliveryDelay;
        builder.deliverAt = this.deliverAt;
        builder.delayLevel = this.delayLevel;
        builder.flag = this.flag;
        builder.waitStoreMsgOk = this.waitStoreMsgOk;
        return builder;
    }

    /**
     * @return the topic, without namespace
     */
    public String topic() {
        return this.topic;
    }

    /**
     * @return the tag consumers filter on, if one was set
     */
    public @Nullable String tag() {
        return this.tag;
    }

    /**
     * @return the keys, in order; empty when none
     */
    public List<String> keys() {
        return this.keys;
    }

    /**
     * Returns the body: the array itself, not a copy. Absent only when the builder was
     * given none, a message that sending rejects.
     * @return the body
     */
    public byte @Nullable [] body() {
        return this.body;
    }

    /**
     * @return the user properties, in insertion order
     */
    public Map<String, String> properties() {
        return this.properties;
    }

    /**
     * @return the delivery delay (5.x timer message), if one was set
     */
    public @Nullable Duration deliveryDelay() {
        return this.deliveryDelay;
    }

    /**
     * @return the delivery time (5.x timer message), if one was set
     */
    public @Nullable Instant deliverAt() {
        return this.deliverAt;
    }

    /**
     * @return the 4.x delay level (1-18), or 0 for none
     */
    public int delayLevel() {
        return this.delayLevel;
    }

    /**
     * @return whether a delivery delay, time or level is set
     */
    public boolean isDelayed() {
        return this.deliveryDelay != null || this.deliverAt != null || this.delayLevel > 0;
    }

    /**
     * @return the user flag stored with the message (default 0)
     */
    public int flag() {
        return this.flag;
    }

    /**
     * @return whether the broker should answer only once the message is stored (default
     * {@code true})
     */
    public boolean waitStoreMsgOk() {
        return this.waitStoreMsgOk;
    }

    @Override
    public String toString() {
        return "Message[topic=" + this.topic + ", tag=" + this.tag + ", keys=" + this.keys + ", body="
                + ((this.body != null) ? this.body.length + " bytes" : "null") + ", properties=" + this.properties
                + ((this.deliveryDelay != null) ? ", deliveryDelay=" + this.deliveryDelay : "")
                + ((this.deliverAt != null) ? ", deliverAt=" + this.deliverAt : "")
                + ((this.delayLevel > 0) ? ", delayLevel=" + this.delayLevel : "") + "]";
    }

    /** Builds a {@link Message}. Not thread-safe. */
    public static final class Builder {

        private final String topic;

        private @Nullable String tag;

        private @Nullable List<String> keys;

        private byte @Nullable [] body;

        private Map<String, String> properties = Map.of();

        private @Nullable Duration deliveryDelay;

        private @Nullable Instant deliverAt;

        private int delayLevel;

        private int flag;

        private boolean waitStoreMsgOk = true;

        private Builder(String topic) {
            this.topic = topic;
        }

        private List<String> mutableKeys() {
            if (this.keys == null) {
                this.keys = new ArrayList<>(2);
            }
            else if (!(this.keys instanceof ArrayList)) {
                this.keys = new ArrayList<>(this.keys);
            }
            return this.keys;
        }

        private Map<String, String> mutableProperties() {
            if (!(this.properties instanceof LinkedHashMap)) {
                this.properties = new LinkedHashMap<>(this.properties);
            }
            return this.properties;
        }

        /**
         * Sets the tag consumers filter on (none by default).
         * @param tag the tag, or none to clear it
         * @return this builder
         */
        public Builder tag(@Nullable String tag) {
            this.tag = tag;
            return this;
        }

        /**
         * Adds keys that index the message for look-up (order id, user id).
         * @param keys one or more keys
         * @return this builder
         */
        public Builder keys(String... keys) {
            if (this.keys == null && keys.length == 1 && keys[0] != null) {
                // The common case, one key: an immutable one-element list, which Message
                // keeps as it is.
                this.keys = List.of(keys[0]);
                return this;
            }
            Collections.addAll(mutableKeys(), keys);
            return this;
        }

        /**
         * Adds keys that index the message for look-up.
         * @param keys the keys
         * @return this builder
         */
        public Builder keys(Collection<String> keys) {
            mutableKeys().addAll(keys);
            return this;
        }

        /**
         * Sets the body (not copied: do not change the array afterwards).
         * @param body the body
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        /**
         * Adds a user property. Names reserved by RocketMQ are rejected when sending.
         * @param name the name
         * @param value the value
         * @return this builder
         */
        public Builder property(String name, String value) {
            mutableProperties().put(name, value);
            return this;
        }

        /**
         * Adds user properties.
         * @param properties names and values
         * @return this builder
         */
        public Builder properties(Map<String, String> properties) {
            mutableProperties().putAll(properties);
            return this;
        }

        /**
         * Delivers the message after a delay (a 5.x timer message,
         * {@code TIMER_DELAY_MS}).
         * @param delay the delay, positive
         * @return this builder
         */
        public Builder deliveryDelay(Duration delay) {
            this.deliveryDelay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /**
         * Delivers the message at a point in time (a 5.x timer message,
         * {@code TIMER_DELIVER_MS}).
         * @param time the delivery time
         * @return this builder
         */
        public Builder deliverAt(Instant time) {
            this.deliverAt = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * Delays delivery by a 4.x delay level (1-18: 1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m
         * 8m 9m 10m 20m 30m 1h 2h), for brokers without timer messages.
         * @param level the level
         * @return this builder
         */
        public Builder delayLevel(int level) {
            this.delayLevel = level;
            return this;
        }

        /**
         * Sets the user flag stored with the message.
         * @param flag the flag
         * @return this builder
         */
        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        /**
         * Sets whether the broker answers only once the message is stored (default
         * {@code true}).
         * @param waitStoreMsgOk the setting
         * @return this builder
         */
        public Builder waitStoreMsgOk(boolean waitStoreMsgOk) {
            this.waitStoreMsgOk = waitStoreMsgOk;
            return this;
        }

        /**
         * @return the message
         */
        public Message build() {
            Message message = new Message(this);
            // Hands the map over: not a LinkedHashMap any more, so the builder's next
            // change works on a copy.
            this.properties = message.properties;
            return message;
        }

    }

}
