package io.liftoff.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.TraceOptions;
import io.liftoff.embedded.EmbeddedAuth;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.internal.RocketMQSystemProperties;
import io.liftoff.embedded.process.RocketMQProcesses;
import io.liftoff.embedded.process.RocketMQVersion;
import org.jspecify.annotations.Nullable;

/**
 * The brokers the load tool runs against, with the topic created: an embedded RocketMQ in
 * this JVM ({@link Where#EMBEDDED}, the default), a NameServer and brokers as child JVMs
 * ({@link Where#PROCESSES}, {@code RocketMQProcesses} with the class path of this JVM:
 * the root pom's RocketMQ version), or running ones named by {@code --name-server}.
 * {@link #close()} stops what it started.
 */
final class BenchBrokers implements AutoCloseable {

    private final @Nullable EmbeddedRocketMQ embedded;

    private final @Nullable RocketMQProcesses processes;

    private final String nameServer;

    private final String description;

    private BenchBrokers(@Nullable EmbeddedRocketMQ embedded, @Nullable RocketMQProcesses processes, String nameServer,
            String description) {
        this.embedded = embedded;
        this.processes = processes;
        this.nameServer = nameServer;
        this.description = description;
    }

    /**
     * What the child JVMs get after {@link RocketMQProcesses#JVM_OPTIONS} (a small heap
     * and C1 only, for tests): the C2 compiler and a 1 GiB heap, as brokers in production
     * run, so that a client is not measured against an artificially slow broker.
     */
    static final List<String> SERVER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=4", "-Xms1g", "-Xmx1g",
            "-XX:MaxDirectMemorySize=1g");

    /** {@link #SERVER_JVM_OPTIONS} and those of {@code --server-jvm-option}. */
    private static List<String> serverJvmOptions(BenchmarkOptions options) {
        List<String> all = new ArrayList<>(SERVER_JVM_OPTIONS);
        all.addAll(options.serverJvmOptions());
        return all;
    }

    private static List<String> childJvmOptions(BenchmarkOptions options) {
        List<String> all = new ArrayList<>(RocketMQProcesses.JVM_OPTIONS);
        all.addAll(serverJvmOptions(options));
        return all;
    }

    /**
     * Starts (or finds) the brokers and creates the topic (and with {@code --trace} the
     * trace topic).
     * @param options the command line
     * @return the brokers
     * @throws IllegalStateException when they did not start
     */
    static BenchBrokers start(BenchmarkOptions options) {
        long start = System.nanoTime();
        if (options.nameServer() != null) {
            RocketMQSystemProperties.apply();
            return new BenchBrokers(null, null, options.nameServer(), "external, NameServer " + options.nameServer());
        }
        if (options.brokersAs() == Where.PROCESSES) {
            RocketMQSystemProperties.apply();
            RocketMQProcesses processes = RocketMQProcesses.builder(version())
                .brokers(options.brokers())
                .serverJvmOptions(serverJvmOptions(options).toArray(String[]::new))
                .start();
            try {
                processes.createTopic(options.topic(), options.queuesPerBroker());
                if (options.trace()) {
                    processes.createTopic(TraceOptions.DEFAULT_TOPIC, 1);
                }
            }
            catch (RuntimeException ex) {
                processes.close();
                throw ex;
            }
            List<String> pids = new ArrayList<>();
            serverPids(processes).forEach((server, pid) -> pids.add(server + " " + pid));
            return new BenchBrokers(null, processes, processes.nameServerAddress(), String.format(Locale.ROOT,
                    "RocketMQ %s as child JVMs (RocketMQProcesses, JVM options %s): NameServer %s, %d brokers "
                            + "(pids: %s), started in %d ms",
                    OfficialVersion.name(), childJvmOptions(options), processes.nameServerAddress(), options.brokers(),
                    String.join(", ", pids), millisSince(start)));
        }
        EmbeddedRocketMQ.Builder builder = EmbeddedRocketMQ.builder()
            .brokers(options.brokers())
            .topic(options.topic(), options.queuesPerBroker());
        if (options.trace()) {
            // Brokers do not create the trace topic themselves (traceTopicEnable=false).
            builder.topic(TraceOptions.DEFAULT_TOPIC, 1);
        }
        if (options.acl()) {
            builder.auth(EmbeddedAuth.builder()
                .user(ProducerBenchmark.ACL_USER, ProducerBenchmark.ACL_SECRET)
                .allow(ProducerBenchmark.ACL_USER, "Topic:" + options.topic(), "PUB")
                .allow(ProducerBenchmark.ACL_USER, "Topic:" + TraceOptions.DEFAULT_TOPIC, "PUB")
                .build());
        }
        EmbeddedRocketMQ embedded = builder.start();
        return new BenchBrokers(embedded, null, embedded.nameServerAddress(),
                String.format(Locale.ROOT,
                        "embedded RocketMQ %s in this JVM: NameServer %s, %d brokers, started in %d ms",
                        OfficialVersion.name(), embedded.nameServerAddress(), options.brokers(), millisSince(start)));
    }

    /** The NameServer's and each broker's process id, by name, NameServer first. */
    private static Map<String, Long> serverPids(RocketMQProcesses processes) {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("NameServer", processes.nameServerPid());
        processes.nodeNames().forEach((node) -> pids.put(node, processes.pid(node)));
        return pids;
    }

    /**
     * The CPU time the NameServer's and brokers' JVMs used so far, when they run as child
     * JVMs: with the client, they share this machine's cores, so what they spend per
     * message bounds the throughput as much as the client's own CPU does.
     * @return nanoseconds, or -1 when they run in this JVM or elsewhere
     */
    long serversCpuNanos() {
        if (this.processes == null) {
            return -1;
        }
        long total = 0;
        for (long pid : serverPids(this.processes).values()) {
            Optional<Duration> cpu = ProcessHandle.of(pid).flatMap((handle) -> handle.info().totalCpuDuration());
            if (cpu.isEmpty()) {
                return -1;
            }
            total += cpu.get().toNanos();
        }
        return total;
    }

    /**
     * The RocketMQ version of this JVM's class path, for child JVMs: its broker,
     * NameServer and client jars are the ones the clients here use.
     */
    private static RocketMQVersion version() {
        List<Path> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank() && Files.exists(Path.of(entry))) {
                classPath.add(Path.of(entry));
            }
        }
        return RocketMQVersion.of(OfficialVersion.name(), classPath);
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /**
     * @return the NameServer's address
     */
    String nameServer() {
        return this.nameServer;
    }

    /**
     * @return the embedded RocketMQ, whose stores can be counted without the network, or
     * {@code null} when the brokers are outside this JVM
     */
    @Nullable EmbeddedRocketMQ embedded() {
        return this.embedded;
    }

    /**
     * @return whether the brokers run in this JVM (then the process CPU includes them)
     */
    boolean inThisJvm() {
        return this.embedded != null;
    }

    /**
     * @return what they are, for the output
     */
    String description() {
        return this.description;
    }

    @Override
    public void close() {
        if (this.embedded != null) {
            this.embedded.close();
        }
        if (this.processes != null) {
            this.processes.close();
        }
    }

    /** Where {@code --brokers-as} runs the brokers. */
    enum Where {

        /** In this JVM ({@code EmbeddedRocketMQ}). */
        EMBEDDED("embedded"),

        /** A NameServer and each broker in a child JVM ({@code RocketMQProcesses}). */
        PROCESSES("processes");

        final String label;

        Where(String label) {
            this.label = label;
        }

        static Where ofLabel(String label) {
            for (Where where : values()) {
                if (where.label.equals(label.strip().toLowerCase(Locale.ROOT))) {
                    return where;
                }
            }
            throw new IllegalArgumentException("--brokers-as takes embedded or processes, not '" + label + "'");
        }

    }

}
