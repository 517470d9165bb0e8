package io.liftoff.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

/**
 * Runs one scenario for one client on that client's sender threads, and measures it:
 * latency per send, throughput, and CPU time and allocation of the client's threads
 * (broker threads excluded).
 */
final class LoadRunner {

    private static final long HIGHEST_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ThreadMeter meter;

    private final StoredMessages stored;

    private final ThreadOwners owners;

    private final MessageShape shape;

    private final Payloads payloads;

    /**
     * Start of every run tag: this process's start in base 36, so that keys differ
     * between runs of the tool.
     */
    private final String runTagPrefix = Long.toString(System.currentTimeMillis(), 36);

    private int runs;

    private final LongSupplier serversCpu;

    /**
     * @param meter measures the clients' threads
     * @param stored counts what the brokers stored
     * @param owners told of the threads that appear during each run
     * @param shape how each send builds its message
     * @param payloads the topic, prebuilt keys and bodies
     * @param serversCpu the NameServer's and brokers' CPU time so far in ns, negative
     * when unknown
     */
    LoadRunner(ThreadMeter meter, StoredMessages stored, ThreadOwners owners, MessageShape shape, Payloads payloads,
            LongSupplier serversCpu) {
        this.meter = meter;
        this.serversCpu = serversCpu;
        this.stored = stored;
        this.owners = owners;
        this.shape = shape;
        this.payloads = payloads;
    }

    RunResult run(BenchClient client, ExecutorService senders, Scenario scenario, int round) throws Exception {
        Scenario.Mode mode = scenario.mode();
        RunMessages messages = RunMessages.of(this.shape, this.payloads, scenario.size(),
                this.runTagPrefix + "-" + (++this.runs));
        int threads = mode.threads;
        Histogram[] histograms = new Histogram[threads];
        for (int i = 0; i < threads; i++) {
            histograms[i] = (mode == Scenario.Mode.ASYNC) ? new AtomicHistogram(HIGHEST_LATENCY_NANOS, 3)
                    : new Histogram(HIGHEST_LATENCY_NANOS, 3);
        }
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> tasks = new ArrayList<>();
        int perThread = scenario.count() / threads;
        for (int t = 0; t < threads; t++) {
            int from = t * perThread;
            int to = (t == threads - 1) ? scenario.count() : from + perThread;
            Histogram histogram = histograms[t];
            tasks.add(senders.submit(() -> {
                go.await();
                return switch (mode) {
                    case SYNC_1, SYNC_8 ->
                        timedCalls((i) -> client.sendSync(messages, i), from, to, histogram, errors, firstError);
                    case ASYNC -> async(client, messages, from, to, mode.window, histogram, errors, firstError);
                    case ONEWAY ->
                        timedCalls((i) -> client.sendOneway(messages, i), from, to, histogram, errors, firstError);
                };
            }));
        }
        long storedBefore = this.stored.count();
        ThreadMeter.Sample before = this.meter.sample();
        long serversBefore = this.serversCpu.getAsLong();
        long start = System.nanoTime();
        go.countDown();
        long sent = 0;
        for (Future<Integer> task : tasks) {
            sent += task.get(10, TimeUnit.MINUTES);
        }
        long end = System.nanoTime();
        long calls = sent - errors.get();
        long storedCount = 0;
        if (mode == Scenario.Mode.ONEWAY) {
            long[] drained = drain(storedBefore, calls);
            storedCount = drained[0];
            end = Math.max(end, drained[1]);
        }
        ThreadMeter.Sample after = this.meter.sample();
        if (mode != Scenario.Mode.ONEWAY) {
            storedCount = awaitStored(storedBefore, calls);
        }
        // After the store caught up: the brokers index and dispatch a message after
        // acknowledging it, and that work belongs to this run.
        long serversAfter = this.serversCpu.getAsLong();
        this.owners.claim(client.name(), after.names().keySet());
        ThreadMeter.Usage usage = after.since(before, client::owns);
        long processCpu = after.processCpuSince(before);
        Histogram all = new Histogram(HIGHEST_LATENCY_NANOS, 3);
        for (Histogram histogram : histograms) {
            all.add(histogram);
        }
        double seconds = (end - start) / 1e9;
        long counted = (mode == Scenario.Mode.ONEWAY) ? storedCount : calls;
        double perMessage = Math.max(1, counted);
        return new RunResult(client.name(), round, calls, errors.get(), storedCount, seconds, counted / seconds,
                all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3, all.getMaxValue() / 1e3,
                usage.cpuNanos() / 1e3 / perMessage, (processCpu < 0) ? Double.NaN : processCpu / 1e3 / perMessage,
                (serversBefore < 0 || serversAfter < 0) ? Double.NaN
                        : (serversAfter - serversBefore) / 1e3 / perMessage,
                usage.allocatedBytes() / perMessage, usage.threads(), firstError.get());
    }

    /**
     * Times each blocking call: sync sends, and oneway sends (whose rate is counted from
     * the store).
     * @return the messages sent
     */
    private static int timedCalls(IntConsumer send, int from, int to, Histogram histogram, AtomicLong errors,
            AtomicReference<String> firstError) {
        for (int i = from; i < to; i++) {
            long start = System.nanoTime();
            try {
                send.accept(i);
                histogram.recordValue(Math.min(HIGHEST_LATENCY_NANOS, System.nanoTime() - start));
            }
            catch (RuntimeException ex) {
                failed(ex, 1, errors, firstError);
            }
        }
        return to - from;
    }

    /**
     * Sends from {@code from} until {@code to} messages,
     * {@link BenchClient#messagesPerCall} per call, at most
     * {@link BenchClient#callsInFlight} calls in flight.
     * @return the messages sent: {@code to - from} rounded up to whole calls
     */
    private static int async(BenchClient client, RunMessages messages, int from, int to, int window,
            Histogram histogram, AtomicLong errors, AtomicReference<String> firstError) throws InterruptedException {
        int perCall = client.messagesPerCall();
        int permits = client.callsInFlight(window);
        Semaphore inFlight = new Semaphore(permits);
        BenchClient.Completion completion = (startNanos, failure) -> {
            if (failure == null) {
                histogram.recordValue(Math.min(HIGHEST_LATENCY_NANOS, System.nanoTime() - startNanos));
            }
            else {
                failed(failure, perCall, errors, firstError);
            }
            inFlight.release();
        };
        int sent = 0;
        for (int i = from; i < to; i += perCall) {
            inFlight.acquire();
            client.sendAsync(messages, i, System.nanoTime(), completion);
            sent += perCall;
        }
        if (!inFlight.tryAcquire(permits, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(client.name() + ": async sends still in flight 60 s after the last one");
        }
        return sent;
    }

    private static void failed(Throwable failure, int messages, AtomicLong errors, AtomicReference<String> firstError) {
        errors.addAndGet(messages);
        firstError.compareAndSet(null, String.valueOf(failure).replaceAll("\\s+", " "));
    }

    /**
     * Waits until the brokers stored {@code expected} more messages, or stored nothing
     * more for a second.
     * @return the messages stored, and when the last of them was first seen
     */
    private long[] drain(long before, long expected) throws InterruptedException {
        long last = this.stored.count() - before;
        long lastChange = System.nanoTime();
        while (last < expected && System.nanoTime() - lastChange < TimeUnit.SECONDS.toNanos(1)) {
            Thread.sleep(1);
            long now = this.stored.count() - before;
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
        return new long[] { last, lastChange };
    }

    /**
     * Waits for the store to show the acknowledged messages: a broker acknowledges a
     * message once it is in its commit log and adds it to the queue (and key) index a
     * little later, far later after a fast run of separate-JVM brokers. Waiting until the
     * count stops growing (5 s without progress, 120 s at most) also keeps one client's
     * backlog out of the next client's run.
     */
    private long awaitStored(long before, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long count = this.stored.count() - before;
        long progressAt = System.nanoTime();
        while (count < expected && System.nanoTime() < deadline
                && System.nanoTime() - progressAt < TimeUnit.SECONDS.toNanos(5)) {
            Thread.sleep(10);
            long now = this.stored.count() - before;
            if (now != count) {
                count = now;
                progressAt = System.nanoTime();
            }
        }
        return count;
    }

}
