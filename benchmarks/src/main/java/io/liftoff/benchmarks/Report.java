package io.liftoff.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.liftoff.benchmarks.RunResult.Metric;

/**
 * Medians over rounds, Liftoff ÷ official ratios (the median of each round's ratio), the
 * issue's targets, and their rendering as a text table and as JSON.
 */
final class Report {

    private final List<ScenarioResults> scenarios = new ArrayList<>();

    private List<Double> liftoffStartup = List.of();

    private List<Double> officialStartup = List.of();

    void add(ScenarioResults results) {
        this.scenarios.add(results);
    }

    void startup(List<Double> liftoff, List<Double> official) {
        this.liftoffStartup = liftoff;
        this.officialStartup = official;
    }

    List<ScenarioResults> scenarios() {
        return this.scenarios;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream()
            .mapToDouble(Double::doubleValue)
            .filter((v) -> !Double.isNaN(v))
            .sorted()
            .toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    double startupRatio() {
        return median(this.liftoffStartup) / median(this.officialStartup);
    }

    /** One scenario's measured rounds, Liftoff and official side by side. */
    static final class ScenarioResults {

        final Scenario scenario;

        final List<RunResult> liftoff = new ArrayList<>();

        final List<RunResult> official = new ArrayList<>();

        ScenarioResults(Scenario scenario) {
            this.scenario = scenario;
        }

        double median(String client, Metric metric) {
            List<RunResult> runs = client.equals("liftoff") ? this.liftoff : this.official;
            return Report.median(runs.stream().map((run) -> run.value(metric)).toList());
        }

        /**
         * @return the median over rounds of Liftoff's value ÷ the official client's,
         * round by round
         */
        double ratio(Metric metric) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < Math.min(this.liftoff.size(), this.official.size()); i++) {
                ratios.add(this.liftoff.get(i).value(metric) / this.official.get(i).value(metric));
            }
            return Report.median(ratios);
        }

        long total(String client, Function<RunResult, Long> field) {
            List<RunResult> runs = client.equals("liftoff") ? this.liftoff : this.official;
            return runs.stream().mapToLong(field::apply).sum();
        }

    }

    /**
     * A target of the issue and what this run measured.
     *
     * @param name what is compared
     * @param limit the target ratio
     * @param atLeast whether the ratio must be at least the limit (else at most)
     * @param measured the worst ratio over the scenarios it covers
     * @param detail the ratio of each scenario
     */
    record Target(String name, double limit, boolean atLeast, double measured, String detail) {

        boolean met() {
            return !Double.isNaN(this.measured)
                    && (this.atLeast ? this.measured >= this.limit : this.measured <= this.limit);
        }
    }

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        targets.add(target("Throughput sync, 1 thread", Metric.RATE, 1.4, true, Scenario.Mode.SYNC_1));
        targets.add(target("Throughput sync, 8 threads", Metric.RATE, 1.3, true, Scenario.Mode.SYNC_8));
        targets.add(target("Throughput async, window 1,024", Metric.RATE, 1.6, true, Scenario.Mode.ASYNC));
        targets.add(target("Throughput oneway (stored messages)", Metric.RATE, 1.0, true, Scenario.Mode.ONEWAY));
        targets.add(target("p99 latency of sync sends", Metric.P99, 0.7, false, Scenario.Mode.SYNC_1,
                Scenario.Mode.SYNC_8));
        targets.add(target("Client CPU per message", Metric.CPU, 0.4, false, Scenario.Mode.values()));
        targets.add(target("Bytes allocated per message", Metric.ALLOC, 0.15, false, Scenario.Mode.values()));
        if (!this.liftoffStartup.isEmpty()) {
            targets.add(new Target("Producer start to first acknowledged send", 0.5, false, startupRatio(),
                    String.format(Locale.ROOT, "%.0f ms vs %.0f ms (medians of cold JVMs)", median(this.liftoffStartup),
                            median(this.officialStartup))));
        }
        return targets;
    }

    private Target target(String name, Metric metric, double limit, boolean atLeast, Scenario.Mode... modes) {
        double worst = Double.NaN;
        StringBuilder detail = new StringBuilder();
        for (ScenarioResults results : this.scenarios) {
            if (!Arrays.asList(modes).contains(results.scenario.mode())) {
                continue;
            }
            double ratio = results.ratio(metric);
            if (Double.isNaN(worst) || (atLeast ? ratio < worst : ratio > worst)) {
                worst = ratio;
            }
            detail.append((detail.length() > 0) ? ", " : "")
                .append(results.scenario.name())
                .append(' ')
                .append(String.format(Locale.ROOT, "%.2f", ratio));
        }
        return new Target(name, limit, atLeast, worst, detail.toString());
    }

    /**
     * @return the tables printed at the end of a run
     */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append("\nMedians over measured rounds (client threads only: broker, NameServer and JVM GC/JIT threads "
                + "excluded)\n");
        String header = String.format(Locale.ROOT, "%-20s %-9s %10s %9s %9s %10s %12s %12s %16s%n", "scenario",
                "client", "msgs/s", "p50 us", "p99 us", "max us", "CPU ms/1k", "alloc B/msg", "stored/sent");
        out.append(header).append("-".repeat(header.length() - 1)).append('\n');
        for (ScenarioResults results : this.scenarios) {
            for (String client : List.of("liftoff", "official")) {
                out.append(String.format(Locale.ROOT, "%-20s %-9s %10.0f %9.0f %9.0f %10.0f %12.1f %12.0f %16s%n",
                        client.equals("liftoff") ? results.scenario.name() : "", client,
                        results.median(client, Metric.RATE), results.median(client, Metric.P50),
                        results.median(client, Metric.P99), results.median(client, Metric.MAX),
                        results.median(client, Metric.CPU), results.median(client, Metric.ALLOC),
                        results.total(client, RunResult::stored) + "/"
                                + results.total(client, (run) -> run.calls() + run.errors())));
            }
        }
        out.append("\nRatios Liftoff / official (median of the per-round ratios; throughput: higher is better, the "
                + "rest: lower is better)\n");
        header = String.format(Locale.ROOT, "%-20s %8s %8s %8s %8s %8s %8s%n", "scenario", "msgs/s", "p50", "p99",
                "max", "CPU", "alloc");
        out.append(header).append("-".repeat(header.length() - 1)).append('\n');
        for (ScenarioResults results : this.scenarios) {
            out.append(String.format(Locale.ROOT, "%-20s %7.2fx %7.2fx %7.2fx %7.2fx %7.2fx %7.3fx%n",
                    results.scenario.name(), results.ratio(Metric.RATE), results.ratio(Metric.P50),
                    results.ratio(Metric.P99), results.ratio(Metric.MAX), results.ratio(Metric.CPU),
                    results.ratio(Metric.ALLOC)));
        }
        if (!this.liftoffStartup.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%-20s %s%n", "start to 1st ack",
                    String.format(Locale.ROOT, "%.2fx  (liftoff %.0f ms, official %.0f ms; cold JVMs, medians of %d)",
                            startupRatio(), median(this.liftoffStartup), median(this.officialStartup),
                            this.liftoffStartup.size())));
        }
        out.append("\nTargets of issue #6\n");
        for (Target target : targets()) {
            out.append(String.format(Locale.ROOT, "  %-4s %-42s %s %.2f, measured %.2f   (%s)%n",
                    target.met() ? "MET" : "NOT", target.name(), target.atLeast() ? ">=" : "<=", target.limit(),
                    target.measured(), target.detail()));
        }
        return out.toString();
    }

    /**
     * @return the JSON document's scenario and target parts
     */
    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> startup = new LinkedHashMap<>();
        startup.put("what", "milliseconds from building the producer to the first acknowledged send, each in a fresh "
                + "JVM (" + String.join(" ", StartupProbe.JVM_FLAGS) + "), alternating the clients; the application's "
                + "SLF4J logging is initialized before the clock starts, the official client's own logging after");
        startup.put("liftoffMillis", this.liftoffStartup);
        startup.put("officialMillis", this.officialStartup);
        startup.put("liftoffMedianMillis", median(this.liftoffStartup));
        startup.put("officialMedianMillis", median(this.officialStartup));
        startup.put("ratio", this.liftoffStartup.isEmpty() ? null : startupRatio());
        root.put("startup", startup);
        List<Object> scenarios = new ArrayList<>();
        for (ScenarioResults results : this.scenarios) {
            Map<String, Object> scenario = new LinkedHashMap<>();
            scenario.put("name", results.scenario.name());
            scenario.put("mode", results.scenario.mode().label);
            scenario.put("threads", results.scenario.mode().threads);
            scenario.put("window", results.scenario.mode().window);
            scenario.put("bodyBytes", results.scenario.size());
            scenario.put("messagesPerRun", results.scenario.count());
            for (String client : List.of("liftoff", "official")) {
                Map<String, Object> medians = new LinkedHashMap<>();
                for (Metric metric : Metric.values()) {
                    medians.put(key(metric), results.median(client, metric));
                }
                medians.put("stored", results.total(client, RunResult::stored));
                medians.put("sent", results.total(client, (run) -> run.calls() + run.errors()));
                medians.put("errors", results.total(client, RunResult::errors));
                scenario.put(client, medians);
            }
            Map<String, Object> ratio = new LinkedHashMap<>();
            for (Metric metric : Metric.values()) {
                ratio.put(key(metric), results.ratio(metric));
            }
            scenario.put("ratio", ratio);
            List<Object> rounds = new ArrayList<>();
            for (int i = 0; i < Math.min(results.liftoff.size(), results.official.size()); i++) {
                Map<String, Object> round = new LinkedHashMap<>();
                round.put("round", results.liftoff.get(i).round());
                round.put("liftoff", run(results.liftoff.get(i)));
                round.put("official", run(results.official.get(i)));
                rounds.add(round);
            }
            scenario.put("rounds", rounds);
            scenarios.add(scenario);
        }
        root.put("scenarios", scenarios);
        List<Object> targets = new ArrayList<>();
        for (Target target : targets()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", target.name());
            entry.put("target", (target.atLeast() ? ">= " : "<= ") + target.limit());
            entry.put("measured", target.measured());
            entry.put("met", target.met());
            entry.put("detail", target.detail());
            targets.add(entry);
        }
        root.put("targets", targets);
        return root;
    }

    private static String key(Metric metric) {
        return switch (metric) {
            case RATE -> "messagesPerSecond";
            case P50 -> "p50Micros";
            case P99 -> "p99Micros";
            case MAX -> "maxMicros";
            case CPU -> "cpuMillisPer1000Messages";
            case ALLOC -> "allocatedBytesPerMessage";
        };
    }

    private static Map<String, Object> run(RunResult run) {
        Map<String, Object> entry = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            entry.put(key(metric), run.value(metric));
        }
        entry.put("seconds", run.seconds());
        entry.put("sent", run.calls() + run.errors());
        entry.put("errors", run.errors());
        entry.put("stored", run.stored());
        entry.put("threadsCounted", run.threads());
        if (run.firstError() != null) {
            entry.put("firstError", run.firstError());
        }
        return entry;
    }

}
