package io.liftoff.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.liftoff.client.Credentials;
import io.liftoff.client.TraceOptions;
import io.liftoff.embedded.EmbeddedAuth;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.internal.RocketMQSystemProperties;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.remoting.RPCHook;

/**
 * The load tool: Liftoff's {@code Producer} against the official
 * {@code DefaultMQProducer} (the root pom's {@code rocketmq.version}) in one JVM, on the
 * same brokers, topic, bodies, keys, tag and concurrency, alternating which client goes
 * first per scenario and round (A B, then B A), so that the ratios compare the two under
 * the same machine conditions.
 *
 * <p>
 * Run it with {@code mvn -B -ntp -q -pl benchmarks exec:exec} (arguments:
 * {@code -Dbench.args="--quick"}; {@code --help} lists them). It prints a table and
 * writes {@code target/results.json}.
 *
 * <p>
 * What is counted: CPU time and heap allocation of each client's own threads (Liftoff's
 * {@code liftoff-*}; the official client's Netty, executor and service threads created
 * after the brokers started) plus the tool's sender threads for that client, which run
 * the send calls. The in-process broker and NameServer threads, and the JVM's GC and JIT
 * threads, are not counted.
 */
public final class ProducerBenchmark {

    /** The user both clients sign as with {@code --acl}. */
    static final String ACL_USER = "bench";

    /** Its secret key. */
    static final String ACL_SECRET = "bench-secret";

    private final BenchmarkOptions options;

    private ProducerBenchmark(BenchmarkOptions options) {
        this.options = options;
    }

    /**
     * Runs the benchmark.
     * @param args see {@link BenchmarkOptions#USAGE}
     * @throws Exception when the run fails
     */
    public static void main(String[] args) throws Exception {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        }
        catch (BenchmarkOptions.UsageException | IllegalArgumentException ex) {
            if (ex.getMessage() != null) {
                System.err.println(ex.getMessage());
            }
            System.err.print(BenchmarkOptions.USAGE);
            System.exit((ex.getMessage() != null) ? 2 : 0);
            return;
        }
        int status = 0;
        try {
            new ProducerBenchmark(options).run();
        }
        catch (Exception ex) {
            ex.printStackTrace();
            status = 1;
        }
        // The official client and the brokers leave non-daemon threads behind.
        System.exit(status);
    }

    private void run() throws Exception {
        long runStart = System.nanoTime();
        Instant startedAt = Instant.now();
        List<Scenario> scenarios = Scenario.all(this.options.modes(), this.options.sizes(), this.options.scale());
        print("Liftoff vs official RocketMQ producer: %d cores, %s %s, JVM flags %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ManagementFactory.getRuntimeMXBean().getInputArguments());
        EmbeddedRocketMQ embedded = null;
        String nameServer = this.options.nameServer();
        if (nameServer == null) {
            long start = System.nanoTime();
            EmbeddedRocketMQ.Builder builder = EmbeddedRocketMQ.builder()
                .brokers(this.options.brokers())
                .topic(this.options.topic(), this.options.queuesPerBroker());
            if (this.options.trace()) {
                // Brokers do not create the trace topic themselves
                // (traceTopicEnable=false).
                builder.topic(TraceOptions.DEFAULT_TOPIC, 1);
            }
            if (this.options.acl()) {
                builder.auth(EmbeddedAuth.builder()
                    .user(ACL_USER, ACL_SECRET)
                    .allow(ACL_USER, "Topic:" + this.options.topic(), "PUB")
                    .allow(ACL_USER, "Topic:" + TraceOptions.DEFAULT_TOPIC, "PUB")
                    .build());
            }
            embedded = builder.start();
            nameServer = embedded.nameServerAddress();
            print("Embedded RocketMQ %s: NameServer %s, %d brokers, topic '%s' with %d queues each (started in "
                    + "%d ms)%s", OfficialVersion.name(), nameServer, this.options.brokers(), this.options.topic(),
                    this.options.queuesPerBroker(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                    this.options.acl() ? ", ACL 2.0 on: both clients sign as user '" + ACL_USER + "'" : "");
        }
        else {
            RocketMQSystemProperties.apply();
        }
        int maxCount = scenarios.stream().mapToInt(Scenario::count).max().orElse(1);
        Payloads payloads = new Payloads(this.options.topic(), maxCount,
                this.options.sizes().stream().mapToInt(Integer::intValue).toArray());
        ThreadMeter meter = new ThreadMeter();
        Report report = new Report();
        LiftoffBenchClient liftoff = null;
        OfficialBenchClient official = null;
        List<ExecutorService> senderPools = new ArrayList<>();
        RPCHook readerHook = this.options.acl() ? new AclClientRPCHook(
                new SessionCredentials((embedded != null) ? EmbeddedAuth.DEFAULT_ADMIN : ACL_USER,
                        (embedded != null) ? EmbeddedAuth.DEFAULT_ADMIN_SECRET : ACL_SECRET))
                : null;
        try (StoredMessages stored = new StoredMessages(nameServer, this.options.topic(), embedded,
                this.options.queuesPerBroker(), readerHook)) {
            if (this.options.startupRuns() > 0) {
                print("Cold starts (fresh JVMs, alternating): %d per client ...", this.options.startupRuns());
                List<List<Double>> startup = StartupProbe.measure(this.options.startupRuns(), nameServer,
                        this.options.topic(), this.options.liftoffHeader(),
                        System.getProperty(RocketMQSystemProperties.REMOTING_VERSION_KEY));
                report.startup(startup.get(0), startup.get(1));
                print("  start to first ack: liftoff %s ms, official %s ms", format(startup.get(0)),
                        format(startup.get(1)));
            }
            long olderThreads = meter.highestThreadId();
            liftoff = new LiftoffBenchClient(nameServer, "bench-liftoff", this.options.liftoffHeader(),
                    this.options.codec(), this.options.trace(),
                    this.options.acl() ? Credentials.of(ACL_USER, ACL_SECRET) : null);
            official = new OfficialBenchClient(nameServer, "bench-official", this.options.codec(), olderThreads,
                    this.options.trace(),
                    this.options.acl() ? new AclClientRPCHook(new SessionCredentials(ACL_USER, ACL_SECRET)) : null);
            Map<String, ExecutorService> senders = new LinkedHashMap<>();
            for (BenchClient client : List.of(liftoff, official)) {
                ExecutorService pool = senders(client.senderPrefix() + "sender-", 8);
                senders.put(client.name(), pool);
                senderPools.add(pool);
            }
            List<BenchClient> clients = new ArrayList<>();
            for (BenchClient client : List.of(liftoff, official)) {
                if (this.options.clients().contains(client.name())) {
                    clients.add(client);
                }
            }
            StoredCheck check = new StoredCheck(stored, payloads, this.options.messages());
            for (BenchClient client : clients) {
                client.start();
                print("Stored check: %s", check.check(client, this.options.sizes()));
            }

            LoadRunner runner = new LoadRunner(meter, stored, this.options.messages(), payloads);
            Map<Scenario, Report.ScenarioResults> results = new LinkedHashMap<>();
            for (Scenario scenario : scenarios) {
                Report.ScenarioResults entry = new Report.ScenarioResults(scenario);
                results.put(scenario, entry);
                report.add(entry);
            }
            ThreadMeter.Sample measuredFrom = null;
            for (int round = 1 - this.options.warmupRounds(); round <= this.options.rounds(); round++) {
                if (round == 1) {
                    measuredFrom = meter.sample();
                }
                String label = (round < 1) ? "warm-up" : "round " + round;
                for (int i = 0; i < scenarios.size(); i++) {
                    Scenario scenario = scenarios.get(i);
                    boolean liftoffFirst = Math.floorMod(round + i, 2) == 0;
                    List<BenchClient> order = new ArrayList<>(clients);
                    if (!liftoffFirst) {
                        java.util.Collections.reverse(order);
                    }
                    for (BenchClient client : order) {
                        RunResult result = runner.run(client, senders.get(client.name()), scenario, round);
                        print("%-8s %-18s %-8s %9.0f msgs/s  p50 %6.0f us  p99 %7.0f us  CPU %6.1f ms/1k  alloc %7.0f "
                                + "B/msg  stored %d/%d%s", label, scenario.name(), client.name(), result.rate(),
                                result.p50Micros(), result.p99Micros(), result.cpuMillisPer1000(),
                                result.allocatedBytesPerMessage(), result.stored(), result.calls() + result.errors(),
                                (result.errors() > 0) ? "  ERRORS " + result.errors() + ": " + result.firstError()
                                        : "");
                        if (round >= 1) {
                            Report.ScenarioResults entry = results.get(scenario);
                            (client == liftoff ? entry.liftoff : entry.official).add(result);
                        }
                    }
                }
            }
            ThreadMeter.Sample measuredTo = meter.sample();
            Map<String, Object> threads = threads(measuredFrom, measuredTo, liftoff, official, olderThreads);

            System.out.print(report.table());
            double minutes = (System.nanoTime() - runStart) / 60e9;
            print("\nWhole run: %.1f minutes", minutes);

            Map<String, Object> json = new LinkedHashMap<>();
            json.put("tool", "io.liftoff.benchmarks.ProducerBenchmark");
            json.put("startedAt", startedAt.toString());
            json.put("minutes", minutes);
            json.put("machine", machine());
            json.put("setup", setup(nameServer, embedded != null));
            json.put("method", method());
            json.putAll(report.json());
            json.put("threads", threads);
            Path output = this.options.output();
            if (output.getParent() != null) {
                Files.createDirectories(output.getParent());
            }
            Files.writeString(output, Json.write(json));
            print("Results written to %s", output.toAbsolutePath());
        }
        finally {
            quietly("Liftoff producer", liftoff);
            quietly("official producer", official);
            senderPools.forEach(ExecutorService::shutdownNow);
            quietly("embedded RocketMQ", embedded);
        }
    }

    /**
     * Closes after the results are written: a failure to close is reported but does not
     * fail the run.
     */
    private static void quietly(String what, AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        }
        catch (Exception | LinkageError ex) {
            System.err.println("Closing the " + what + " failed: " + ex);
        }
    }

    private static ExecutorService senders(String prefix, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), (task) -> {
                    Thread thread = new Thread(task, prefix + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.prestartAllCoreThreads();
        return pool;
    }

    /**
     * Which threads were counted for each client, and what the others used, for the
     * record.
     */
    private static Map<String, Object> threads(ThreadMeter.Sample from, ThreadMeter.Sample to, BenchClient liftoff,
            BenchClient official, long olderThreads) {
        Map<String, Object> threads = new LinkedHashMap<>();
        threads.put("liftoffCounted", new TreeSet<>(names(to, liftoff::owns)));
        threads.put("officialCounted", new TreeSet<>(names(to, official::owns)));
        ThreadMeter.ThreadFilter newer = (id, name) -> id > olderThreads && !liftoff.owns(id, name)
                && !official.owns(id, name);
        Map<String, Object> others = new LinkedHashMap<>();
        if (from != null) {
            for (Map.Entry<Long, String> thread : to.names().entrySet()) {
                if (newer.test(thread.getKey(), thread.getValue())) {
                    ThreadMeter.Usage usage = to.since(from, (id, name) -> id == thread.getKey());
                    if (usage.cpuNanos() > 0) {
                        others.put(thread.getValue() + " #" + thread.getKey(), usage.cpuNanos() / 1e6);
                    }
                }
            }
            ThreadMeter.Usage older = to.since(from,
                    (id, name) -> id <= olderThreads && !liftoff.owns(id, name) && !official.owns(id, name));
            threads.put("notCountedOlderThreadsCpuMillis", older.cpuNanos() / 1e6);
            threads.put("notCountedOlderThreads",
                    "broker, NameServer, reader consumer and main threads, all " + "created before either client");
        }
        threads.put("notCountedNewerThreadsCpuMillis", others);
        return threads;
    }

    private static List<String> names(ThreadMeter.Sample sample, ThreadMeter.ThreadFilter filter) {
        List<String> names = new ArrayList<>();
        sample.names().forEach((id, name) -> {
            if (filter.test(id, name)) {
                names.add(name);
            }
        });
        return names;
    }

    private Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("jvmFlags", ManagementFactory.getRuntimeMXBean().getInputArguments());
        machine.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return machine;
    }

    private Map<String, Object> setup(String nameServer, boolean embedded) {
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("brokers", embedded ? "embedded RocketMQ " + OfficialVersion.name() + " in this JVM: 1 NameServer, "
                + this.options.brokers() + " brokers" : "external, NameServer " + nameServer);
        setup.put("topic", this.options.topic());
        setup.put("queuesPerBroker", this.options.queuesPerBroker());
        setup.put("warmupRounds", this.options.warmupRounds());
        setup.put("rounds", this.options.rounds());
        setup.put("scale", this.options.scale());
        setup.put("tag", Payloads.TAG);
        setup.put("messages", this.options.messages().label);
        setup.put("keys",
                (this.options.messages() == MessageShape.PREBUILT)
                        ? "one per message, order-<n> from an array built at start, the same sequence for every client"
                        : "one per message, order-<run>-<index>, built by string concatenation at each send");
        setup.put("userProperties",
                (this.options.messages() == MessageShape.PREBUILT) ? "none"
                        : "tenant=tenant-<index % 32>, region=eu-west-1, traceId=<16 hex digits from the index>, built "
                                + "at each send");
        setup.put("bodies", "JSON-like text, the same array for both clients; 4 KiB and larger compressed ("
                + this.options.codec() + ", level 5 where the codec has levels) by both");
        setup.put("codec", this.options.codec().name());
        setup.put("trace", this.options.trace());
        setup.put("acl", this.options.acl());
        setup.put("liftoff", "io.liftoff.client.Producer, defaults, header format " + this.options.liftoffHeader());
        setup.put("official",
                "org.apache.rocketmq:rocketmq-client " + OfficialVersion.name() + " DefaultMQProducer, defaults");
        return setup;
    }

    private static List<String> method() {
        return List.of(
                "Both clients run in one JVM with the same flags, one after the other for each scenario and round, "
                        + "the order alternating (A B, then B A); warm-up rounds are not counted.",
                "Ratios are Liftoff / official, computed per round and reported as the median over rounds.",
                "Throughput: acknowledged messages per second from the first send to the last acknowledgement; "
                        + "oneway: messages the brokers stored (sum of the topic's queue max offsets, read from the "
                        + "brokers' stores) per second until the last one was stored.",
                "Latency: each send call (sync), submit to completion (async), or the call (oneway).",
                "CPU and allocation: ThreadMXBean CPU time and allocated heap bytes of the client's threads and of "
                        + "the tool's sender threads for that client, per acknowledged (oneway: stored) message. "
                        + "Broker, NameServer, GC and JIT threads are excluded; direct (off-heap) buffers are not "
                        + "heap allocation.",
                "Before measuring, each client's sync, async and oneway messages are counted in the store and a "
                        + "sample is read back with the official consumer and compared.");
    }

    private static String format(List<Double> values) {
        List<String> parts = new ArrayList<>();
        for (double value : values) {
            parts.add(String.format(Locale.ROOT, "%.0f", value));
        }
        return String.join(", ", parts);
    }

    private static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

}
