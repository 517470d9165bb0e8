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
 * Medians over rounds, the ratios Liftoff ÷ each other client (the median of each round's
 * ratio), the issues' targets, and their rendering as a text table and as JSON.
 */
final class Report {

    /** The client the ratios are about. */
    static final String LIFTOFF = "liftoff";

    private final List<String> clients;

    private final List<ScenarioResults> scenarios = new ArrayList<>();

    private List<Double> liftoffStartup = List.of();

    private List<Double> officialStartup = List.of();

    /**
     * @param clients the clients run, in the order of the command line
     */
    Report(List<String> clients) {
        this.clients = List.copyOf(clients);
    }

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

    /**
     * @return the clients Liftoff is compared with: every other one run, in order (none
     * when Liftoff did not run)
     */
    List<String> others() {
        if (!this.clients.contains(LIFTOFF)) {
            return List.of();
        }
        return this.clients.stream().filter((client) -> !client.equals(LIFTOFF)).toList();
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

    /** One scenario's measured rounds, every client's side by side. */
    static final class ScenarioResults {

        final Scenario scenario;

        private final Map<String, List<RunResult>> runs = new LinkedHashMap<>();

        /**
         * @param scenario the scenario
         * @param clients the clients that run it, in table order
         */
        ScenarioResults(Scenario scenario, List<String> clients) {
            this.scenario = scenario;
            clients.forEach((client) -> this.runs.put(client, new ArrayList<>()));
        }

        void add(RunResult result) {
            this.runs.get(result.client()).add(result);
        }

        /**
         * @return the clients with at least one measured run here
         */
        List<String> clients() {
            return this.runs.entrySet().stream().filter((e) -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        }

        List<RunResult> runs(String client) {
            return this.runs.getOrDefault(client, List.of());
        }

        double median(String client, Metric metric) {
            return Report.median(runs(client).stream().map((run) -> run.value(metric)).toList());
        }

        /**
         * @param metric the metric
         * @param other the client Liftoff is compared with
         * @return the median over rounds of Liftoff's value ÷ the other client's, round
         * by round; NaN when either did not run here
         */
        double ratio(Metric metric, String other) {
            List<RunResult> liftoff = runs(LIFTOFF);
            List<RunResult> others = runs(other);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < Math.min(liftoff.size(), others.size()); i++) {
                ratios.add(liftoff.get(i).value(metric) / others.get(i).value(metric));
            }
            return Report.median(ratios);
        }

        long total(String client, Function<RunResult, Long> field) {
            return runs(client).stream().mapToLong(field::apply).sum();
        }

    }

    /**
     * A target of an issue and what this run measured.
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

    /**
     * @return the targets of issue #6 (Liftoff ÷ the official client with its defaults),
     * when both ran
     */
    List<Target> issue6Targets() {
        List<Target> targets = new ArrayList<>();
        if (!others().contains(OfficialBenchClient.NAME)) {
            return targets;
        }
        String official = OfficialBenchClient.NAME;
        targets.add(target("Throughput sync, 1 thread", Metric.RATE, official, 1.4, true, Scenario.Mode.SYNC_1));
        targets.add(target("Throughput sync, 8 threads", Metric.RATE, official, 1.3, true, Scenario.Mode.SYNC_8));
        targets.add(target("Throughput async, window 1,024", Metric.RATE, official, 1.6, true, Scenario.Mode.ASYNC));
        targets
            .add(target("Throughput oneway (stored messages)", Metric.RATE, official, 1.0, true, Scenario.Mode.ONEWAY));
        targets.add(target("p99 latency of sync sends", Metric.P99, official, 0.7, false, Scenario.Mode.SYNC_1,
                Scenario.Mode.SYNC_8));
        targets.add(target("Client CPU per message", Metric.CPU, official, 0.4, false, Scenario.Mode.values()));
        targets.add(target("Bytes allocated per message", Metric.ALLOC, official, 0.15, false, Scenario.Mode.values()));
        if (!this.liftoffStartup.isEmpty()) {
            targets.add(new Target("Producer start to first acknowledged send", 0.5, false, startupRatio(),
                    String.format(Locale.ROOT, "%.0f ms vs %.0f ms (medians of cold JVMs)", median(this.liftoffStartup),
                            median(this.officialStartup))));
        }
        return targets;
    }

    /**
     * @return the targets of the autoBatch issue (async, window 1,024; meant for
     * {@code --messages realistic}): against the official client with {@code autoBatch}
     * on and against the raw-batch ceiling, those of them that ran
     */
    List<Target> autoBatchTargets() {
        List<Target> targets = new ArrayList<>();
        String autoBatch = OfficialBenchClient.AUTO_BATCH_NAME;
        if (others().contains(autoBatch)) {
            targets.add(target("Throughput async vs official-autobatch", Metric.RATE, autoBatch, 1.5, true,
                    Scenario.Mode.ASYNC));
            targets.add(target("Process CPU per message vs official-autobatch", Metric.PROCESS_CPU, autoBatch, 0.5,
                    false, Scenario.Mode.ASYNC));
            targets.add(target("p50 latency async vs official-autobatch", Metric.P50, autoBatch, 1.0, false,
                    Scenario.Mode.ASYNC));
            targets.add(target("p99 latency async vs official-autobatch", Metric.P99, autoBatch, 1.0, false,
                    Scenario.Mode.ASYNC));
        }
        if (others().contains(RawBatchClient.NAME)) {
            targets.add(target("Throughput async vs raw-batch ceiling", Metric.RATE, RawBatchClient.NAME, 0.5, true,
                    Scenario.Mode.ASYNC));
        }
        return targets;
    }

    private Target target(String name, Metric metric, String other, double limit, boolean atLeast,
            Scenario.Mode... modes) {
        double worst = Double.NaN;
        StringBuilder detail = new StringBuilder();
        for (ScenarioResults results : this.scenarios) {
            if (!Arrays.asList(modes).contains(results.scenario.mode())) {
                continue;
            }
            double ratio = results.ratio(metric, other);
            if (Double.isNaN(ratio)) {
                continue;
            }
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
     * @param processCpuNote what the process CPU column includes
     * @return the tables printed at the end of a run
     */
    String table(String processCpuNote) {
        StringBuilder out = new StringBuilder();
        out.append("\nMedians over measured rounds (CPU us/msg: the client's threads only, broker, NameServer and JVM "
                + "GC/JIT threads excluded; proc us/msg: ")
            .append(processCpuNote)
            .append("; srv us/msg: the NameServer's and brokers' JVMs, when they run as child JVMs)\n");
        String header = String.format(Locale.ROOT, "%-20s %-18s %10s %9s %9s %10s %9s %9s %10s %12s %18s%n", "scenario",
                "client", "msgs/s", "p50 us", "p99 us", "max us", "CPU us/msg", "proc us/msg", "srv us/msg",
                "alloc B/msg", "stored/sent");
        out.append(header).append("-".repeat(header.length() - 1)).append('\n');
        for (ScenarioResults results : this.scenarios) {
            boolean first = true;
            for (String client : results.clients()) {
                out.append(String.format(Locale.ROOT,
                        "%-20s %-18s %10.0f %9.0f %9.0f %10.0f %10.1f %11.1f %10.1f %12.0f %18s%n",
                        first ? results.scenario.name() : "", client, results.median(client, Metric.RATE),
                        results.median(client, Metric.P50), results.median(client, Metric.P99),
                        results.median(client, Metric.MAX), results.median(client, Metric.CPU),
                        results.median(client, Metric.PROCESS_CPU), results.median(client, Metric.SERVERS_CPU),
                        results.median(client, Metric.ALLOC), results.total(client, RunResult::stored) + "/"
                                + results.total(client, (run) -> run.calls() + run.errors())));
                first = false;
            }
        }
        if (!others().isEmpty()) {
            out.append("\nRatios Liftoff / other client (median of the per-round ratios; throughput: higher is "
                    + "better, the rest: lower is better)\n");
            header = String.format(Locale.ROOT, "%-20s %-18s %8s %8s %8s %8s %8s %8s %8s %8s%n", "scenario",
                    "liftoff / ...", "msgs/s", "p50", "p99", "max", "CPU", "proc CPU", "srv CPU", "alloc");
            out.append(header).append("-".repeat(header.length() - 1)).append('\n');
            for (ScenarioResults results : this.scenarios) {
                boolean first = true;
                for (String other : others()) {
                    if (results.runs(other).isEmpty()) {
                        continue;
                    }
                    out.append(String.format(Locale.ROOT,
                            "%-20s %-18s %7.2fx %7.2fx %7.2fx %7.2fx %7.2fx %7.2fx %7.2fx %7.3fx%n",
                            first ? results.scenario.name() : "", other, results.ratio(Metric.RATE, other),
                            results.ratio(Metric.P50, other), results.ratio(Metric.P99, other),
                            results.ratio(Metric.MAX, other), results.ratio(Metric.CPU, other),
                            results.ratio(Metric.PROCESS_CPU, other), results.ratio(Metric.SERVERS_CPU, other),
                            results.ratio(Metric.ALLOC, other)));
                    first = false;
                }
            }
        }
        if (!this.liftoffStartup.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%-20s %s%n", "start to 1st ack",
                    String.format(Locale.ROOT, "%.2fx  (liftoff %.0f ms, official %.0f ms; cold JVMs, medians of %d)",
                            startupRatio(), median(this.liftoffStartup), median(this.officialStartup),
                            this.liftoffStartup.size())));
        }
        appendTargets(out, "Targets of issue #6 (liftoff / official)", issue6Targets());
        appendTargets(out, "Targets of the autoBatch issue (async; realistic mode, 128 B and 1 KiB)",
                autoBatchTargets());
        return out.toString();
    }

    private static void appendTargets(StringBuilder out, String title, List<Target> targets) {
        if (targets.isEmpty()) {
            return;
        }
        out.append('\n').append(title).append('\n');
        for (Target target : targets) {
            if (Double.isNaN(target.measured())) {
                out.append(String.format(Locale.ROOT, "  %-4s %-46s %s %.2f, not measured (no such scenario ran)%n",
                        "--", target.name(), target.atLeast() ? ">=" : "<=", target.limit()));
                continue;
            }
            out.append(String.format(Locale.ROOT, "  %-4s %-46s %s %.2f, measured %.2f   (%s)%n",
                    target.met() ? "MET" : "NOT", target.name(), target.atLeast() ? ">=" : "<=", target.limit(),
                    target.measured(), target.detail()));
        }
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
        root.put("clients", this.clients);
        List<Object> scenarios = new ArrayList<>();
        for (ScenarioResults results : this.scenarios) {
            Map<String, Object> scenario = new LinkedHashMap<>();
            scenario.put("name", results.scenario.name());
            scenario.put("mode", results.scenario.mode().label);
            scenario.put("threads", results.scenario.mode().threads);
            scenario.put("window", results.scenario.mode().window);
            scenario.put("bodyBytes", results.scenario.size());
            scenario.put("messagesPerRun", results.scenario.count());
            for (String client : results.clients()) {
                Map<String, Object> medians = new LinkedHashMap<>();
                for (Metric metric : Metric.values()) {
                    medians.put(key(metric), results.median(client, metric));
                }
                medians.put("stored", results.total(client, RunResult::stored));
                medians.put("sent", results.total(client, (run) -> run.calls() + run.errors()));
                medians.put("errors", results.total(client, RunResult::errors));
                scenario.put(client, medians);
            }
            // "ratio" keeps its original meaning, liftoff / official; "ratios" has every
            // other client.
            if (!results.runs(OfficialBenchClient.NAME).isEmpty()) {
                scenario.put("ratio", ratios(results, OfficialBenchClient.NAME));
            }
            Map<String, Object> ratios = new LinkedHashMap<>();
            for (String other : others()) {
                if (!results.runs(other).isEmpty()) {
                    ratios.put(other, ratios(results, other));
                }
            }
            scenario.put("ratios", ratios);
            List<Object> rounds = new ArrayList<>();
            int count = results.clients().stream().mapToInt((c) -> results.runs(c).size()).max().orElse(0);
            for (int i = 0; i < count; i++) {
                Map<String, Object> round = new LinkedHashMap<>();
                for (String client : results.clients()) {
                    if (i < results.runs(client).size()) {
                        round.putIfAbsent("round", results.runs(client).get(i).round());
                        round.put(client, run(results.runs(client).get(i)));
                    }
                }
                rounds.add(round);
            }
            scenario.put("rounds", rounds);
            scenarios.add(scenario);
        }
        root.put("scenarios", scenarios);
        root.put("targets", targetsJson(issue6Targets()));
        root.put("autoBatchTargets", targetsJson(autoBatchTargets()));
        return root;
    }

    private static Map<String, Object> ratios(ScenarioResults results, String other) {
        Map<String, Object> ratio = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            ratio.put(key(metric), results.ratio(metric, other));
        }
        return ratio;
    }

    private static List<Object> targetsJson(List<Target> list) {
        List<Object> targets = new ArrayList<>();
        for (Target target : list) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", target.name());
            entry.put("target", (target.atLeast() ? ">= " : "<= ") + target.limit());
            entry.put("measured", target.measured());
            entry.put("met", target.met());
            entry.put("detail", target.detail());
            targets.add(entry);
        }
        return targets;
    }

    private static String key(Metric metric) {
        return switch (metric) {
            case RATE -> "messagesPerSecond";
            case P50 -> "p50Micros";
            case P99 -> "p99Micros";
            case MAX -> "maxMicros";
            case CPU -> "cpuMillisPer1000Messages";
            case PROCESS_CPU -> "processCpuMicrosPerMessage";
            case SERVERS_CPU -> "serversCpuMicrosPerMessage";
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
