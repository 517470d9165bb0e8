package io.liftoff.embedded.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

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
 * configuration file under a temporary {@code ROCKETMQ_HOME} with small store files, the
 * version's JVM flags ({@link RocketMQVersion#jvmFlags()}) and {@link #JVM_OPTIONS}.
 * Brokers are named {@code broker-a}, {@code broker-b}, ... in cluster
 * {@value #CLUSTER_NAME}, advertise {@code 127.0.0.1}, and auto-create topics. When a
 * server does not start, the tail of its output is in the exception. {@link #close()}
 * kills every process and deletes the directory.
 *
 * <p>
 * This class is the tests' view of the cluster; the work is done by package-private
 * parts: {@code Servers} starts the processes in order and holds them,
 * {@code ServerProcess} runs one server's child JVM, {@code ServerConfigs} writes the
 * configuration files, {@code AdminRequests} asks for routes and creates topics, and
 * {@code OfficialConsumerReader} runs the official consumer for {@link #read}.
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

    private final RocketMQVersion version;

    private final Path directory;

    private final AdminRequests requests;

    private final OfficialConsumerReader reader;

    private final Servers servers;

    private final Thread shutdownHook;

    private int readers;

    private boolean closed;

    private RocketMQProcesses(Topology topology, Path directory) {
        this.version = topology.version();
        this.directory = directory;
        ChildJvm jvm = new ChildJvm(topology.version(), topology.serverJvmOptions());
        this.requests = new AdminRequests(topology.version());
        this.reader = new OfficialConsumerReader(jvm);
        this.servers = new Servers(topology, directory, jvm, this.requests);
        this.shutdownHook = new Thread(this.servers::killAll, "liftoff-rocketmq-processes-hook");
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

    private static RocketMQProcesses start(Topology topology) {
        Path directory;
        try {
            directory = Files.createTempDirectory("liftoff-rocketmq-" + topology.version().name() + "-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create a directory for RocketMQ " + topology.version().name(), ex);
        }
        RocketMQProcesses processes = new RocketMQProcesses(topology, directory);
        Runtime.getRuntime().addShutdownHook(processes.shutdownHook);
        try {
            processes.servers.startAll();
            return processes;
        }
        catch (RuntimeException | Error ex) {
            processes.close();
            throw ex;
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
        return this.servers.nameServer().address();
    }

    /**
     * @return the broker names, in start order ({@code broker-a}, {@code broker-b}, ...)
     */
    public List<String> brokerNames() {
        return this.servers.brokers().stream().map((broker) -> broker.node().brokerName()).distinct().toList();
    }

    /**
     * @return every broker process's node name, in start order: the broker names when
     * each has one process, else {@code broker-a-0}, {@code broker-b-0}, ...,
     * {@code broker-a-1}, ...
     */
    public List<String> nodeNames() {
        return this.servers.nodeNames();
    }

    /**
     * Returns the node names of a broker name's processes.
     * @param brokerName the broker name
     * @return its nodes, first replica first
     */
    public List<String> nodes(String brokerName) {
        return this.servers.brokers()
            .stream()
            .filter((broker) -> brokerName.equals(broker.node().brokerName()))
            .map((broker) -> broker.node().node())
            .toList();
    }

    /**
     * Returns the node that the NameServer lists as a broker name's master now.
     * @param brokerName the broker name
     * @return its node name, empty while the NameServer lists no master for it
     */
    public Optional<String> masterNode(String brokerName) {
        String master = route(DEFAULT_TOPIC).map((route) -> route.master(brokerName)).orElse(null);
        return this.servers.brokers()
            .stream()
            .filter((broker) -> broker.address().equals(master))
            .map((broker) -> broker.node().node())
            .findFirst();
    }

    /**
     * Returns a broker process's address.
     * @param node the node name (the broker name when it has one process)
     * @return its {@code 127.0.0.1:port}, the same across restarts
     */
    public String brokerAddress(String node) {
        return this.servers.broker(node).address();
    }

    /**
     * Returns a broker's process id.
     * @param node the node name (the broker name when it has one process)
     * @return the pid of its current process
     */
    public long pid(String node) {
        return this.servers.broker(node).process().pid();
    }

    /**
     * Returns the NameServer's process id.
     * @return its pid
     */
    public long nameServerPid() {
        return this.servers.nameServer().process().pid();
    }

    /**
     * Kills a broker at once, as a crash does ({@code SIGKILL}), and waits until its
     * process is gone. Its store stays for {@link #restart}.
     * @param node the node name (the broker name when it has one process)
     */
    public void kill(String node) {
        this.servers.broker(node).process().kill();
    }

    /**
     * Stops a broker's process ({@code SIGSTOP}): it keeps its connections open and
     * answers nothing, as a hung broker.
     * @param node the node name (the broker name when it has one process)
     */
    public void pause(String node) {
        this.servers.broker(node).process().pause();
    }

    /**
     * Continues a stopped broker ({@code SIGCONT}).
     * @param node the node name (the broker name when it has one process)
     */
    public void resume(String node) {
        this.servers.broker(node).process().resume();
    }

    /**
     * Starts a broker again on the same port and store (after killing it if it still
     * runs), and waits until it is registered again with the NameServer.
     * @param node the node name (the broker name when it has one process)
     * @throws IllegalStateException when it did not start in time
     */
    public void restart(String node) {
        this.servers.restart(node);
    }

    /**
     * Kills the NameServer at once ({@code SIGKILL}); brokers and producers lose it until
     * {@link #restartNameServer()}.
     */
    public void killNameServer() {
        this.servers.nameServer().process().kill();
    }

    /**
     * Starts the NameServer again on the same port, empty, as a NameServer that
     * restarted: brokers register with it again within their registration period (10 s
     * here).
     * @throws IllegalStateException when it did not start in time
     */
    public void restartNameServer() {
        this.servers.restartNameServer();
    }

    /**
     * Asks the NameServer for a topic's route.
     * @param topic the topic
     * @return the route, empty when the NameServer knows no route for the topic
     * @throws IllegalStateException when the NameServer does not answer or answers with
     * an error
     */
    public Optional<TopicRoute> route(String topic) {
        return this.requests.route(nameServerAddress(), topic);
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
            ChildProcesses.sleep(50);
        }
    }

    /**
     * Waits until the controller counts every replica of a broker name in its sync state
     * set, so that it can elect any of them when the master dies (it elects no replica
     * that is behind). Controller mode only.
     * @param brokerName the broker name
     * @param timeout how long to wait
     * @throws IllegalStateException when the cluster is not in controller mode, or the
     * replicas were not all in sync within the timeout
     */
    public void awaitInSync(String brokerName, Duration timeout) {
        String controller = this.servers.controllerAddress()
            .orElseThrow(() -> new IllegalStateException("Not in controller mode: no sync state set"));
        List<String> replicas = nodes(brokerName).stream().map(this::brokerAddress).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last = List.of();
        while (true) {
            try {
                last = this.requests.inSyncReplicas(controller, brokerName);
            }
            catch (IllegalStateException ex) {
                // Not ready yet: ask again.
            }
            if (last.containsAll(replicas)) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("Replicas " + replicas + " of '" + brokerName + "' on RocketMQ "
                        + this.version.name() + " were not all in sync within " + timeout + "; in sync: " + last);
            }
            ChildProcesses.sleep(100);
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
     * {@link #createTopic(String, int)} does on all. A slave with a fixed role takes
     * topics from its master only and is skipped.
     * @param topic the topic
     * @param queues read and write queues per broker name
     * @param brokerNames the broker names
     * @throws IllegalStateException when a broker refused or the route did not appear
     */
    public void createTopic(String topic, int queues, String... brokerNames) {
        List<String> created = new ArrayList<>();
        List<String> wanted = List.of(brokerNames);
        for (Servers.Broker broker : this.servers.brokers()) {
            String brokerName = broker.node().brokerName();
            if (broker.process().isAlive() && wanted.contains(brokerName)
                    && this.requests.createTopic(broker.address(), broker.node().node(), topic, queues)) {
                created.add(brokerName);
            }
        }
        // Slaves get it too: one promoted to master (controller mode) keeps the topic
        // even before it synchronized the master's topics.
        List<String> groups = created.stream().distinct().toList();
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
        return this.reader.read(home, nameServerAddress(), expected, timeout);
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
        this.servers.killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
        }
        catch (IllegalStateException ex) {
            // The JVM is shutting down: the hook runs anyway.
        }
        ChildProcesses.deleteRecursively(this.directory);
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

        private List<String> serverJvmOptions = List.of();

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
         * Sets JVM options of the NameServer and brokers, placed after
         * {@link #JVM_OPTIONS} so that they win over it: a benchmark gives its brokers
         * the C2 compiler and a larger heap with, for example,
         * {@code -XX:TieredStopAtLevel=4 -Xmx1g -XX:MaxDirectMemorySize=1g}.
         * @param options the options (default none)
         * @return this builder
         */
        public Builder serverJvmOptions(String... options) {
            this.serverJvmOptions = List.of(options);
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
            return RocketMQProcesses.start(new Topology(this.version, this.brokers, this.replicas, this.controllerMode,
                    this.startTimeout, this.serverJvmOptions));
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

    }

}
