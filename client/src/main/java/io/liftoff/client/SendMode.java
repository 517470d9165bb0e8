package io.liftoff.client;

/** How a message was sent; a tag of metrics and events. */
public enum SendMode {

    /** {@link Producer#send(Message)}: the caller waits, retries on other brokers. */
    SYNC,

    /** {@link Producer#sendAsync(Message)}: a future, retries without blocking. */
    ASYNC,

    /** {@link Producer#sendOneway(Message)}: no answer read, no retries. */
    ONEWAY,

    /**
     * {@link Producer#sendOrderly(Message, Object)}: a fixed queue per key, no retries
     * onto another queue.
     */
    ORDERLY,

    /** {@link Producer#sendBatch(java.util.List)}: several messages in one request. */
    BATCH;

    /**
     * @return the lower-case name used as a metric tag
     */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

}
