package io.liftoff.benchmarks;

/**
 * The messages of one run (one client, scenario and round): the shape, the payloads, the
 * body of the scenario's size and a tag unique to the run, from which each send builds
 * its message by index.
 *
 * @param shape how each message is built
 * @param payloads the topic, prebuilt keys and bodies
 * @param body the body of every message of the run
 * @param runTag unique in this process, part of realistic keys
 */
record RunMessages(MessageShape shape, Payloads payloads, byte[] body, String runTag) {

    /**
     * The messages of a run.
     * @param shape how each message is built
     * @param payloads the topic, prebuilt keys and bodies
     * @param size the body size
     * @param runTag unique in this process
     * @return the run's messages
     */
    static RunMessages of(MessageShape shape, Payloads payloads, int size, String runTag) {
        return new RunMessages(shape, payloads, payloads.body(size), runTag);
    }

    /**
     * Builds a message.
     * @param <M> the client's message type
     * @param index the message's index in the run
     * @param factory the client's message factory
     * @return a new message
     */
    <M> M build(int index, MessageShape.MessageFactory<M> factory) {
        return this.shape.build(this.payloads, this.runTag, this.body, index, factory);
    }

    /**
     * @param index the message's index in the run
     * @return its key, as {@link #build} gives it
     */
    String key(int index) {
        return this.shape.key(this.payloads, this.runTag, index);
    }

    /**
     * @return the body size
     */
    int size() {
        return this.body.length;
    }

}
