package io.liftoff.client;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Chooses the queue of an ordered send. Must be deterministic for ordering to hold: the
 * same argument picks the same queue while the route does not change.
 */
@FunctionalInterface
public interface QueueSelector {

    /**
     * Chooses a queue.
     * @param queues the topic's write queues, in a stable order, never empty
     * @param message the message being sent
     * @param arg the argument passed to the send, if it was given one
     * @return one of {@code queues}
     */
    MessageQueue select(List<MessageQueue> queues, Message message, @Nullable Object arg);

}
