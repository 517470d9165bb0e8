package io.liftoff.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.internal.RocketMQSystemProperties;

/**
 * Threads and heap of many producers: Liftoff producers sharing one
 * {@code ClientResources}, Liftoff producers each with their own (the default), and
 * official {@code DefaultMQProducer}s with distinct instance names (each its own
 * {@code MQClientInstance}). Each case runs in a fresh JVM ({@link FootprintProbe}) that
 * counts its live threads and its heap used after GC alone, with one producer and with
 * all of them (each after one sync send), and after closing them.
 *
 * <p>
 * Run it with {@code mvn -B -ntp -q -pl benchmarks exec:exec@threads} (arguments:
 * {@code -Dfootprint.args="--producers 50"}; {@code --help} lists them). It starts an
 * embedded RocketMQ (1 NameServer, 2 brokers, the topic on both), prints Markdown tables
 * and writes {@code target/thread-footprint.json}.
 */
public final class ThreadFootprint {

    /** The child JVMs' flags, the same for every case. */
    static final List<String> CHILD_JVM_FLAGS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC");

    /** Producers per case unless {@code --producers} says otherwise. */
    static final int DEFAULT_PRODUCERS = 20;

    static final String TOPIC = "liftoff-footprint";

    static final int QUEUES_PER_BROKER = 4;

    static final int BROKERS = 2;

    private static final String USAGE = """
            Usage: ThreadFootprint [options]
              --producers N           producers per case (default 20)
              --name-server ADDR      use running brokers instead; topic liftoff-footprint must exist
              --output FILE           JSON results (default target/thread-footprint.json)
              -h, --help              this text
            """;

    /** The cases, in the order they run. */
    enum Case {

        LIFTOFF_SHARED("liftoff-shared", "Liftoff, one shared `ClientResources`"),

        LIFTOFF_OWN("liftoff-own", "Liftoff, own resources each (default)"),

        OFFICIAL("official", "official `DefaultMQProducer`, distinct instance names");

        final String id;

        final String title;

        Case(String id, String title) {
            this.id = id;
            this.title = title;
        }

    }

    /** What a child JVM reported for one stage. */
    record Stage(int threads, int osThreads, long heapBytes, Map<String, Integer> groups, List<String> names) {
    }

    private ThreadFootprint() {
    }

    /**
     * Runs every case.
     * @param args see {@link #USAGE}
     * @throws Exception when a case fails
     */
    public static void main(String[] args) throws Exception {
        int producers = DEFAULT_PRODUCERS;
        String nameServer = null;
        Path output = Path.of("target", "thread-footprint.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--producers" -> producers = Integer.parseInt(args[++i]);
                case "--name-server" -> nameServer = args[++i];
                case "--output" -> output = Path.of(args[++i]);
                default -> {
                    System.err.print(USAGE);
                    System.exit((args[i].equals("--help") || args[i].equals("-h")) ? 0 : 2);
                }
            }
        }
        if (producers < 2) {
            System.err.println("--producers must be at least 2, was " + producers);
            System.exit(2);
        }
        int status = 0;
        try {
            run(producers, nameServer, output);
        }
        catch (Exception ex) {
            ex.printStackTrace();
            status = 1;
        }
        // The brokers leave non-daemon threads behind.
        System.exit(status);
    }

    private static void run(int producers, String givenNameServer, Path output) throws Exception {
        Instant startedAt = Instant.now();
        EmbeddedRocketMQ embedded = null;
        String nameServer = givenNameServer;
        try {
            if (nameServer == null) {
                embedded = EmbeddedRocketMQ.builder().brokers(BROKERS).topic(TOPIC, QUEUES_PER_BROKER).start();
                nameServer = embedded.nameServerAddress();
                print("Embedded RocketMQ %s: NameServer %s, %d brokers, topic '%s' with %d queues on each",
                        OfficialVersion.name(), nameServer, BROKERS, TOPIC, QUEUES_PER_BROKER);
            }
            else {
                RocketMQSystemProperties.apply();
            }
            Map<Case, Map<String, Stage>> results = new LinkedHashMap<>();
            for (Case kind : Case.values()) {
                long start = System.nanoTime();
                results.put(kind, runChild(kind, nameServer, producers));
                print("%s: done in %.1f s", kind.id, (System.nanoTime() - start) / 1e9);
            }
            System.out.print(tables(results, producers));
            Map<String, Object> json = json(results, producers, startedAt, embedded != null);
            if (output.getParent() != null) {
                Files.createDirectories(output.getParent());
            }
            Files.writeString(output, Json.write(json));
            print("Results written to %s", output.toAbsolutePath());
        }
        finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * Runs one case in a fresh JVM and collects its {@link FootprintProbe#PREFIX} lines
     * by stage.
     */
    private static Map<String, Stage> runChild(Case kind, String nameServer, int producers) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHILD_JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FootprintProbe.class.getName(), kind.id,
                nameServer, TOPIC, Integer.toString(producers),
                System.getProperty(RocketMQSystemProperties.REMOTING_VERSION_KEY)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, Map<String, List<String>>> lines = new LinkedHashMap<>();
        StringBuilder other = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith(FootprintProbe.PREFIX)) {
                    String[] parts = line.substring(FootprintProbe.PREFIX.length()).split("\t", 3);
                    lines.computeIfAbsent(parts[0], (stage) -> new LinkedHashMap<>())
                        .computeIfAbsent(parts[1], (key) -> new ArrayList<>())
                        .add(parts[2]);
                }
                else if (other.length() < 8000) {
                    other.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (process.exitValue() != 0 || !lines.keySet().containsAll(FootprintProbe.STAGES)) {
            throw new IllegalStateException(
                    "Case " + kind.id + " failed (exit " + process.exitValue() + "):\n" + other);
        }
        Map<String, Stage> stages = new LinkedHashMap<>();
        lines.forEach((name, values) -> stages.put(name, stage(values)));
        return stages;
    }

    private static Stage stage(Map<String, List<String>> values) {
        Map<String, Integer> groups = new TreeMap<>();
        for (String entry : values.getOrDefault("group", List.of())) {
            int equals = entry.lastIndexOf('=');
            groups.put(entry.substring(0, equals), Integer.parseInt(entry.substring(equals + 1)));
        }
        List<String> names = new ArrayList<>(values.getOrDefault("lazy", List.of()));
        names.addAll(values.getOrDefault("left", List.of()));
        return new Stage(Integer.parseInt(values.get("threads").get(0)),
                Integer.parseInt(values.get("osThreads").get(0)),
                Long.parseLong(values.getOrDefault("heapBytes", List.of("-1")).get(0)), groups, names);
    }

    private static String tables(Map<Case, Map<String, Stage>> results, int producers) {
        StringBuilder out = new StringBuilder();
        line(out, "");
        line(out, "Threads with %d producers, each started and after one sync send (child JVMs %s, %d processors).",
                producers, String.join(" ", CHILD_JVM_FLAGS), Runtime.getRuntime().availableProcessors());
        line(out, "Java threads (the OS count, GC and JIT threads included, in parentheses); + is beyond the JVM "
                + "alone:");
        line(out, "");
        line(out, "| case | JVM alone | 1 producer | %d producers | each producer after the first | after close |",
                producers);
        line(out, "| --- | ---: | ---: | ---: | ---: | ---: |");
        results.forEach((kind, stages) -> {
            Stage jvm = stages.get("jvm");
            Stage one = stages.get("one");
            Stage all = stages.get("all");
            Stage closed = stages.get("closed");
            line(out, "| %s | %d (%d) | %+d (%+d) | %+d (%+d) | %+.2f (%+.2f) | %+d (%+d) |", kind.title, jvm.threads,
                    jvm.osThreads, one.threads - jvm.threads, one.osThreads - jvm.osThreads, all.threads - jvm.threads,
                    all.osThreads - jvm.osThreads, perProducer(one.threads, all.threads, producers),
                    perProducer(one.osThreads, all.osThreads, producers), closed.threads - jvm.threads,
                    closed.osThreads - jvm.osThreads);
        });
        line(out, "");
        line(out, "Heap used after GC (System.gc() twice), MiB; + is beyond the JVM alone:");
        line(out, "");
        line(out, "| case | JVM alone | 1 producer | %d producers | each producer after the first |", producers);
        line(out, "| --- | ---: | ---: | ---: | ---: |");
        results.forEach((kind, stages) -> {
            long jvm = stages.get("jvm").heapBytes;
            long one = stages.get("one").heapBytes;
            long all = stages.get("all").heapBytes;
            line(out, "| %s | %.1f | %+.1f | %+.1f | %+.0f KiB |", kind.title, mib(jvm), mib(one - jvm), mib(all - jvm),
                    perProducer(one, all, producers) / 1024);
        });
        line(out, "");
        line(out, "Threads beyond the JVM alone, by name (1 producer -> %d producers):", producers);
        results.forEach((kind, stages) -> line(out, "- %s: %s", kind.id,
                groupDelta(stages.get("jvm"), stages.get("one"), stages.get("all"))));
        line(out, "");
        line(out, "Threads of the first producer started after start() returned (by its first send, or later):");
        results.forEach((kind, stages) -> line(out, "- %s: %s", kind.id, names(stages.get("one").names)));
        line(out, "Threads left %.0f s after closing everything, beyond the JVM alone:",
                FootprintProbe.CLOSE_WAIT_MILLIS / 1e3);
        results.forEach((kind, stages) -> line(out, "- %s: %s", kind.id, names(stages.get("closed").names)));
        line(out, "");
        Check check = check(results, producers);
        line(out,
                "Shared resources: %d producers use %d threads beyond the JVM, one producer with its own resources "
                        + "%d: (%d - %d) / %d = %.2f threads per producer after the first.",
                producers, check.sharedAll, check.ownOne, check.sharedAll, check.ownOne, producers - 1,
                check.perProducer);
        return out.toString();
    }

    /**
     * Threads of {@code producers} sharing resources against one producer with its own.
     */
    record Check(int sharedAll, int ownOne, double perProducer) {
    }

    private static Check check(Map<Case, Map<String, Stage>> results, int producers) {
        Map<String, Stage> shared = results.get(Case.LIFTOFF_SHARED);
        Map<String, Stage> own = results.get(Case.LIFTOFF_OWN);
        int sharedAll = shared.get("all").threads - shared.get("jvm").threads;
        int ownOne = own.get("one").threads - own.get("jvm").threads;
        return new Check(sharedAll, ownOne, (sharedAll - ownOne) / (double) (producers - 1));
    }

    private static double perProducer(double one, double all, int producers) {
        return (all - one) / (producers - 1);
    }

    private static String groupDelta(Stage jvm, Stage one, Stage all) {
        Map<String, int[]> delta = new TreeMap<>();
        all.groups.forEach((group, count) -> {
            int before = jvm.groups.getOrDefault(group, 0);
            if (count > before) {
                delta.put(group, new int[] { one.groups.getOrDefault(group, 0) - before, count - before });
            }
        });
        List<Map.Entry<String, int[]>> entries = new ArrayList<>(delta.entrySet());
        entries.sort((a, b) -> Integer.compare(b.getValue()[1], a.getValue()[1]));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, int[]> entry : entries) {
            parts.add("`" + entry.getKey() + "` " + entry.getValue()[0] + " -> " + entry.getValue()[1]);
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String names(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        Map<String, Integer> groups = new TreeMap<>();
        for (String name : names) {
            groups.merge(FootprintProbe.group(name), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        groups.forEach((group, count) -> parts.add("`" + group + "`" + ((count > 1) ? " x" + count : "")));
        return String.join(", ", parts);
    }

    private static Map<String, Object> json(Map<Case, Map<String, Stage>> results, int producers, Instant startedAt,
            boolean embedded) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tool", ThreadFootprint.class.getName());
        json.put("startedAt", startedAt.toString());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("parentJvmFlags", ManagementFactory.getRuntimeMXBean().getInputArguments());
        machine.put("childJvmFlags", CHILD_JVM_FLAGS);
        json.put("machine", machine);
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("brokers", embedded ? "embedded RocketMQ " + OfficialVersion.name()
                + " in the parent JVM: 1 NameServer, " + BROKERS + " brokers" : "external");
        setup.put("topic", TOPIC + ", " + QUEUES_PER_BROKER + " queues on each broker");
        setup.put("producers", producers);
        setup.put("groups",
                FootprintProbe.GROUP_PREFIX + "0.." + (producers - 1) + " (official: the same instance names)");
        setup.put("send", "one sync send of 128 bytes per producer, right after its start()");
        setup.put("settleMillis", FootprintProbe.SETTLE_MILLIS);
        json.put("setup", setup);
        json.put("method", List.of(
                "Each case runs in a fresh child JVM with the same flags; the stages run in order in that JVM.",
                "jvm: application logging initialized, no producer yet; started: the first producer after start(), "
                        + "before its send; one: after its send and " + FootprintProbe.SETTLE_MILLIS + " ms; all: "
                        + "every producer started and after one send each, then " + FootprintProbe.SETTLE_MILLIS
                        + " ms; closed: every producer (and the shared resources) closed, then up to "
                        + FootprintProbe.CLOSE_WAIT_MILLIS + " ms for threads to end.",
                "threads: Thread.getAllStackTraces().size(); osThreads: Threads in /proc/self/status (GC, JIT and "
                        + "other VM threads included).",
                "heapBytes: MemoryMXBean heap used after System.gc() twice, 200 ms apart; direct (off-heap) "
                        + "buffers are not included."));
        Map<String, Object> cases = new LinkedHashMap<>();
        results.forEach((kind, stages) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("title", kind.title);
            Map<String, Object> byStage = new LinkedHashMap<>();
            stages.forEach((name, stage) -> {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("threads", stage.threads);
                values.put("osThreads", stage.osThreads);
                if (stage.heapBytes >= 0) {
                    values.put("heapBytes", stage.heapBytes);
                }
                values.put("threadsByName", stage.groups);
                if (name.equals("one")) {
                    values.put("startedAfterStart", stage.names);
                }
                if (name.equals("closed")) {
                    values.put("leftAfterClose", stage.names);
                }
                byStage.put(name, values);
            });
            entry.put("stages", byStage);
            Stage jvm = stages.get("jvm");
            Stage one = stages.get("one");
            Stage all = stages.get("all");
            Map<String, Object> per = new LinkedHashMap<>();
            per.put("threads", Json.round(perProducer(one.threads, all.threads, producers)));
            per.put("osThreads", Json.round(perProducer(one.osThreads, all.osThreads, producers)));
            per.put("heapBytes", Json.round(perProducer(one.heapBytes, all.heapBytes, producers)));
            entry.put("perProducerAfterTheFirst", per);
            Map<String, Object> beyond = new LinkedHashMap<>();
            beyond.put("threadsOne", one.threads - jvm.threads);
            beyond.put("threadsAll", all.threads - jvm.threads);
            beyond.put("heapBytesOne", one.heapBytes - jvm.heapBytes);
            beyond.put("heapBytesAll", all.heapBytes - jvm.heapBytes);
            entry.put("beyondJvm", beyond);
            cases.put(kind.id, entry);
        });
        json.put("cases", cases);
        Check check = check(results, producers);
        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("sharedThreadsAllBeyondJvm", check.sharedAll);
        shared.put("ownThreadsOneBeyondJvm", check.ownOne);
        shared.put("threadsPerProducerAfterTheFirst", Json.round(check.perProducer));
        json.put("sharedAgainstOneProducer", shared);
        return json;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

}
