package io.liftoff.client;

/**
 * Adaptive batching of async sends. While fewer than {@link #requestsBeforeBatching()}
 * requests of a topic are in flight, each async send goes out alone at once, as without
 * batching; beyond that, further async sends to the topic wait for the next request of
 * the topic to end and then go out together as one batch request, of at most
 * {@link #maxMessages()} messages and {@link #maxBytes()} bytes. So a lone send never
 * waits, and under load the broker handles one request per batch instead of one per
 * message. Each message keeps its own id, keys, tags and properties, and its own future,
 * completed with its own queue offset; a batch goes to one queue. Messages with
 * compressed bodies are batched only with each other (the batch's {@code sysFlag} marks
 * every body as compressed); delayed messages and messages that do not wait for the store
 * ({@code waitStoreMsgOk=false}) always go alone.
 */
public final class AutoBatchOptions {

    /**
     * Default requests of one topic in flight before async sends to it are batched: 4.
     */
    public static final int DEFAULT_REQUESTS_BEFORE_BATCHING = 4;

    /** Default most messages in one batch: 256. */
    public static final int DEFAULT_MAX_MESSAGES = 256;

    /** Default most bytes of one batch (encoded messages): 256 KiB. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    private static final AutoBatchOptions DEFAULTS = new AutoBatchOptions(true, DEFAULT_REQUESTS_BEFORE_BATCHING,
            DEFAULT_MAX_MESSAGES, DEFAULT_MAX_BYTES);

    private static final AutoBatchOptions DISABLED = new AutoBatchOptions(false, DEFAULT_REQUESTS_BEFORE_BATCHING,
            DEFAULT_MAX_MESSAGES, DEFAULT_MAX_BYTES);

    private final boolean enabled;

    private final int requestsBeforeBatching;

    private final int maxMessages;

    private final int maxBytes;

    private AutoBatchOptions(boolean enabled, int requestsBeforeBatching, int maxMessages, int maxBytes) {
        this.enabled = enabled;
        this.requestsBeforeBatching = requestsBeforeBatching;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /**
     * @return batching on, with the default values
     */
    public static AutoBatchOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @return batching off: every async send is its own request
     */
    public static AutoBatchOptions disabled() {
        return DISABLED;
    }

    /**
     * Creates options with batching on.
     * @param requestsBeforeBatching requests of a topic in flight before its sends are
     * batched, at least 1
     * @param maxMessages most messages in one batch, at least 2
     * @param maxBytes most bytes of one batch, at least 1 KiB (a batch is also kept under
     * the maximum message size of {@link SendOptions})
     * @return the options
     * @throws InvalidOptionException naming the value that is out of range
     */
    public static AutoBatchOptions of(int requestsBeforeBatching, int maxMessages, int maxBytes) {
        return new AutoBatchOptions(true, OptionChecks.atLeast("requestsBeforeBatching", requestsBeforeBatching, 1),
                OptionChecks.atLeast("maxMessages", maxMessages, 2),
                (int) OptionChecks.atLeastBytes("maxBytes", maxBytes, 1024));
    }

    /**
     * @return whether async sends are batched under load
     */
    public boolean enabled() {
        return this.enabled;
    }

    /**
     * @return requests of one topic in flight before its async sends are batched
     */
    public int requestsBeforeBatching() {
        return this.requestsBeforeBatching;
    }

    /**
     * @return most messages in one batch
     */
    public int maxMessages() {
        return this.maxMessages;
    }

    /**
     * @return most bytes of one batch
     */
    public int maxBytes() {
        return this.maxBytes;
    }

    @Override
    public String toString() {
        return "AutoBatchOptions[enabled=" + this.enabled + ", requestsBeforeBatching=" + this.requestsBeforeBatching
                + ", maxMessages=" + this.maxMessages + ", maxBytes=" + this.maxBytes + "]";
    }

}
