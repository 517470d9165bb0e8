package io.liftoff.compat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One thread sending sync messages at a steady rate (a send every period, or right after
 * the previous one when it took longer), recording each send's outcome.
 */
final class SteadySends implements AutoCloseable {

    private final String name;

    private final SyncSend send;

    private final long periodNanos;

    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    private final Thread thread;

    private volatile boolean stopped;

    SteadySends(String name, long periodMillis, SyncSend send) {
        this.name = name;
        this.send = send;
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.thread = new Thread(this::run, "steady-" + name);
    }

    SteadySends start() {
        this.thread.start();
        return this;
    }

    private void run() {
        long next = System.nanoTime();
        for (int i = 0; !this.stopped; i++) {
            long start = System.nanoTime();
            String key = this.name + "-" + i;
            try {
                String storeAddress = this.send.send(key);
                this.outcomes.add(new Outcome(key, start, System.nanoTime(), storeAddress, null));
            }
            catch (Exception ex) {
                this.outcomes.add(new Outcome(key, start, System.nanoTime(), null, ex.toString()));
            }
            next += this.periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
            else {
                next = System.nanoTime();
            }
        }
    }

    List<Outcome> outcomes() {
        return List.copyOf(this.outcomes);
    }

    List<Outcome> failures() {
        return this.outcomes.stream().filter((outcome) -> outcome.error() != null).toList();
    }

    List<String> acknowledgedKeys() {
        return this.outcomes.stream().filter((outcome) -> outcome.error() == null).map(Outcome::key).toList();
    }

    /**
     * @param sinceNanos a {@link System#nanoTime()}
     * @return the first acknowledged send that started at or after it, if any
     */
    @Nullable Outcome firstAcknowledgedStartedAfter(long sinceNanos) {
        return this.outcomes.stream()
            .filter((outcome) -> outcome.error() == null && outcome.startNanos() - sinceNanos >= 0)
            .findFirst()
            .orElse(null);
    }

    /**
     * @param sinceNanos a {@link System#nanoTime()}
     * @return the first acknowledged send that ended at or after it, if any
     */
    @Nullable Outcome firstAcknowledgedEndedAfter(long sinceNanos) {
        return this.outcomes.stream()
            .filter((outcome) -> outcome.error() == null && outcome.endNanos() - sinceNanos >= 0)
            .findFirst()
            .orElse(null);
    }

    @Override
    public void close() throws InterruptedException {
        this.stopped = true;
        this.thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    /**
     * Sends one message with this key, returning the address of the broker that stored
     * it.
     */
    @FunctionalInterface
    interface SyncSend {

        String send(String key) throws Exception;

    }

    /**
     * One send's outcome.
     *
     * @param key its key
     * @param startNanos when it started
     * @param endNanos when it ended
     * @param storeAddress the broker that stored it, when acknowledged
     * @param error why it failed, when it did
     */
    record Outcome(String key, long startNanos, long endNanos, @Nullable String storeAddress, @Nullable String error) {
    }

}
