package io.liftoff.benchmarks;

import java.util.Locale;

/**
 * How the load tool builds the message of each send, the same way for every client (the
 * only difference between clients is their message type, see {@link MessageFactory}).
 * Both shapes build a new message object per send in the sender thread; they differ in
 * what else is built per send.
 *
 * <ul>
 * <li>{@link #PREBUILT} (the default, the tool's original behaviour): topic, tag
 * {@value Payloads#TAG}, one key taken from an array built at start
 * ({@code order-1000000}, ...) and the shared body of the size; no user properties.</li>
 * <li>{@link #REALISTIC}: as an application builds an event: a unique key made at send
 * time by string concatenation ({@code order-<runTag>-<index>}), tag
 * {@value Payloads#TAG}, three user properties made at send time ({@value #TENANT} =
 * {@code tenant-<index % 32>}, {@value #REGION} = {@value #REGION_VALUE},
 * {@value #TRACE_ID} = 16 hex digits derived from the index) and the shared body.</li>
 * </ul>
 */
enum MessageShape {

    /** One key from a precomputed array, no user properties. */
    PREBUILT("prebuilt") {
        @Override
        String key(Payloads payloads, String runTag, int index) {
            return payloads.key(index);
        }

        @Override
        <M> M build(Payloads payloads, String runTag, byte[] body, int index, MessageFactory<M> factory) {
            return factory.plain(payloads.topic(), Payloads.TAG, payloads.key(index), body);
        }
    },

    /** A unique key and three user properties, all made per send. */
    REALISTIC("realistic") {
        @Override
        String key(Payloads payloads, String runTag, int index) {
            return "order-" + runTag + "-" + index;
        }

        @Override
        <M> M build(Payloads payloads, String runTag, byte[] body, int index, MessageFactory<M> factory) {
            return factory.withProperties(payloads.topic(), Payloads.TAG, key(payloads, runTag, index), body,
                    tenant(index), REGION_VALUE, traceId(index));
        }
    };

    /** User property: the tenant, one of {@value #TENANTS}. */
    static final String TENANT = "tenant";

    /** User property: the region, always {@value #REGION_VALUE}. */
    static final String REGION = "region";

    /** User property: a trace id of 16 hex digits. */
    static final String TRACE_ID = "traceId";

    /** The region every realistic message names. */
    static final String REGION_VALUE = "eu-west-1";

    /** How many tenants realistic messages cycle through. */
    static final int TENANTS = 32;

    private static final String ZEROS = "0000000000000000";

    final String label;

    MessageShape(String label) {
        this.label = label;
    }

    /**
     * Returns the key of a message (built anew on each call in {@link #REALISTIC}).
     * @param payloads the topic, keys and bodies
     * @param runTag the run's tag, unique in this process (realistic keys only)
     * @param index the message's index in its run
     * @return the key
     */
    abstract String key(Payloads payloads, String runTag, int index);

    /**
     * Builds one message with a client's factory.
     * @param <M> the client's message type
     * @param payloads the topic, keys and bodies
     * @param runTag the run's tag
     * @param body the body
     * @param index the message's index in its run
     * @param factory the client's message factory
     * @return a new message
     */
    abstract <M> M build(Payloads payloads, String runTag, byte[] body, int index, MessageFactory<M> factory);

    /**
     * @param index the message's index
     * @return its {@value #TENANT} property in {@link #REALISTIC}
     */
    static String tenant(int index) {
        return "tenant-" + Math.floorMod(index, TENANTS);
    }

    /**
     * @param index the message's index
     * @return its {@value #TRACE_ID} property in {@link #REALISTIC}: 16 lower-case hex
     * digits of a mix of the index, zero-padded
     */
    static String traceId(int index) {
        String hex = Long.toHexString(mix(index));
        return (hex.length() == 16) ? hex : ZEROS.substring(hex.length()) + hex;
    }

    /** SplitMix64's finalizer: spreads consecutive indexes over all 64 bits. */
    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Parses {@code --messages}.
     * @param label {@code prebuilt} or {@code realistic}
     * @return the shape
     * @throws IllegalArgumentException for anything else
     */
    static MessageShape ofLabel(String label) {
        for (MessageShape shape : values()) {
            if (shape.label.equals(label.strip().toLowerCase(Locale.ROOT))) {
                return shape;
            }
        }
        throw new IllegalArgumentException("--messages takes prebuilt or realistic, not '" + label + "'");
    }

    /**
     * Builds a client's own message type from the fields a shape picks.
     *
     * @param <M> the client's message type
     */
    interface MessageFactory<M> {

        /**
         * @param topic the topic
         * @param tag the tag
         * @param key the one key
         * @param body the body (shared: not to be modified)
         * @return a message without user properties
         */
        M plain(String topic, String tag, String key, byte[] body);

        /**
         * @param topic the topic
         * @param tag the tag
         * @param key the one key
         * @param body the body (shared: not to be modified)
         * @param tenant the {@value MessageShape#TENANT} property
         * @param region the {@value MessageShape#REGION} property
         * @param traceId the {@value MessageShape#TRACE_ID} property
         * @return a message with those three user properties
         */
        M withProperties(String topic, String tag, String key, byte[] body, String tenant, String region,
                String traceId);

    }

}
