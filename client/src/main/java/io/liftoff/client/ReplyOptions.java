package io.liftoff.client;

/**
 * Bounds on request-reply ({@link Producer#request(Message, java.time.Duration)}): how
 * many requests may wait for their reply at once, so that memory stays bounded however
 * many requests go unanswered.
 */
public final class ReplyOptions {

    /** Default largest number of requests waiting for a reply: 10,000. */
    public static final int DEFAULT_MAX_PENDING_REQUESTS = 10_000;

    private static final ReplyOptions DEFAULTS = new ReplyOptions(DEFAULT_MAX_PENDING_REQUESTS);

    private final int maxPendingRequests;

    private ReplyOptions(int maxPendingRequests) {
        this.maxPendingRequests = maxPendingRequests;
    }

    /**
     * @return the default options
     */
    public static ReplyOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Creates options.
     * @param maxPendingRequests the largest number of requests waiting for a reply, at
     * least 1; a request beyond it is refused before it is sent
     * @return the options
     * @throws InvalidOptionException when the value is out of range
     */
    public static ReplyOptions of(int maxPendingRequests) {
        return new ReplyOptions(OptionChecks.atLeast("maxPendingRequests", maxPendingRequests, 1));
    }

    /**
     * @return the largest number of requests waiting for a reply
     */
    public int maxPendingRequests() {
        return this.maxPendingRequests;
    }

    @Override
    public String toString() {
        return "ReplyOptions[maxPendingRequests=" + this.maxPendingRequests + "]";
    }

}
