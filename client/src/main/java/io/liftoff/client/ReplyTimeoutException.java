package io.liftoff.client;

/**
 * A request was sent, but no reply came within its timeout. The request is stored on the
 * broker: a replier may still process it, but its reply is dropped.
 */
public class ReplyTimeoutException extends LiftoffException {

    private static final long serialVersionUID = 1L;

    /** The request's topic. */
    private final String topic;

    /** The time waited for the reply, in milliseconds. */
    private final long timeoutMillis;

    /**
     * Creates the exception.
     * @param topic the request's topic
     * @param timeoutMillis the time waited, in milliseconds
     */
    public ReplyTimeoutException(String topic, long timeoutMillis) {
        super("Request to topic '" + topic + "' was sent, but no reply came within " + timeoutMillis
                + " ms: check that a consumer of '" + topic + "' replies, or give the request a longer timeout");
        this.topic = topic;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * @return the request's topic
     */
    public String topic() {
        return this.topic;
    }

    /**
     * @return the time waited, in milliseconds
     */
    public long timeoutMillis() {
        return this.timeoutMillis;
    }

}
