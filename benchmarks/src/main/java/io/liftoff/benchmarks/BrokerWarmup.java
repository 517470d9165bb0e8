package io.liftoff.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * Warms the brokers before any client's round: freshly started brokers spend much of
 * their CPU compiling for their first tens of seconds under load (measured with brokers
 * as child JVMs: 16.5 µs of their CPU per message in the first million raw-batch
 * messages, 3.7 µs in the eighth), and on two shared cores what they spend per message
 * bounds every client's throughput. Sends pre-encoded batch frames
 * ({@link RawBatchClient}, the cheapest load for the client side) at each body size in
 * turn for a set time, so that the rounds compare the clients against brokers close to
 * their steady state.
 */
final class BrokerWarmup {

    private BrokerWarmup() {
    }

    /**
     * Runs the warm-up.
     * @param duration how long
     * @param runner runs the load and measures it
     * @param client the raw batch sender, started
     * @param senders its sender threads
     * @param sizes the body sizes, taken in turn
     * @param count messages per run
     * @return a line saying what the brokers spent per message in the first and the last
     * runs
     * @throws Exception when a run fails, or stores nothing
     */
    static String run(Duration duration, LoadRunner runner, BenchClient client, ExecutorService senders,
            List<Integer> sizes, int count) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        RunResult first = null;
        RunResult last = null;
        int runs = 0;
        long errors = 0;
        String firstError = null;
        while (runs == 0 || System.nanoTime() - deadline < 0) {
            Scenario scenario = new Scenario(Scenario.Mode.ASYNC, sizes.get(runs % sizes.size()), count);
            last = runner.run(client, senders, scenario, Integer.MIN_VALUE);
            // Cold brokers may refuse some requests as busy (their send queue waited
            // over 200 ms): that is what the warm-up is for; a run that stored nothing is
            // not.
            if (last.calls() == 0) {
                throw new IllegalStateException("Broker warm-up failed: no message stored; " + last.firstError());
            }
            errors += last.errors();
            if (firstError == null) {
                firstError = last.firstError();
            }
            if (first == null) {
                first = last;
            }
            runs++;
        }
        return String.format(Locale.ROOT,
                "Broker warm-up: %d runs of %,d raw-batch messages in %d s (body sizes %s in turn); first run %.0f "
                        + "msgs/s, servers' CPU %.1f us/msg; last run %.0f msgs/s, %.1f us/msg%s",
                runs, count, duration.toSeconds(), sizes, first.rate(), first.serversCpuMicrosPerMessage(), last.rate(),
                last.serversCpuMicrosPerMessage(),
                (errors > 0) ? "; " + errors + " refused by the brokers while cold, the first: " + firstError : "");
    }

}
