package io.liftoff.autoconfigure.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.liftoff.client.MessageQueue;
import io.liftoff.client.ProducerListener;
import org.jspecify.annotations.Nullable;

/**
 * Counts successful sends per queue, and failed sends per topic, for the {@code rocketmq}
 * endpoint's topic view: since the producer started, and over the last minute (in
 * 10-second steps). A {@link ProducerListener}, so it counts what the producer reports,
 * whichever API sent. Memory is bounded: at most {@value #MAX_TOPICS} topics and
 * {@value #MAX_QUEUES_PER_TOPIC} queues per topic are counted; further ones are not.
 * Thread-safe and cheap: called on Liftoff's I/O threads.
 */
public final class QueueSendCounts implements ProducerListener {

    /** Most topics counted: {@value}. */
    public static final int MAX_TOPICS = 1000;

    /** Most queues counted per topic: {@value}. */
    public static final int MAX_QUEUES_PER_TOPIC = 4096;

    /** Length of the recent window: one minute. */
    public static final Duration WINDOW = Duration.ofMinutes(1);

    private static final int BUCKETS = 6;

    private static final long BUCKET_MILLIS = WINDOW.toMillis() / BUCKETS;

    private final Clock clock;

    private final Map<String, TopicCounts> topics = new ConcurrentHashMap<>();

    /** Creates counts on the system clock. */
    public QueueSendCounts() {
        this(Clock.systemUTC());
    }

    /**
     * Creates counts.
     * @param clock the clock of the recent window
     */
    public QueueSendCounts(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void sendFinished(SendEvent event) {
        TopicCounts topic = topic(event.topic());
        if (topic == null) {
            return;
        }
        long now = this.clock.millis();
        if (event.failure() != null) {
            topic.failed.increment(now);
        }
        else if (event.result() != null && event.result().queue() != null) {
            WindowedCounter queue = topic.queue(event.result().queue());
            if (queue != null) {
                queue.increment(now);
            }
        }
        else {
            topic.unanswered.increment(now);
        }
    }

    /**
     * Returns a topic's counts.
     * @param topic the topic, without namespace
     * @return the counts; absent when nothing was sent to it
     */
    public @Nullable Counts counts(String topic) {
        TopicCounts counts = this.topics.get(topic);
        if (counts == null) {
            return null;
        }
        long now = this.clock.millis();
        List<QueueCount> queues = new ArrayList<>();
        counts.queues
            .forEach((queue, counter) -> queues.add(new QueueCount(queue, counter.total(), counter.recent(now))));
        queues.sort(Comparator.comparing(QueueCount::queue));
        return new Counts(queues, counts.failed.total(), counts.failed.recent(now), counts.unanswered.total(),
                counts.unanswered.recent(now));
    }

    private @Nullable TopicCounts topic(String name) {
        TopicCounts counts = this.topics.get(name);
        if (counts != null || this.topics.size() >= MAX_TOPICS) {
            return counts;
        }
        return this.topics.computeIfAbsent(name, (key) -> new TopicCounts());
    }

    /**
     * One topic's counts.
     *
     * @param queues successful sends per queue, by broker then queue id
     * @param failed failed sends since the start
     * @param failedRecently failed sends over the last minute
     * @param unanswered oneway sends (stored or not, the broker does not say) since the
     * start
     * @param unansweredRecently oneway sends over the last minute
     */
    public record Counts(List<QueueCount> queues, long failed, long failedRecently, long unanswered,
            long unansweredRecently) {
    }

    /**
     * One queue's successful sends.
     *
     * @param queue the queue
     * @param sent since the start
     * @param sentRecently over the last minute
     */
    public record QueueCount(MessageQueue queue, long sent, long sentRecently) {
    }

    private static final class TopicCounts {

        private final Map<MessageQueue, WindowedCounter> queues = new ConcurrentHashMap<>();

        private final WindowedCounter failed = new WindowedCounter();

        private final WindowedCounter unanswered = new WindowedCounter();

        /**
         * @return the queue's counter; absent when the topic has too many queues to count
         * another
         */
        @Nullable WindowedCounter queue(MessageQueue queue) {
            WindowedCounter counter = this.queues.get(queue);
            if (counter != null || this.queues.size() >= MAX_QUEUES_PER_TOPIC) {
                return counter;
            }
            return this.queues.computeIfAbsent(queue, (key) -> new WindowedCounter());
        }

    }

    /**
     * A total, and the counts of the last {@value #BUCKETS} buckets of
     * {@link #BUCKET_MILLIS} each.
     */
    private static final class WindowedCounter {

        private final LongAdder total = new LongAdder();

        private final long[] bucketOf = new long[BUCKETS];

        private final long[] counts = new long[BUCKETS];

        void increment(long nowMillis) {
            this.total.increment();
            long bucket = nowMillis / BUCKET_MILLIS;
            int slot = (int) (bucket % BUCKETS);
            synchronized (this) {
                if (this.bucketOf[slot] != bucket) {
                    this.bucketOf[slot] = bucket;
                    this.counts[slot] = 0;
                }
                this.counts[slot]++;
            }
        }

        long total() {
            return this.total.sum();
        }

        synchronized long recent(long nowMillis) {
            long bucket = nowMillis / BUCKET_MILLIS;
            long sum = 0;
            for (int slot = 0; slot < BUCKETS; slot++) {
                if (bucket - this.bucketOf[slot] < BUCKETS && this.bucketOf[slot] <= bucket) {
                    sum += this.counts[slot];
                }
            }
            return sum;
        }

    }

}
