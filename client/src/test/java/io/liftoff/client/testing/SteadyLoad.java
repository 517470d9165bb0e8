package io.liftoff.client.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import org.jspecify.annotations.Nullable;

/**
 * Steady send load on one topic: one thread making sync sends one after the other with a
 * pause between them, and async sends started at a fixed rate, each message's body naming
 * it ({@code sync-7}, {@code async-12}). Every send's start, end and failure is recorded.
 * {@link #close()} stops starting sends and waits for those under way.
 */
public final class SteadyLoad implements AutoCloseable {

    private final Producer producer;

    private final String topic;

    private final long paceNanos;

    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    private final List<CompletableFuture<?>> asyncSends = new CopyOnWriteArrayList<>();

    private final AtomicInteger asyncCount = new AtomicInteger();

    private final ScheduledExecutorService asyncStarter = Executors
        .newSingleThreadScheduledExecutor((task) -> new Thread(task, "steady-load-async"));

    private final Thread syncSender;

    private volatile boolean running = true;

    /**
     * Starts the load.
     * @param producer the producer, started
     * @param topic the topic
     * @param pace the pause after each sync send, and the interval between async sends
     */
    public SteadyLoad(Producer producer, String topic, Duration pace) {
        this.producer = producer;
        this.topic = topic;
        this.paceNanos = pace.toNanos();
        this.syncSender = new Thread(this::sendSyncUntilStopped, "steady-load-sync");
        this.syncSender.start();
        this.asyncStarter.scheduleAtFixedRate(this::startAsyncSend, 0, this.paceNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * @return every finished send so far, in the order they finished
     */
    public List<Outcome> outcomes() {
        return List.copyOf(this.outcomes);
    }

    @Override
    public void close() throws InterruptedException {
        this.running = false;
        this.asyncStarter.shutdown();
        this.asyncStarter.awaitTermination(5, TimeUnit.SECONDS);
        this.syncSender.join(TimeUnit.SECONDS.toMillis(10));
        CompletableFuture.allOf(this.asyncSends.toArray(CompletableFuture[]::new))
            .completeOnTimeout(null, 10, TimeUnit.SECONDS)
            .exceptionally((failure) -> null)
            .join();
    }

    private void sendSyncUntilStopped() {
        for (int i = 0; this.running; i++) {
            String body = "sync-" + i;
            long start = System.nanoTime();
            Throwable failure = null;
            try {
                this.producer.send(message(body));
            }
            catch (RuntimeException ex) {
                failure = ex;
            }
            this.outcomes.add(new Outcome(body, false, start, System.nanoTime(), failure));
            LockSupport.parkNanos(this.paceNanos);
        }
    }

    private void startAsyncSend() {
        String body = "async-" + this.asyncCount.getAndIncrement();
        long start = System.nanoTime();
        this.asyncSends.add(this.producer.sendAsync(message(body))
            .whenComplete((result, failure) -> this.outcomes
                .add(new Outcome(body, true, start, System.nanoTime(), failure))));
    }

    private Message message(String body) {
        return Message.of(this.topic, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One finished send.
     *
     * @param body the message's body, naming it
     * @param async whether it was an async send
     * @param startNanos when it was made ({@link System#nanoTime()})
     * @param endNanos when it succeeded or failed
     * @param failure why it failed; absent when it succeeded
     */
    public record Outcome(String body, boolean async, long startNanos, long endNanos, @Nullable Throwable failure) {

        /**
         * @return whether the broker stored the message
         */
        public boolean succeeded() {
            return this.failure == null;
        }

        /**
         * @return how long the send took, in milliseconds
         */
        public long millis() {
            return TimeUnit.NANOSECONDS.toMillis(this.endNanos - this.startNanos);
        }

    }

}
