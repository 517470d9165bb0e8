package io.liftoff.spring;

/**
 * Names of the {@link org.springframework.messaging.Message} headers that
 * {@link RocketMQHeaderMapper} maps to and from RocketMQ message fields. They are
 * rocketmq-spring's names: a header written for rocketmq-spring means the same here.
 * Headers a consumer receives carry the {@value #PREFIX} prefix ({@code rocketmq_KEYS});
 * on send, both the bare and the prefixed name are read.
 */
public final class RocketMQHeaders {

    /** Prefix of the headers that describe a received message: {@value}. */
    public static final String PREFIX = "rocketmq_";

    /**
     * The message keys: a {@code String} (several separated by spaces) or a collection of
     * keys.
     */
    public static final String KEYS = "KEYS";

    /** The tag; the tag of the destination ({@code topic:tag}) takes precedence. */
    public static final String TAGS = "TAGS";

    /**
     * The delivery delay: a number is a RocketMQ 4.x delay level (1-18, as
     * rocketmq-spring), a {@link java.time.Duration} a 5.x timer delay, an
     * {@link java.time.Instant} a delivery time.
     */
    public static final String DELAY = "DELAY";

    /** The user flag, an {@code int}. */
    public static final String FLAG = "FLAG";

    /**
     * Whether the broker answers only once the message is stored, {@code true} by
     * default.
     */
    public static final String WAIT_STORE_MSG_OK = "WAIT_STORE_MSG_OK";

    /** The topic a message was received from (consumer side). */
    public static final String TOPIC = "TOPIC";

    /** The message id (consumer side). */
    public static final String MESSAGE_ID = "MESSAGE_ID";

    /**
     * The content type: Spring's own {@code contentType} header, stored as a user
     * property of that name.
     */
    public static final String CONTENT_TYPE = org.springframework.messaging.MessageHeaders.CONTENT_TYPE;

    private RocketMQHeaders() {
    }

    /**
     * Prefixes a header name.
     * @param name for example {@link #KEYS}
     * @return for example {@code rocketmq_KEYS}
     */
    public static String prefixed(String name) {
        return PREFIX + name;
    }

}
