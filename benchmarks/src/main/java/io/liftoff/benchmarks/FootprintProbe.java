package io.liftoff.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.liftoff.client.ClientResources;
import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.client.SendStatus;
import io.liftoff.embedded.internal.RocketMQSystemProperties;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/**
 * One case of {@link ThreadFootprint} in a fresh JVM: the JVM alone, then one producer,
 * then all of them, each producer started and after one sync send, then everything
 * closed. At each stage it prints the live threads (by name group) and the heap used
 * after GC as {@value #PREFIX} lines that {@link ThreadFootprint} reads.
 */
final class FootprintProbe {

    /**
     * Every line meant for {@link ThreadFootprint} starts with this, then tab-separated
     * stage, key and value.
     */
    static final String PREFIX = "FOOTPRINT\t";

    /**
     * Producer groups are this plus the producer's index; the official producers'
     * instance names too.
     */
    static final String GROUP_PREFIX = "footprint-";

    /** Stage names, in order. */
    static final List<String> STAGES = List.of("jvm", "started", "one", "all", "closed");

    /**
     * How long to wait after the sends, so that threads a send or a timer starts late
     * exist when counted.
     */
    static final long SETTLE_MILLIS = 1_500;

    /** The longest wait for threads to end after everything was closed. */
    static final long CLOSE_WAIT_MILLIS = 5_000;

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final String topic;

    private final Supplier<Clients> factory;

    private Clients clients;

    private FootprintProbe(String topic, Supplier<Clients> factory) {
        this.topic = topic;
        this.factory = factory;
    }

    /**
     * Child JVM entry point.
     * @param args {@code case nameServer topic producers remotingVersion}; case is
     * {@code liftoff-shared}, {@code liftoff-own} or {@code official}
     * @throws Exception when a producer does not start or a send fails
     */
    public static void main(String[] args) throws Exception {
        String kind = args[0];
        String nameServer = args[1];
        String topic = args[2];
        int producers = Integer.parseInt(args[3]);
        // What the parent JVM has because of its embedded brokers (as StartupProbe sets
        // it).
        System.setProperty(RocketMQSystemProperties.REMOTING_VERSION_KEY, args[4]);
        System.setProperty(RocketMQSystemProperties.LOGBACK_CONFIGURATION_FILE_KEY,
                RocketMQSystemProperties.LOGBACK_CONFIGURATION_RESOURCE);
        // The application's logging is ready before any producer: not billed to either
        // client.
        org.slf4j.LoggerFactory.getLogger(FootprintProbe.class).debug("Application logging ready");
        // Created after the JVM alone is measured: creating ClientResources already
        // starts an I/O thread.
        Supplier<Clients> factory = switch (kind) {
            case "liftoff-shared" -> () -> new LiftoffClients(nameServer, ClientResources.create());
            case "liftoff-own" -> () -> new LiftoffClients(nameServer, null);
            case "official" -> () -> new OfficialClients(nameServer);
            default -> throw new IllegalArgumentException("Unknown case '" + kind + "'");
        };
        int status = 0;
        try {
            new FootprintProbe(topic, factory).run(producers);
        }
        catch (Exception ex) {
            ex.printStackTrace();
            status = 1;
        }
        // The official client leaves non-daemon threads behind.
        System.exit(status);
    }

    private void run(int producers) throws Exception {
        Set<String> baseline = emit("jvm", true);
        this.clients = this.factory.get();
        this.clients.start(0);
        // Counted before the first send: what a send (or a task scheduled at start) adds
        // later is "lazy".
        Set<String> started = emit("started", false);
        this.clients.send(0, this.topic);
        Thread.sleep(SETTLE_MILLIS);
        Set<String> one = emit("one", true);
        for (String name : one) {
            if (!started.contains(name)) {
                line("one", "lazy", name);
            }
        }
        for (int i = 1; i < producers; i++) {
            this.clients.start(i);
            this.clients.send(i, this.topic);
        }
        Thread.sleep(SETTLE_MILLIS);
        emit("all", true);
        this.clients.close();
        long deadline = System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000;
        while (liveThreadNames().size() > baseline.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Set<String> closed = emit("closed", true);
        for (String name : closed) {
            if (!baseline.contains(name)) {
                line("closed", "left", name);
            }
        }
    }

    /** Prints a stage's counts; returns the names of its live threads. */
    private static Set<String> emit(String stage, boolean heap) throws InterruptedException {
        if (heap) {
            line(stage, "heapBytes", Long.toString(heapUsedAfterGc()));
        }
        List<String> names = liveThreadNames();
        line(stage, "threads", Integer.toString(names.size()));
        line(stage, "osThreads", Integer.toString(osThreads()));
        Map<String, Integer> groups = new TreeMap<>();
        for (String name : names) {
            groups.merge(group(name), 1, Integer::sum);
        }
        groups.forEach((group, count) -> line(stage, "group", group + "=" + count));
        return new TreeSet<>(names);
    }

    private static List<String> liveThreadNames() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            names.add(thread.getName());
        }
        return names;
    }

    private static long heapUsedAfterGc() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Threads of the process as the OS counts them (GC and JIT threads included), or -1
     * off Linux.
     */
    private static int osThreads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring("Threads:".length()).trim());
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // Not Linux: the Java count stands alone.
        }
        return -1;
    }

    /**
     * The name of a thread without what differs between producers or pool members:
     * {@code liftoff-io}, {@code NettyClientWorkerThread_N},
     * {@code Client_<id>_GuardForSyncSendService}.
     */
    static String group(String name) {
        if (name.startsWith("liftoff-")) {
            int dash = name.indexOf('-', "liftoff-".length());
            return (dash < 0) ? name : name.substring(0, dash);
        }
        if (name.startsWith("Client_") && name.indexOf('@') > 0) {
            return "Client_<id>_" + name.substring(name.lastIndexOf('_') + 1);
        }
        return DIGITS.matcher(name).replaceAll("N");
    }

    private static void line(String stage, String key, String value) {
        System.out.println(PREFIX + stage + "\t" + key + "\t" + value);
        System.out.flush();
    }

    /** The producers of one case. */
    private interface Clients {

        void start(int index) throws Exception;

        void send(int index, String topic) throws Exception;

        void close();

    }

    /** Liftoff producers, with the given shared resources or (null) each with its own. */
    private static final class LiftoffClients implements Clients {

        private final String nameServer;

        private final ClientResources resources;

        private final List<Producer> producers = new ArrayList<>();

        LiftoffClients(String nameServer, ClientResources resources) {
            this.nameServer = nameServer;
            this.resources = resources;
        }

        @Override
        public void start(int index) {
            Producer producer = Producer.builder()
                .nameServer(this.nameServer)
                .group(GROUP_PREFIX + index)
                .clientResources(this.resources)
                .build();
            this.producers.add(producer);
            producer.start();
        }

        @Override
        public void send(int index, String topic) {
            SendStatus status = this.producers.get(index)
                .send(Message.builder(topic)
                    .tag(Payloads.TAG)
                    .keys(GROUP_PREFIX + index)
                    .body(Payloads.body(128, index))
                    .build())
                .status();
            if (status != SendStatus.SEND_OK) {
                throw new IllegalStateException("Producer " + index + " stored with " + status);
            }
        }

        @Override
        public void close() {
            this.producers.forEach(Producer::close);
            if (this.resources != null) {
                this.resources.close();
            }
        }

    }

    /**
     * Official producers, each with its own instance name and so its own
     * {@code MQClientInstance}.
     */
    private static final class OfficialClients implements Clients {

        private final String nameServer;

        private final List<DefaultMQProducer> producers = new ArrayList<>();

        OfficialClients(String nameServer) {
            this.nameServer = nameServer;
        }

        @Override
        public void start(int index) throws Exception {
            DefaultMQProducer producer = new DefaultMQProducer(GROUP_PREFIX + index);
            producer.setNamesrvAddr(this.nameServer);
            producer.setInstanceName(GROUP_PREFIX + index);
            this.producers.add(producer);
            producer.start();
        }

        @Override
        public void send(int index, String topic) throws Exception {
            org.apache.rocketmq.client.producer.SendStatus status = this.producers.get(index)
                .send(new org.apache.rocketmq.common.message.Message(topic, Payloads.TAG, GROUP_PREFIX + index,
                        Payloads.body(128, index)))
                .getSendStatus();
            if (status != org.apache.rocketmq.client.producer.SendStatus.SEND_OK) {
                throw new IllegalStateException("Producer " + index + " stored with " + status);
            }
        }

        @Override
        public void close() {
            this.producers.forEach(DefaultMQProducer::shutdown);
        }

    }

}
