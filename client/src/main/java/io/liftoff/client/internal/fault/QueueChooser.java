package io.liftoff.client.internal.fault;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.liftoff.client.MessageQueue;
import org.jspecify.annotations.Nullable;

/**
 * Picks the write queue of an attempt: round-robin from a cursor, skipping the broker
 * that just failed and, with fault tolerance on, brokers that are isolated; when every
 * broker is isolated, the least bad one (not the one that just failed, if there is
 * another).
 */
public final class QueueChooser {

    private final FaultTable faults;

    private final boolean faultTolerant;

    /**
     * Creates a chooser.
     * @param faults the fault table
     * @param faultTolerant whether isolated brokers are avoided
     */
    public QueueChooser(FaultTable faults, boolean faultTolerant) {
        this.faults = faults;
        this.faultTolerant = faultTolerant;
    }

    /**
     * Chooses a queue.
     * @param queues the topic's write queues, not empty
     * @param cursor a per-topic counter value; consecutive values walk the queues
     * round-robin
     * @param avoidBroker the broker that failed the previous attempt; absent on a first
     * attempt
     * @return the queue
     */
    public MessageQueue choose(List<MessageQueue> queues, int cursor, @Nullable String avoidBroker) {
        int size = queues.size();
        int start = Math.floorMod(cursor, size);
        long now = this.faults.now();
        MessageQueue fallback = null;
        for (int i = 0; i < size; i++) {
            MessageQueue queue = queues.get((start + i) % size);
            String broker = queue.brokerName();
            if (broker.equals(avoidBroker)) {
                continue;
            }
            if (!this.faultTolerant || this.faults.isAvailable(broker, now)) {
                return queue;
            }
            if (fallback == null) {
                fallback = queue;
            }
        }
        if (fallback == null) {
            return queues.get(start);
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (MessageQueue queue : queues) {
            if (!queue.brokerName().equals(avoidBroker)) {
                candidates.add(queue.brokerName());
            }
        }
        String best = this.faults.leastBad(candidates);
        for (int i = 0; i < size; i++) {
            MessageQueue queue = queues.get((start + i) % size);
            if (queue.brokerName().equals(best)) {
                return queue;
            }
        }
        return fallback;
    }

}
