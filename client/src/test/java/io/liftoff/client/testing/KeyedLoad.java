package io.liftoff.client.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.embedded.StoredMessages;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.MessageExt;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * Steady load of messages with unique keys, for fault tests that compare what a client
 * acknowledged with what the brokers stored: a few threads of sync sends, each pausing a
 * little between sends, and one paced stream of async sends with a bounded number in
 * flight. Every send's key, broker, duration and outcome is recorded; any client fits
 * behind a {@link Sender}.
 */
@NullMarked
public final class KeyedLoad {

    private final String name;

    private final Sender sender;

    private final Semaphore asyncPermits;

    private final int asyncInFlight;

    private final AtomicBoolean running = new AtomicBoolean(true);

    private final List<Thread> threads = new ArrayList<>();

    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

    private KeyedLoad(String name, Sender sender, int asyncInFlight) {
        this.name = name;
        this.sender = sender;
        this.asyncInFlight = asyncInFlight;
        this.asyncPermits = new Semaphore(asyncInFlight);
    }

    /**
     * Starts sending.
     * @param name prefixes every key and thread name, for example {@code liftoff}
     * @param sender sends one message with a key
     * @param syncThreads threads of sync sends
     * @param syncPause each sync thread's pause between two sends
     * @param asyncInFlight most async sends in flight at once
     * @param asyncInterval the async stream's pace: one send per interval, unless
     * {@code asyncInFlight} sends are in flight
     * @return the running load
     */
    public static KeyedLoad start(String name, Sender sender, int syncThreads, Duration syncPause, int asyncInFlight,
            Duration asyncInterval) {
        KeyedLoad load = new KeyedLoad(name, sender, asyncInFlight);
        for (int t = 0; t < syncThreads; t++) {
            String prefix = name + "-sync" + t + "-";
            load.thread(prefix, () -> load.syncLoop(prefix, syncPause));
        }
        String prefix = name + "-async-";
        load.thread(prefix, () -> load.asyncLoop(prefix, asyncInterval));
        load.threads.forEach(Thread::start);
        return load;
    }

    /**
     * Stops sending and waits until every async send in flight completed.
     * @param drainTimeout how long to wait for the async sends
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if a thread did not stop or an async send did not
     * complete in time: a send that never ends is a bug
     */
    public void stop(Duration drainTimeout) throws InterruptedException {
        this.running.set(false);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (Thread thread : this.threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                thread.interrupt();
                throw new IllegalStateException(
                        thread.getName() + " still sending " + drainTimeout.toMillis() + " ms after the load stopped");
            }
        }
        if (!this.asyncPermits.tryAcquire(this.asyncInFlight, Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException(
                    (this.asyncInFlight - this.asyncPermits.availablePermits()) + " async sends of " + this.name
                            + " not completed " + drainTimeout.toMillis() + " ms after the load stopped");
        }
    }

    /**
     * Returns every send that completed so far.
     * @return the outcomes, in completion order
     */
    public List<Outcome> outcomes() {
        return List.copyOf(this.outcomes);
    }

    /**
     * Counts the outcomes against what the brokers stored, reading the topic back with
     * the official consumer.
     * @param nameServer the NameServer address
     * @param topic the topic this load sent to, and nothing else
     * @return the counts
     */
    public Tally tally(String nameServer, String topic) {
        List<Outcome> all = outcomes();
        long acknowledged = all.stream().filter(Outcome::acknowledged).count();
        long reading = System.nanoTime();
        List<MessageExt> read = StoredMessages.read(nameServer, topic, (int) acknowledged, Duration.ofSeconds(30));
        long readMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reading);
        Map<String, Integer> stored = new HashMap<>();
        for (MessageExt message : read) {
            stored.merge(message.getKeys(), 1, Integer::sum);
        }
        long missing = all.stream().filter((o) -> o.acknowledged() && !stored.containsKey(o.key())).count();
        long duplicateKeys = stored.values().stream().filter((copies) -> copies > 1).count();
        long extraCopies = stored.values().stream().mapToLong((copies) -> copies - 1).sum();
        long storedUnacknowledged = all.stream()
            .filter((o) -> !o.acknowledged() && stored.containsKey(o.key()))
            .count();
        long slowest = all.stream().mapToLong(Outcome::durationNanos).max().orElse(0);
        Map<String, Long> failures = new TreeMap<>();
        for (Outcome outcome : all) {
            if (outcome.failure() != null) {
                failures.merge(outcome.failure().getClass().getSimpleName(), 1L, Long::sum);
            }
        }
        return new Tally(this.name, all.size(), acknowledged, all.size() - acknowledged, read.size(), missing,
                duplicateKeys, extraCopies, storedUnacknowledged, TimeUnit.NANOSECONDS.toMillis(slowest), failures,
                readMillis);
    }

    private void thread(String label, Runnable body) {
        Thread thread = new Thread(body, "keyed-load-" + label);
        thread.setDaemon(true);
        this.threads.add(thread);
    }

    private void syncLoop(String prefix, Duration pause) {
        for (long i = 0; this.running.get(); i++) {
            String key = prefix + i;
            long start = System.nanoTime();
            try {
                String broker = this.sender.send(key);
                this.outcomes.add(new Outcome(key, false, start, System.nanoTime(), broker, null));
            }
            catch (Exception ex) {
                this.outcomes.add(new Outcome(key, false, start, System.nanoTime(), null, ex));
            }
            try {
                Thread.sleep(pause.toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void asyncLoop(String prefix, Duration interval) {
        long next = System.nanoTime();
        try {
            for (long i = 0; this.running.get(); i++) {
                next += interval.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (!this.asyncPermits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    next = System.nanoTime();
                    i--;
                    continue;
                }
                String key = prefix + i;
                long start = System.nanoTime();
                try {
                    this.sender.sendAsync(key, (broker, failure) -> {
                        this.outcomes.add(new Outcome(key, true, start, System.nanoTime(), broker, failure));
                        this.asyncPermits.release();
                    });
                }
                catch (Exception ex) {
                    this.outcomes.add(new Outcome(key, true, start, System.nanoTime(), null, ex));
                    this.asyncPermits.release();
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends one message with a key, with a particular client. */
    public interface Sender {

        /**
         * Sends with Liftoff: {@link Producer#send(Message)} and
         * {@link Producer#sendAsync(Message)}, the producer's settings as they are.
         * @param producer a started producer
         * @param topic the topic
         * @return the sender
         */
        static Sender liftoff(Producer producer, String topic) {
            return new Sender() {
                @Override
                public String send(String key) {
                    return producer.send(message(key)).queue().brokerName();
                }

                @Override
                public void sendAsync(String key, BiConsumer<@Nullable String, @Nullable Throwable> done) {
                    producer.sendAsync(message(key)).whenComplete((result, failure) -> {
                        if (result != null) {
                            done.accept(result.queue().brokerName(), null);
                        }
                        else {
                            done.accept(null, failure);
                        }
                    });
                }

                private Message message(String key) {
                    return Message.builder(topic).keys(key).body(key.getBytes(StandardCharsets.UTF_8)).build();
                }
            };
        }

        /**
         * Sends with the official client:
         * {@link DefaultMQProducer#send( org.apache.rocketmq.common.message.Message)} and
         * {@link DefaultMQProducer#send(org.apache.rocketmq.common.message.Message, SendCallback)},
         * the producer's settings as they are.
         * @param producer a started producer
         * @param topic the topic
         * @return the sender
         */
        static Sender official(DefaultMQProducer producer, String topic) {
            return new Sender() {
                @Override
                public String send(String key) throws Exception {
                    return producer.send(message(key)).getMessageQueue().getBrokerName();
                }

                @Override
                public void sendAsync(String key, BiConsumer<@Nullable String, @Nullable Throwable> done)
                        throws Exception {
                    producer.send(message(key), new SendCallback() {
                        @Override
                        public void onSuccess(SendResult result) {
                            done.accept(result.getMessageQueue().getBrokerName(), null);
                        }

                        @Override
                        public void onException(Throwable failure) {
                            done.accept(null, failure);
                        }
                    });
                }

                private org.apache.rocketmq.common.message.Message message(String key) {
                    return new org.apache.rocketmq.common.message.Message(topic, "", key,
                            key.getBytes(StandardCharsets.UTF_8));
                }
            };
        }

        /**
         * Sends and waits for the answer.
         * @param key the message's unique key
         * @return the broker that stored it
         * @throws Exception if the send failed
         */
        String send(String key) throws Exception;

        /**
         * Sends without waiting.
         * @param key the message's unique key
         * @param done called once: with the broker that stored it, or with the failure
         * @throws Exception if the send failed at once ({@code done} is then not called)
         */
        void sendAsync(String key, BiConsumer<@Nullable String, @Nullable Throwable> done) throws Exception;

    }

    /**
     * One completed send.
     *
     * @param key the message's key
     * @param async whether it was an async send
     * @param startNanos when the send was called
     * @param endNanos when it returned, or its callback ran
     * @param broker the broker that stored it; absent if it failed
     * @param failure why it failed; absent if acknowledged
     */
    public record Outcome(String key, boolean async, long startNanos, long endNanos, @Nullable String broker,
            @Nullable Throwable failure) {

        /**
         * Tells whether the client acknowledged the send.
         * @return {@code true} if it succeeded
         */
        public boolean acknowledged() {
            return this.failure == null;
        }

        /**
         * Returns how long the send took.
         * @return nanoseconds from call to outcome
         */
        public long durationNanos() {
            return this.endNanos - this.startNanos;
        }

    }

    /**
     * What one load sent and what the brokers stored.
     *
     * @param client the load's name
     * @param sent sends completed
     * @param acknowledged sends that succeeded
     * @param failed sends that failed
     * @param stored messages read back, copies included
     * @param missing acknowledged keys not stored
     * @param duplicateKeys keys stored more than once
     * @param extraCopies copies beyond the first of every key
     * @param storedUnacknowledged failed sends whose key was stored anyway
     * @param slowestMillis the longest send
     * @param failures failed sends by exception type
     * @param readMillis how long reading the topic back took
     */
    public record Tally(String client, long sent, long acknowledged, long failed, long stored, long missing,
            long duplicateKeys, long extraCopies, long storedUnacknowledged, long slowestMillis,
            Map<String, Long> failures, long readMillis) {

        /** The header of {@link #row()}. */
        public static final String HEADER = String.format("%-9s %7s %7s %7s %7s %7s %9s %7s %11s %8s %8s  %s", "client",
                "sent", "acked", "failed", "stored", "missing", "dup.keys", "extra", "stored,fail", "slowest",
                "read in", "failures");

        /**
         * Returns the counts as one line of a table.
         * @return the line, aligned under {@link #HEADER}
         */
        public String row() {
            return String.format("%-9s %7d %7d %7d %7d %7d %9d %7d %11d %6dms %6dms  %s", this.client, this.sent,
                    this.acknowledged, this.failed, this.stored, this.missing, this.duplicateKeys, this.extraCopies,
                    this.storedUnacknowledged, this.slowestMillis, this.readMillis, this.failures);
        }

    }

}
