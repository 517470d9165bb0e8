package io.liftoff.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * One producer under test, behind the few operations the load tool needs. Each send
 * builds a new message with {@link RunMessages#build} (the run's {@link MessageShape}:
 * topic, tag, key, shared body, and in realistic mode user properties), as an application
 * would, so every client pays for its own message objects.
 */
interface BenchClient extends AutoCloseable {

    /**
     * @return {@code liftoff}, {@code official}, {@code official-autobatch} or
     * {@code raw-batch}
     */
    String name();

    /**
     * @return what this client is and how it is configured, for the output (after
     * {@link #start()}: with the settings read from the started client)
     */
    String description();

    /** Builds and starts the producer. */
    void start();

    /**
     * Sends and waits for the broker's answer.
     * @param messages the run's messages
     * @param index the message index (picks the key)
     * @throws RuntimeException when the send failed or was not stored with
     * {@code SEND_OK}
     */
    void sendSync(RunMessages messages, int index);

    /**
     * Sends without waiting; {@code completion} runs once, on the client's thread, with
     * the send's failure or {@code null}.
     * @param messages the run's messages
     * @param index the message index
     * @param startNanos when the send started, handed back to the completion
     * @param completion told of the outcome
     */
    void sendAsync(RunMessages messages, int index, long startNanos, Completion completion);

    /**
     * Sends without an answer.
     * @param messages the run's messages
     * @param index the message index
     */
    void sendOneway(RunMessages messages, int index);

    /**
     * Sends one message synchronously and tells where it was stored, for the read-back
     * check.
     * @param messages the check's messages
     * @param index the message index
     * @return the client's message id and the queue and offset the broker reported
     */
    Sent sendForCheck(RunMessages messages, int index);

    /**
     * Tells whether a thread does this client's work: its library's threads and the load
     * tool's sender threads for this client.
     * @param id the thread id
     * @param name the thread name
     * @return whether its CPU time and allocation count for this client
     */
    boolean owns(long id, String name);

    /**
     * Tells whether this client can run a send mode.
     * @param mode the mode
     * @return why it cannot, or {@code null} when it can (a producer can run every mode)
     */
    default @Nullable String unsupported(Scenario.Mode mode) {
        return null;
    }

    /**
     * @return messages each {@link #sendAsync} call sends: 1 for a producer
     */
    default int messagesPerCall() {
        return 1;
    }

    /**
     * @param window the scenario's async window, in messages
     * @return how many {@link #sendAsync} calls may be in flight at once: the window for
     * a producer
     */
    default int callsInFlight(int window) {
        return window;
    }

    /**
     * @return the prefix of this client's sender threads ({@code bench-<name>-sender-}:
     * no client's prefix starts another's)
     */
    default String senderPrefix() {
        return "bench-" + name() + "-sender-";
    }

    @Override
    void close();

    /** The outcome of an async send. */
    interface Completion {

        /**
         * Called once per send.
         * @param startNanos the start handed to {@link #sendAsync}
         * @param failure the failure, or {@code null} when stored
         */
        void done(long startNanos, Throwable failure);

    }

    /**
     * Where a message was stored.
     *
     * @param messageId the client message id ({@code UNIQ_KEY})
     * @param broker the broker name
     * @param queueId the queue
     * @param queueOffset the offset in the queue
     */
    record Sent(String messageId, String broker, int queueId, long queueOffset) {
    }

}
