package io.liftoff.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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

import io.liftoff.client.CompressionCodec;
import io.liftoff.client.Credentials;
import io.liftoff.embedded.EmbeddedAuth;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.internal.RocketMQSystemProperties;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.remoting.RPCHook;

/**
 * The load tool: Liftoff's {@code Producer} against the official
 * {@code DefaultMQProducer} (the root pom's {@code rocketmq.version}) with its defaults
 * and with {@code autoBatch} on, in one JVM, on the same brokers, topic, bodies, keys,
 * tag and concurrency, rotating which client goes first per scenario and round (A B C,
 * then B C A, ...), so that the ratios compare them under the same machine conditions.
 *
 * <p>
 * Run it with {@code mvn -B -ntp -q -pl benchmarks exec:exec} (arguments:
 * {@code -Dbench.args="--quick"}; {@code --help} lists them). It prints a table and
 * writes {@code target/results.json}.
 *
 * <p>
 * What is counted: CPU time and heap allocation of each client's own threads (Liftoff's
 * {@code liftoff-*}; an official client's Netty, executor and service threads that
 * appeared during its turns, see {@link ThreadOwners}) plus the tool's sender threads for
 * that client, which run the send calls. The in-process broker and NameServer threads,
 * and the JVM's GC and JIT threads, are not counted there; the process CPU per message
 * counts everything in the JVM.
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
        List<Scenario> scenarios = Scenario.all(this.options.modes(), this.options.sizes(), this.options.scale(),
                this.options.count());
        print("Liftoff vs official RocketMQ producer: %d cores, %s %s, JVM flags %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ManagementFactory.getRuntimeMXBean().getInputArguments());
        BenchBrokers brokers = BenchBrokers.start(this.options);
        String nameServer = brokers.nameServer();
        EmbeddedRocketMQ embedded = brokers.embedded();
        print("%s; topic '%s' with %d queues per broker%s", brokers.description(), this.options.topic(),
                this.options.queuesPerBroker(),
                this.options.acl() ? ", ACL 2.0 on: the clients sign as user '" + ACL_USER + "'" : "");
        int maxCount = scenarios.stream().mapToInt(Scenario::count).max().orElse(1);
        Payloads payloads = new Payloads(this.options.topic(), maxCount,
                this.options.sizes().stream().mapToInt(Integer::intValue).toArray());
        ThreadMeter meter = new ThreadMeter();
        Report report = new Report(this.options.clients());
        List<BenchClient> clients = new ArrayList<>();
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
            ThreadOwners owners = new ThreadOwners(meter.names().keySet());
            for (String name : this.options.clients()) {
                clients.add(client(name, nameServer, owners, stored, payloads));
            }
            Map<String, ExecutorService> senders = new LinkedHashMap<>();
            for (BenchClient client : clients) {
                ExecutorService pool = senders(client.senderPrefix(), 8);
                senders.put(client.name(), pool);
                senderPools.add(pool);
            }
            StoredCheck check = new StoredCheck(stored, payloads, this.options.messages());
            for (BenchClient client : clients) {
                client.start();
                print("Client %s: %s", client.name(), client.description());
                print("Stored check: %s", check.check(client, this.options.sizes()));
                owners.claim(client.name(), meter.names().keySet());
                for (Scenario.Mode mode : this.options.modes()) {
                    if (client.unsupported(mode) != null) {
                        print("Skipped: %s in %s: %s", client.name(), mode.label, client.unsupported(mode));
                    }
                }
            }

            LoadRunner runner = new LoadRunner(meter, stored, owners, this.options.messages(), payloads,
                    brokers::serversCpuNanos);
            if (this.options.brokerWarmupSeconds() > 0) {
                RawBatchClient warmer = new RawBatchClient(stored, this.options.messages(), payloads,
                        this.options.sizes());
                ExecutorService pool = senders("bench-broker-warmup-", 1);
                senderPools.add(pool);
                try {
                    warmer.start();
                    owners.claim("broker-warmup", meter.names().keySet());
                    print("%s", BrokerWarmup.run(Duration.ofSeconds(this.options.brokerWarmupSeconds()), runner, warmer,
                            pool, this.options.sizes(), maxCount));
                }
                finally {
                    quietly("broker warm-up client", warmer);
                }
            }
            Map<Scenario, Report.ScenarioResults> results = new LinkedHashMap<>();
            for (Scenario scenario : scenarios) {
                Report.ScenarioResults entry = new Report.ScenarioResults(scenario, this.options.clients());
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
                    // A B C, then B C A, then C A B, ...: each client goes first as
                    // often.
                    List<BenchClient> order = new ArrayList<>(clients);
                    Collections.rotate(order, -Math.floorMod(round + i, order.size()));
                    for (BenchClient client : order) {
                        if (client.unsupported(scenario.mode()) != null) {
                            continue;
                        }
                        RunResult result = runner.run(client, senders.get(client.name()), scenario, round);
                        print("%-8s %-18s %-18s %9.0f msgs/s  p50 %6.0f us  p99 %7.0f us  CPU %6.1f us/msg  "
                                + "process %6.1f us/msg  alloc %7.0f B/msg  stored %d/%d%s", label, scenario.name(),
                                client.name(), result.rate(), result.p50Micros(), result.p99Micros(),
                                result.cpuMillisPer1000(), result.processCpuMicrosPerMessage(),
                                result.allocatedBytesPerMessage(), result.stored(), result.calls() + result.errors(),
                                (result.errors() > 0) ? "  ERRORS " + result.errors() + ": " + result.firstError()
                                        : "");
                        if (round >= 1) {
                            results.get(scenario).add(result);
                        }
                    }
                }
            }
            ThreadMeter.Sample measuredTo = meter.sample();
            Map<String, Object> threads = threads(measuredFrom, measuredTo, clients);

            System.out.print(report.table(processCpuNote(brokers.inThisJvm())));
            double minutes = (System.nanoTime() - runStart) / 60e9;
            print("\nWhole run: %.1f minutes", minutes);

            Map<String, Object> json = new LinkedHashMap<>();
            json.put("tool", "io.liftoff.benchmarks.ProducerBenchmark");
            json.put("startedAt", startedAt.toString());
            json.put("minutes", minutes);
            json.put("machine", machine());
            json.put("setup", setup(brokers, clients));
            json.put("method", method(brokers.inThisJvm()));
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
            for (BenchClient client : clients) {
                quietly(client.name() + " client", client);
            }
            senderPools.forEach(ExecutorService::shutdownNow);
            quietly("brokers", brokers);
        }
    }

    /**
     * Creates a client, not started.
     * @param name its name, one of {@link BenchmarkOptions#CLIENTS}
     * @param nameServer the NameServer address
     * @param owners which threads appear during each client's turns
     * @param stored the reader consumer (the raw-batch ceiling takes the route from it)
     * @param payloads the topic, keys and bodies
     * @return the client
     */
    private BenchClient client(String name, String nameServer, ThreadOwners owners, StoredMessages stored,
            Payloads payloads) {
        CompressionCodec codec = this.options.codec();
        boolean acl = this.options.acl();
        return switch (name) {
            case Report.LIFTOFF -> new LiftoffBenchClient(nameServer, "bench-liftoff", this.options.liftoffHeader(),
                    codec, this.options.trace(), acl ? Credentials.of(ACL_USER, ACL_SECRET) : null);
            case OfficialBenchClient.NAME, OfficialBenchClient.AUTO_BATCH_NAME ->
                new OfficialBenchClient(nameServer, name.equals(OfficialBenchClient.AUTO_BATCH_NAME), "bench-official",
                        codec, owners, this.options.trace(),
                        acl ? new AclClientRPCHook(new SessionCredentials(ACL_USER, ACL_SECRET)) : null);
            case RawBatchClient.NAME ->
                new RawBatchClient(stored, this.options.messages(), payloads, this.options.sizes());
            default -> throw new IllegalArgumentException("Unknown client '" + name + "'");
        };
    }

    private static String processCpuNote(boolean brokersInThisJvm) {
        return brokersInThisJvm ? "the whole JVM's CPU per message, which INCLUDES the embedded brokers and NameServer"
                : "the whole JVM's CPU per message, brokers outside it";
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
    private static Map<String, Object> threads(ThreadMeter.Sample from, ThreadMeter.Sample to,
            List<BenchClient> clients) {
        Map<String, Object> threads = new LinkedHashMap<>();
        ThreadMeter.ThreadFilter anyClient = (id, name) -> clients.stream().anyMatch((c) -> c.owns(id, name));
        for (BenchClient client : clients) {
            threads.put(client.name() + "Counted", new TreeSet<>(names(to, client::owns)));
        }
        Map<String, Object> others = new LinkedHashMap<>();
        if (from != null) {
            for (Map.Entry<Long, String> thread : to.names().entrySet()) {
                if (!anyClient.test(thread.getKey(), thread.getValue())) {
                    ThreadMeter.Usage usage = to.since(from, (id, name) -> id == thread.getKey());
                    if (usage.cpuNanos() > 0) {
                        others.put(thread.getValue() + " #" + thread.getKey(), usage.cpuNanos() / 1e6);
                    }
                }
            }
            threads.put("processCpuMillis", to.processCpuSince(from) / 1e6);
        }
        threads.put("notCountedThreadsCpuMillis", others);
        threads.put("notCounted", "threads no client owns: brokers and NameServer when embedded, the reader consumer, "
                + "main, and JVM threads visible to ThreadMXBean");
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

    private Map<String, Object> setup(BenchBrokers brokers, List<BenchClient> clients) {
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("brokers", brokers.description());
        setup.put("topic", this.options.topic());
        setup.put("queuesPerBroker", this.options.queuesPerBroker());
        setup.put("warmupRounds", this.options.warmupRounds());
        setup.put("rounds", this.options.rounds());
        setup.put("scale", this.options.scale());
        setup.put("count", (this.options.count() > 0) ? this.options.count() : "the modes' counts times scale");
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
        setup.put("bodies", "JSON-like text, the same array for every client; 4 KiB and larger compressed ("
                + this.options.codec() + ", level 5 where the codec has levels) by the producers");
        setup.put("codec", this.options.codec().name());
        setup.put("trace", this.options.trace());
        setup.put("acl", this.options.acl());
        for (BenchClient client : clients) {
            setup.put(client.name(), client.description());
        }
        return setup;
    }

    private static List<String> method(boolean brokersInThisJvm) {
        return List.of(
                "All clients run in one JVM with the same flags, one after the other for each scenario and round, "
                        + "the order rotating (A B C, then B C A, ...); warm-up rounds are not counted.",
                "Ratios are Liftoff / each other client, computed per round and reported as the median over rounds.",
                "Throughput: acknowledged messages per second from the first send to the last acknowledgement; "
                        + "oneway: messages the brokers stored (sum of the topic's queue max offsets, read from the "
                        + "brokers' stores) per second until the last one was stored.",
                "Latency: each send call (sync), submit to completion (async), or the call (oneway).",
                "CPU and allocation: ThreadMXBean CPU time and allocated heap bytes of the client's threads and of "
                        + "the tool's sender threads for that client, per acknowledged (oneway: stored) message. "
                        + "Broker, NameServer, GC and JIT threads are excluded; direct (off-heap) buffers are not "
                        + "heap allocation. Threads whose names do not tell which official producer they belong to "
                        + "count for the client during whose turn they appeared.",
                "Process CPU: com.sun.management.OperatingSystemMXBean#getProcessCpuTime over the run per message: "
                        + processCpuNote(brokersInThisJvm) + ".",
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
