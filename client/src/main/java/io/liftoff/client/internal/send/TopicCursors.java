package io.liftoff.client.internal.send;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The round-robin position of each topic: every send takes the next, so that sends spread
 * over a topic's write queues. Each topic starts at a random position, so that producers
 * started together do not all begin with the same queue. Thread-safe.
 */
final class TopicCursors {

    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();

    /**
     * Takes a topic's next position.
     * @param topic the topic on the wire
     * @return the position, any int (callers take it modulo their queue count)
     */
    int next(String topic) {
        AtomicInteger cursor = this.cursors.get(topic);
        if (cursor == null) {
            cursor = this.cursors.computeIfAbsent(topic,
                    (key) -> new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16)));
        }
        return cursor.getAndIncrement();
    }

}
