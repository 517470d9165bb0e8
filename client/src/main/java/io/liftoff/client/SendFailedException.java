package io.liftoff.client;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A send failed after every attempt it was allowed. The message lists each attempt's
 * broker and failure, for example
 * {@code Send to topic 'orders' failed after 3 attempts (broker-a: timeout 1000 ms; broker-b:
 * SYSTEM_BUSY (2)) within 3000 ms}. The cause is the last attempt's failure, absent when
 * the send timeout ran out between attempts or before the first.
 */
public class SendFailedException extends LiftoffException {

    private static final long serialVersionUID = 1L;

    /** The topic of the failed send. */
    private final String topic;

    /** One entry per attempt made, {@code broker: failure}. */
    private final List<String> attempts;

    /**
     * Creates the exception.
     * @param topic the topic
     * @param message the full description
     * @param attempts one entry per attempt, {@code broker: failure}
     * @param cause the last attempt's failure; absent when the send timeout ran out
     * between attempts
     */
    public SendFailedException(String topic, String message, List<String> attempts, @Nullable Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.attempts = List.copyOf(attempts);
    }

    /**
     * @return the topic of the failed send
     */
    public String topic() {
        return this.topic;
    }

    /**
     * @return one entry per attempt made, {@code broker: failure}
     */
    public List<String> attempts() {
        return this.attempts;
    }

}
