package io.liftoff.embedded.process;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.liftoff.embedded.internal.BlockingRemoting;
import io.liftoff.embedded.internal.ChildMain;
import io.liftoff.embedded.internal.LoopbackPorts;
import io.liftoff.embedded.internal.OfficialConsumerMain;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.CreateTopicRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetRouteInfoRequestHeader;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.jspecify.annotations.Nullable;

/**
 * A NameServer and brokers of one RocketMQ version, each in its own child JVM on free
 * loopback ports, for tests that need real processes: several versions side by side,
 * crashes ({@link #kill}), hangs ({@link #pause}) and restarts on the same store
 * ({@link #restart}). The in-process {@code EmbeddedRocketMQ} is faster; use this where a
 * process must really die or another version must run.
 *
 * <p>
 * Each broker name has one process ({@code broker-a}, {@code broker-b}, ...: its master)
 * or, with {@link Builder#replicas(int) replicas}, several ({@code broker-a-0},
 * {@code broker-a-1}, ...): a master and slaves with fixed roles, or, in
 * {@link Builder#controllerMode(boolean) controller mode} (5.x), replicas whose roles the
 * controller inside the NameServer decides and changes when a master dies. Methods that
 * act on a process take its node name ({@link #nodeNames()}).
 *
 * <p>
 * Every server runs {@code NamesrvStartup} or {@code BrokerStartup} with a generated
 * configuration file ({@code -c}, written by {@code ServerConfigs}), under a temporary
 * {@code ROCKETMQ_HOME} (also its {@code user.home}, so RocketMQ's own logs land there)
 * with small store files, the version's JVM flags ({@link RocketMQVersion#jvmFlags()})
 * and {@link #JVM_OPTIONS}. Brokers are named {@code broker-a}, {@code broker-b}, ... in
 * cluster {@value #CLUSTER_NAME}, advertise {@code 127.0.0.1}, and auto-create topics.
 * Standard output and error of each start go to a file in the temporary directory; when a
 * server does not start, its tail is in the exception. {@link #close()} kills every
 * process and deletes the directory.
 *
 * <p>
 * No process outlives the test JVM: a shutdown hook kills them, and each child halts by
 * itself when its parent dies, even by {@code SIGKILL} ({@code ChildMain} watches its
 * standard input and its parent). A child stopped by {@link #pause} when its parent is
 * killed stays stopped until continued; {@link #close()} and the hook continue it first.
 *
 * <p>
 * Not thread-safe: one test thread drives it.
 */
public final class RocketMQProcesses implements AutoCloseable {

    /** The cluster name of every broker. */
    public static final String CLUSTER_NAME = "DefaultCluster";

    /** The topic brokers create topics from. */
    public static final String DEFAULT_TOPIC = "TBW102";

    /**
     * JVM options of every server: a small heap, serial GC and the C1 compiler only, so
     * that a NameServer and two brokers start fast on a shared 2-core machine.
     */
    public static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:MaxDirectMemorySize=256m",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xss512k");

    /** How long a server may take to start by default: 90 s. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);

    private static final String NAMESRV_MAIN = "org.apache.rocketmq.namesrv.NamesrvStartup";

    private static final String BROKER_MAIN = "org.apache.rocketmq.broker.BrokerStartup";

    private static final String BOOT_MARKER = "boot success";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private static final int START_ATTEMPTS = 3;

    private static final int TAIL_LINES = 40;

    private final RocketMQVersion version;

    private final Path directory;

    private final Duration startTimeout;

    private final Builder topology;

    private final Map<String, Server> brokers = new LinkedHashMap<>();

    private int controllerPort;

    private final Thread shutdownHook;

    private @Nullable Server nameServer;

    private int readers;

    private boolean closed;

    private RocketMQProcesses(Builder topology, Path directory) {
        this.version = topology.version;
        this.directory = directory;
        this.startTimeout = topology.startTimeout;
        this.topology = topology;
        this.shutdownHook = new Thread(this::destroyAll, "liftoff-rocketmq-processes-hook");
    }

    /**
     * Starts a NameServer and {@code brokers} master brokers, and waits until every
     * broker is registered with the NameServer (its default topic route lists it).
     * @param version the RocketMQ version
     * @param brokers how many brokers, at least 1
     * @return the running processes
     * @throws IllegalStateException when a server did not start within
     * {@link #DEFAULT_START_TIMEOUT} (the message holds its output's tail); nothing is
     * left running then
     */
    public static RocketMQProcesses start(RocketMQVersion version, int brokers) {
        return builder(version).brokers(brokers).start();
    }

    /**
     * Starts a NameServer and brokers, as {@link #start(RocketMQVersion, int)}, with its
     * own start timeout per server.
     * @param version the RocketMQ version
     * @param brokers how many brokers, 1 to 26
     * @param startTimeout how long each server may take to start
     * @return the running processes
     */
    public static RocketMQProcesses start(RocketMQVersion version, int brokers, Duration startTimeout) {
        return builder(version).brokers(brokers).startTimeout(startTimeout).start();
    }

    /**
     * Returns a builder of a cluster with master-slave groups or in controller mode.
     * @param version the RocketMQ version
     * @return a builder of one master broker by default
     */
    public static Builder builder(RocketMQVersion version) {
        return new Builder(version);
    }

    private static RocketMQProcesses start(Builder topology) {
        Path directory;
        try {
            directory = Files.createTempDirectory("liftoff-rocketmq-" + topology.version.name() + "-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create a directory for RocketMQ " + topology.version.name(), ex);
        }
        RocketMQProcesses processes = new RocketMQProcesses(topology, directory);
        Runtime.getRuntime().addShutdownHook(processes.shutdownHook);
        try {
            processes.startAll();
            return processes;
        }
        catch (RuntimeException | Error ex) {
            processes.close();
            throw ex;
        }
    }

    private void startAll() {
        this.nameServer = startFresh(() -> nameServer(this.directory.resolve("namesrv")), null);
        List<List<String>> waves = new ArrayList<>();
        for (int replica = 0; replica < this.topology.replicas; replica++) {
            List<String> wave = new ArrayList<>();
            for (int i = 0; i < this.topology.brokers; i++) {
                String brokerName = "broker-" + (char) ('a' + i);
                String node = (this.topology.replicas == 1) ? brokerName : brokerName + "-" + replica;
                this.brokers.put(node, broker(node, brokerName, replica, this.directory.resolve(node), null));
                wave.add(node);
            }
            waves.add(wave);
        }
        // Masters first: in controller mode the first replica registered becomes master.
        for (List<String> wave : waves) {
            for (String node : wave) {
                this.brokers.get(node).launch();
            }
            for (String node : wave) {
                Server broker = this.brokers.get(node);
                if (!broker.awaitReady(this.startTimeout) && broker.output().contains("Address already in use")) {
                    broker.kill();
                    this.brokers.put(node, startFresh(
                            () -> broker(node, broker.brokerName, broker.replica, this.directory.resolve(node), null),
                            broker));
                }
                else if (!broker.ready) {
                    throw broker.notStarted();
                }
            }
        }
    }

    private Server startFresh(ServerFactory factory, @Nullable Server failed) {
        Server last = failed;
        for (int attempt = (failed != null) ? 2 : 1; attempt <= START_ATTEMPTS; attempt++) {
            Server server = factory.create();
            server.launch();
            if (server.awaitReady(this.startTimeout)) {
                return server;
            }
            server.kill();
            last = server;
            if (!server.output().contains("Address already in use")) {
                break;
            }
        }
        throw last.notStarted();
    }

    private Server nameServer(Path home) {
        try (LoopbackPorts.Reservation reservation = new LoopbackPorts.Reservation()) {
            int port = LoopbackPorts.reservePort(reservation);
            if (this.topology.controllerMode && this.controllerPort == 0) {
                this.controllerPort = LoopbackPorts.reservePort(reservation);
            }
            String conf = ServerConfigs.nameServer(this.version, home, port,
                    this.topology.controllerMode ? this.controllerPort : 0);
            return new Server("namesrv", null, 0, home, port, 0, NAMESRV_MAIN, conf, List.of());
        }
    }

    private Server broker(String node, String brokerName, int replica, Path home, @Nullable Server previous) {
        try (LoopbackPorts.Reservation reservation = new LoopbackPorts.Reservation()) {
            int port = (previous != null) ? previous.port : LoopbackPorts.reserveBrokerPort(reservation);
            int haPort = (previous != null) ? previous.haPort : LoopbackPorts.reservePort(reservation);
            ServerConfigs.BrokerNode spec = new ServerConfigs.BrokerNode(node, brokerName, replica, home, port, haPort);
            String controller = this.topology.controllerMode ? LoopbackPorts.LOOPBACK + ":" + this.controllerPort
                    : null;
            String conf = ServerConfigs.broker(this.version, spec, nameServerAddress(), controller);
            return new Server(node, brokerName, replica, home, port, haPort, BROKER_MAIN, conf,
                    List.of("-n", nameServerAddress()));
        }
    }

    /**
     * @return the version these processes run
     */
    public RocketMQVersion version() {
        return this.version;
    }

    /**
     * @return the temporary directory of every server's home, store and logs (deleted by
     * {@link #close()}; left behind when the JVM is killed)
     */
    public Path directory() {
        return this.directory;
    }

    /**
     * @return the NameServer's {@code 127.0.0.1:port}
     */
    public String nameServerAddress() {
        return LoopbackPorts.LOOPBACK + ":" + requireNameServer().port;
    }

    /**
     * @return the broker names, in start order ({@code broker-a}, {@code broker-b}, ...)
     */
    public List<String> brokerNames() {
        return this.brokers.values().stream().map((server) -> server.brokerName).distinct().toList();
    }

    /**
     * @return every broker process's node name, in start order: the broker names when
     * each has one process, else {@code broker-a-0}, {@code broker-b-0}, ...,
     * {@code broker-a-1}, ...
     */
    public List<String> nodeNames() {
        return List.copyOf(this.brokers.keySet());
    }

    /**
     * Returns the node names of a broker name's processes.
     * @param brokerName the broker name
     * @return its nodes, first replica first
     */
    public List<String> nodes(String brokerName) {
        return this.brokers.values()
            .stream()
            .filter((server) -> brokerName.equals(server.brokerName))
            .map((server) -> server.name)
            .toList();
    }

    /**
     * Returns the node that the NameServer lists as a broker name's master now.
     * @param brokerName the broker name
     * @return its node name, empty while the NameServer lists no master for it
     */
    public Optional<String> masterNode(String brokerName) {
        String master = route(DEFAULT_TOPIC).map((route) -> route.master(brokerName)).orElse(null);
        return this.brokers.values()
            .stream()
            .filter((server) -> (LoopbackPorts.LOOPBACK + ":" + server.port).equals(master))
            .map((server) -> server.name)
            .findFirst();
    }

    /**
     * Returns a broker process's address.
     * @param node the node name (the broker name when it has one process)
     * @return its {@code 127.0.0.1:port}, the same across restarts
     */
    public String brokerAddress(String node) {
        return LoopbackPorts.LOOPBACK + ":" + requireBroker(node).port;
    }

    /**
     * Returns a broker's process id.
     * @param node the node name (the broker name when it has one process)
     * @return the pid of its current process
     */
    public long pid(String node) {
        return requireBroker(node).process().pid();
    }

    /**
     * Returns the NameServer's process id.
     * @return its pid
     */
    public long nameServerPid() {
        return requireNameServer().process().pid();
    }

    /**
     * Kills a broker at once, as a crash does ({@code SIGKILL}), and waits until its
     * process is gone. Its store stays for {@link #restart}.
     * @param node the node name (the broker name when it has one process)
     */
    public void kill(String node) {
        requireBroker(node).kill();
    }

    /**
     * Stops a broker's process ({@code SIGSTOP}): it keeps its connections open and
     * answers nothing, as a hung broker.
     * @param node the node name (the broker name when it has one process)
     */
    public void pause(String node) {
        Server broker = requireBroker(node);
        signal(broker.process(), "STOP");
        broker.paused = true;
        awaitState(broker.process(), true);
    }

    /**
     * Continues a stopped broker ({@code SIGCONT}).
     * @param node the node name (the broker name when it has one process)
     */
    public void resume(String node) {
        Server broker = requireBroker(node);
        signal(broker.process(), "CONT");
        broker.paused = false;
        awaitState(broker.process(), false);
    }

    /**
     * Waits until Linux reports the process stopped (state {@code T}) or not, since a
     * signal takes effect asynchronously. Returns at once where {@code /proc} is absent.
     */
    private static void awaitState(Process process, boolean stopped) {
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(stat) && System.nanoTime() - deadline < 0) {
            try {
                String text = Files.readString(stat, StandardCharsets.ISO_8859_1);
                int end = text.lastIndexOf(')');
                if ((text.charAt(end + 2) == 'T') == stopped) {
                    return;
                }
            }
            catch (IOException | RuntimeException ex) {
                return;
            }
            sleep(5);
        }
    }

    /**
     * Starts a broker again on the same port and store (after killing it if it still
     * runs), and waits until it is registered again with the NameServer.
     * @param node the node name (the broker name when it has one process)
     * @throws IllegalStateException when it did not start in time
     */
    public void restart(String node) {
        Server broker = requireBroker(node);
        broker.kill();
        try {
            LoopbackPorts.awaitFree(Duration.ofSeconds(30), broker.port, broker.port - 2, broker.haPort);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the ports of " + node, ex);
        }
        broker.launch();
        if (!broker.awaitReady(this.startTimeout)) {
            throw broker.notStarted();
        }
    }

    /**
     * Asks the NameServer for a topic's route.
     * @param topic the topic
     * @return the route, empty when the NameServer knows no route for the topic
     * @throws IllegalStateException when the NameServer does not answer or answers with
     * an error
     */
    public Optional<TopicRoute> route(String topic) {
        return route(nameServerAddress(), topic);
    }

    private Optional<TopicRoute> route(String nameServer, String topic) {
        GetRouteInfoRequestHeader header = new GetRouteInfoRequestHeader();
        header.setTopic(topic);
        header.setAcceptStandardJsonOnly(true);
        RemotingCommand answer = request(nameServer,
                RemotingCommand.createRequestCommand(RequestCode.GET_ROUTEINFO_BY_TOPIC, header));
        if (answer.getCode() == ResponseCode.TOPIC_NOT_EXIST) {
            return Optional.empty();
        }
        if (answer.getCode() != ResponseCode.SUCCESS || answer.getBody() == null) {
            throw new IllegalStateException("Route of topic '" + topic + "' from RocketMQ " + this.version.name()
                    + " NameServer: code " + answer.getCode() + ", " + answer.getRemark());
        }
        TopicRouteData data = TopicRouteData.decode(answer.getBody(), TopicRouteData.class);
        Map<String, Map<Long, String>> addresses = new HashMap<>();
        for (BrokerData broker : data.getBrokerDatas()) {
            addresses.put(broker.getBrokerName(), new HashMap<>(broker.getBrokerAddrs()));
        }
        Map<String, Integer> queues = new HashMap<>();
        for (QueueData queue : data.getQueueDatas()) {
            queues.put(queue.getBrokerName(), queue.getWriteQueueNums());
        }
        return Optional.of(new TopicRoute(topic, addresses, queues));
    }

    /**
     * Waits until a topic's route satisfies a condition.
     * @param topic the topic
     * @param condition the condition
     * @param timeout how long to wait
     * @return the route that satisfied it
     * @throws IllegalStateException when it did not within the timeout
     */
    public TopicRoute awaitRoute(String topic, Predicate<TopicRoute> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<TopicRoute> last = Optional.empty();
        while (true) {
            try {
                last = route(topic);
            }
            catch (IllegalStateException ex) {
                // Not ready yet: ask again.
            }
            if (last.isPresent() && condition.test(last.get())) {
                return last.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("Route of topic '" + topic + "' on RocketMQ " + this.version.name()
                        + " did not reach the expected state within " + timeout + "; last: " + last);
            }
            sleep(50);
        }
    }

    /**
     * Creates a topic on every running broker process ({@code UPDATE_AND_CREATE_TOPIC},
     * read and write permission) and waits until the NameServer's route lists each of
     * their broker names with a master.
     * @param topic the topic
     * @param queues read and write queues per broker
     * @throws IllegalStateException when a broker refused or the route did not appear
     */
    public void createTopic(String topic, int queues) {
        createTopic(topic, queues, brokerNames().toArray(new String[0]));
    }

    /**
     * Creates a topic on the running broker processes of some broker names only, as
     * {@link #createTopic(String, int)} does on all.
     * @param topic the topic
     * @param queues read and write queues per broker name
     * @param brokerNames the broker names
     * @throws IllegalStateException when a broker refused or the route did not appear
     */
    public void createTopic(String topic, int queues, String... brokerNames) {
        List<String> running = new ArrayList<>();
        List<String> wanted = List.of(brokerNames);
        for (Map.Entry<String, Server> broker : this.brokers.entrySet()) {
            if (!broker.getValue().isAlive() || !wanted.contains(broker.getValue().brokerName)) {
                continue;
            }
            CreateTopicRequestHeader header = new CreateTopicRequestHeader();
            header.setTopic(topic);
            header.setDefaultTopic(DEFAULT_TOPIC);
            header.setReadQueueNums(queues);
            header.setWriteQueueNums(queues);
            header.setPerm(6);
            header.setTopicFilterType("SINGLE_TAG");
            header.setTopicSysFlag(0);
            header.setOrder(false);
            RemotingCommand answer = request(brokerAddress(broker.getKey()),
                    RemotingCommand.createRequestCommand(RequestCode.UPDATE_AND_CREATE_TOPIC, header));
            if (answer.getCode() != ResponseCode.SUCCESS
                    && String.valueOf(answer.getRemark()).contains("slave broker")) {
                // A slave with a fixed role takes topics from its master only.
                continue;
            }
            if (answer.getCode() != ResponseCode.SUCCESS) {
                throw new IllegalStateException(
                        "RocketMQ " + this.version.name() + " " + broker.getKey() + " refused to create topic '" + topic
                                + "': code " + answer.getCode() + ", " + answer.getRemark());
            }
            running.add(broker.getKey());
        }
        // Slaves get it too: one promoted to master (controller mode) keeps the topic
        // even before it synchronized the master's topics.
        List<String> groups = running.stream().map((node) -> this.brokers.get(node).brokerName).distinct().toList();
        awaitRoute(topic, (route) -> groups.stream()
            .allMatch((name) -> route.master(name) != null && route.writeQueues().getOrDefault(name, 0) == queues),
                Duration.ofSeconds(30));
    }

    /**
     * Reads topics from their first offsets with the official consumer of this version,
     * in a child JVM on this version's class path: until each topic has {@code expected}
     * messages and every queue is read to its end, or the timeout passed.
     * @param expected topic to the number of messages to wait for
     * @param timeout how long to wait for all of them
     * @return what was read of each topic, queue by queue in offset order
     * @throws IllegalStateException when the reader fails or a topic could not be read
     */
    public ConsumedMessages read(Map<String, Integer> expected, Duration timeout) {
        Path home = this.directory.resolve("reader-" + (++this.readers));
        List<String> args = new ArrayList<>();
        args.add(nameServerAddress());
        args.add(Long.toString(timeout.toMillis()));
        expected.forEach((topic, count) -> args.add(topic + "=" + count));
        List<String> command = command(home, List.of("-Xmx128m"), OfficialConsumerMain.class.getName(), args);
        try {
            Files.createDirectories(home);
            Path out = home.resolve("reader.out");
            Path err = home.resolve("reader.err");
            Process process = new ProcessBuilder(command).directory(home.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
            if (!process.waitFor(timeout.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(
                        "The RocketMQ " + this.version.name() + " consumer did not finish; stderr:\n" + tail(err));
            }
            return ConsumedMessages.parse(Files.readAllLines(out, StandardCharsets.UTF_8), expected.keySet(),
                    () -> tail(err));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot run the RocketMQ " + this.version.name() + " consumer", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading", ex);
        }
    }

    /**
     * Kills every process (continuing stopped ones first) and deletes the temporary
     * directory. Idempotent.
     */
    @Override
    public void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
        }
        catch (IllegalStateException ex) {
            // The JVM is shutting down: the hook runs anyway.
        }
        deleteRecursively(this.directory);
    }

    private void destroyAll() {
        List<Server> all = new ArrayList<>(this.brokers.values());
        if (this.nameServer != null) {
            all.add(this.nameServer);
        }
        for (Server server : all) {
            server.kill();
        }
    }

    private Server requireBroker(String node) {
        Server broker = this.brokers.get(node);
        if (broker == null) {
            throw new IllegalArgumentException(
                    "No broker process '" + node + "'; node names: " + this.brokers.keySet());
        }
        return broker;
    }

    private Server requireNameServer() {
        if (this.nameServer == null) {
            throw new IllegalStateException("The NameServer has not started");
        }
        return this.nameServer;
    }

    private RemotingCommand request(String address, RemotingCommand request) {
        try {
            return BlockingRemoting.invoke(address, request, REQUEST_TIMEOUT);
        }
        catch (IOException ex) {
            throw new IllegalStateException("No answer from RocketMQ " + this.version.name() + " at " + address
                    + " to request " + request.getCode() + ": " + ex, ex);
        }
    }

    private List<String> command(Path home, List<String> heap, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(heap);
        command.addAll(this.version.jvmFlags());
        command.add("-Duser.home=" + home);
        command.add("-Drocketmq.home.dir=" + home);
        command.add("-cp");
        List<String> classPath = new ArrayList<>();
        classPath.add(ownLocation().toString());
        this.version.classPath().forEach((entry) -> classPath.add(entry.toString()));
        command.add(String.join(File.pathSeparator, classPath));
        command.add(ChildMain.class.getName());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    private static Path ownLocation() {
        try {
            return Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException("Cannot locate liftoff-embedded's classes", ex);
        }
    }

    private static void signal(Process process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot run kill -" + signal, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling " + process.pid(), ex);
        }
    }

    static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        }
        catch (IOException ex) {
            return "(cannot read " + file + ": " + ex + ")";
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException | UncheckedIOException ex) {
            // Best effort: the directory is under the temporary directory.
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }

    /**
     * The shape of a cluster to start: how many broker names, how many processes each,
     * and who decides their roles.
     */
    public static final class Builder {

        private final RocketMQVersion version;

        private int brokers = 1;

        private int replicas = 1;

        private boolean controllerMode;

        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder(RocketMQVersion version) {
            this.version = version;
        }

        /**
         * Sets how many broker names ({@code broker-a}, {@code broker-b}, ...).
         * @param brokers 1 to 26 (default 1)
         * @return this builder
         */
        public Builder brokers(int brokers) {
            if (brokers < 1 || brokers > 26) {
                throw new IllegalArgumentException("brokers must be 1 to 26, was " + brokers);
            }
            this.brokers = brokers;
            return this;
        }

        /**
         * Sets how many processes each broker name has: replica 0 is its master, the
         * others slaves (without controller mode, fixed: broker ids 0, 1, ...).
         * @param replicas 1 to 3 (default 1)
         * @return this builder
         */
        public Builder replicas(int replicas) {
            if (replicas < 1 || replicas > 3) {
                throw new IllegalArgumentException("replicas must be 1 to 3, was " + replicas);
            }
            this.replicas = replicas;
            return this;
        }

        /**
         * Runs a controller inside the NameServer and the brokers in controller mode: it
         * elects each broker name's master, and a new one when the master dies. 5.x only;
         * needs at least 2 replicas to fail over.
         * @param controllerMode whether (default no)
         * @return this builder
         */
        public Builder controllerMode(boolean controllerMode) {
            if (controllerMode && this.version.major() < 5) {
                throw new IllegalArgumentException(
                        "Controller mode needs RocketMQ 5.x; this is " + this.version.name());
            }
            this.controllerMode = controllerMode;
            return this;
        }

        /**
         * Sets how long each server may take to start.
         * @param startTimeout the timeout (default {@link #DEFAULT_START_TIMEOUT})
         * @return this builder
         */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * Starts the NameServer, then each broker name's first replica, then the others,
         * waiting each time until every broker is registered with the NameServer.
         * @return the running processes
         * @throws IllegalStateException when a server did not start in time (the message
         * holds its output's tail); nothing is left running then
         */
        public RocketMQProcesses start() {
            return RocketMQProcesses.start(this);
        }

    }

    @FunctionalInterface
    private interface ServerFactory {

        Server create();

    }

    /** One server (NameServer or broker) and its current process. */
    private final class Server {

        private final String name;

        private final @Nullable String brokerName;

        private final int replica;

        private final Path home;

        private final int port;

        private final int haPort;

        private final String mainClass;

        private final List<String> args;

        private @Nullable Process process;

        private @Nullable OutputStream parentPipe;

        private int starts;

        private volatile boolean paused;

        private boolean ready;

        Server(String name, @Nullable String brokerName, int replica, Path home, int port, int haPort, String mainClass,
                String conf, List<String> args) {
            this.name = name;
            this.brokerName = brokerName;
            this.replica = replica;
            this.home = home;
            this.port = port;
            this.haPort = haPort;
            this.mainClass = mainClass;
            try {
                Files.createDirectories(home.resolve("conf"));
                Path confFile = home.resolve("conf").resolve(name + ".conf");
                Files.writeString(confFile, conf, StandardCharsets.UTF_8);
                // 4.x configures its logback from these files and exits without them.
                Files.writeString(home.resolve("conf").resolve("logback_namesrv.xml"), logback("namesrv"),
                        StandardCharsets.UTF_8);
                Files.writeString(home.resolve("conf").resolve("logback_broker.xml"), logback("broker"),
                        StandardCharsets.UTF_8);
                List<String> all = new ArrayList<>();
                all.add("-c");
                all.add(confFile.toString());
                all.addAll(args);
                this.args = all;
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Cannot write the configuration of " + name, ex);
            }
        }

        void launch() {
            this.starts++;
            this.ready = false;
            List<String> command = command(this.home, List.of(), this.mainClass, this.args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(this.home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(outputFile().toFile());
            builder.environment().put("ROCKETMQ_HOME", this.home.toString());
            try {
                Process started = builder.start();
                this.process = started;
                // Held open, never written: the child halts when it reads the end.
                this.parentPipe = started.getOutputStream();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(
                        "Cannot start RocketMQ " + RocketMQProcesses.this.version.name() + " " + this.name, ex);
            }
        }

        Path outputFile() {
            return this.home.resolve(this.name + "-" + this.starts + ".out");
        }

        String output() {
            try {
                return Files.exists(outputFile()) ? Files.readString(outputFile(), StandardCharsets.ISO_8859_1) : "";
            }
            catch (IOException ex) {
                return "";
            }
        }

        boolean awaitReady(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() - deadline < 0) {
                Process current = process();
                if (!current.isAlive()) {
                    return false;
                }
                if (output().contains(BOOT_MARKER) && registered()) {
                    this.ready = true;
                    return true;
                }
                sleep(100);
            }
            return false;
        }

        private boolean registered() {
            if (this.mainClass.equals(NAMESRV_MAIN)) {
                try {
                    route(LoopbackPorts.LOOPBACK + ":" + this.port, DEFAULT_TOPIC);
                    return true;
                }
                catch (IllegalStateException ex) {
                    return false;
                }
            }
            String address = LoopbackPorts.LOOPBACK + ":" + this.port;
            try {
                // As master or as slave: the route lists every broker of a broker name.
                return route(DEFAULT_TOPIC)
                    .map((route) -> route.brokerAddresses()
                        .getOrDefault(this.brokerName, Map.of())
                        .containsValue(address))
                    .orElse(false);
            }
            catch (IllegalStateException ex) {
                return false;
            }
        }

        IllegalStateException notStarted() {
            Process current = this.process;
            String state = (current == null) ? "not started"
                    : current.isAlive() ? "still running" : "exit code " + current.exitValue();
            String logs = RocketMQProcesses.tail(outputFile());
            Path rocketmqLog = this.home.resolve("logs")
                .resolve("rocketmqlogs")
                .resolve(this.mainClass.equals(NAMESRV_MAIN) ? "namesrv.log" : "broker.log");
            return new IllegalStateException("RocketMQ " + RocketMQProcesses.this.version.name() + " " + this.name
                    + " did not start within " + RocketMQProcesses.this.startTimeout + " (" + state
                    + "); last lines of " + outputFile() + ":\n" + logs + "\nlast lines of " + rocketmqLog + ":\n"
                    + RocketMQProcesses.tail(rocketmqLog));
        }

        Process process() {
            if (this.process == null) {
                throw new IllegalStateException(this.name + " has not started");
            }
            return this.process;
        }

        boolean isAlive() {
            return this.process != null && this.process.isAlive() && !this.paused;
        }

        void kill() {
            Process current = this.process;
            if (current == null || !current.isAlive()) {
                return;
            }
            if (this.paused) {
                try {
                    signal(current, "CONT");
                }
                catch (RuntimeException ex) {
                    // SIGKILL ends a stopped process too.
                }
                this.paused = false;
            }
            current.destroyForcibly();
            try {
                if (!current.waitFor(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(this.name + " (pid " + current.pid() + ") survived SIGKILL");
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            OutputStream pipe = this.parentPipe;
            if (pipe != null) {
                try {
                    pipe.close();
                }
                catch (IOException ex) {
                    // The child is gone.
                }
            }
        }

        private String logback(String server) {
            return "<configuration>\n" + "  <appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">\n"
                    + "    <file>${user.home}/logs/rocketmqlogs/" + server + ".log</file>\n"
                    + "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n</pattern></encoder>\n"
                    + "  </appender>\n" + "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
                    + "    <filter class=\"ch.qos.logback.classic.filter.ThresholdFilter\"><level>WARN</level></filter>\n"
                    + "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n</pattern></encoder>\n"
                    + "  </appender>\n" + "  <root level=\"INFO\">\n" + "    <appender-ref ref=\"FILE\"/>\n"
                    + "    <appender-ref ref=\"OUT\"/>\n" + "  </root>\n" + "</configuration>\n";
        }

    }

    /**
     * What {@link #read} read: each topic's messages, and the version of the consumer
     * that read them.
     *
     * @param consumerVersion the official client's version, as it reports it (such as
     * {@code V4_9_7})
     * @param messages topic to its messages
     */
    public record ConsumedMessages(String consumerVersion, Map<String, List<StoredMessage>> messages) {

        /**
         * Copies the map.
         * @param consumerVersion the consumer's version
         * @param messages topic to its messages
         */
        public ConsumedMessages {
            messages = Map.copyOf(messages);
        }

        /**
         * Returns a topic's messages.
         * @param topic the topic
         * @return its messages, empty when none were read
         */
        public List<StoredMessage> of(String topic) {
            return this.messages.getOrDefault(topic, List.of());
        }

        static ConsumedMessages parse(List<String> lines, Iterable<String> topics, ErrorDetail detail) {
            String consumerVersion = null;
            Map<String, List<StoredMessage>> messages = new LinkedHashMap<>();
            topics.forEach((topic) -> messages.put(topic, new ArrayList<>()));
            Base64.Decoder base64 = Base64.getDecoder();
            for (String line : lines) {
                String[] fields = line.split("\t", -1);
                if (fields[0].equals("V") && fields.length == 2) {
                    consumerVersion = fields[1];
                }
                else if (fields[0].equals("E") && fields.length == 3) {
                    throw new IllegalStateException("The official consumer could not read topic '" + fields[1] + "': "
                            + new String(base64.decode(fields[2]), StandardCharsets.UTF_8));
                }
                else if (fields[0].equals("M") && fields.length == 11) {
                    Map<String, String> properties = new LinkedHashMap<>();
                    for (String property : new String(base64.decode(fields[10]), StandardCharsets.UTF_8).split("\n")) {
                        int eq = property.indexOf('=');
                        if (eq > 0) {
                            properties.put(property.substring(0, eq), property.substring(eq + 1));
                        }
                    }
                    StoredMessage message = new StoredMessage(fields[1], Integer.parseInt(fields[2]),
                            Long.parseLong(fields[3]), Long.parseLong(fields[4]), Long.parseLong(fields[5]), fields[6],
                            Integer.parseInt(fields[7]), Integer.parseInt(fields[8]), base64.decode(fields[9]),
                            properties);
                    messages.computeIfAbsent(message.topic(), (topic) -> new ArrayList<>()).add(message);
                }
                else if (fields[0].equals("M")) {
                    throw new IllegalStateException("Malformed line from the official consumer: " + line);
                }
            }
            if (consumerVersion == null) {
                throw new IllegalStateException("The official consumer printed nothing; stderr:\n" + detail.get());
            }
            messages.replaceAll((topic, list) -> List.copyOf(list));
            return new ConsumedMessages(consumerVersion, messages);
        }

    }

    @FunctionalInterface
    interface ErrorDetail {

        String get();

    }

}
