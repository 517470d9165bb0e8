package io.liftoff.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.liftoff.embedded.internal.BrokerNode;
import io.liftoff.embedded.internal.LoopbackPorts;
import io.liftoff.embedded.internal.NameServerNode;
import io.liftoff.embedded.internal.Parallel;
import io.liftoff.embedded.internal.RocketMQSystemProperties;
import io.liftoff.embedded.internal.ServerTls;
import io.liftoff.embedded.internal.Waits;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache RocketMQ 5.5 NameServer and one or more master brokers, started in this
 * JVM from the {@code rocketmq-namesrv} and {@code rocketmq-broker} artifacts, for tests
 * and local development.
 *
 * <pre>{@code
 * try (EmbeddedRocketMQ rocketmq = EmbeddedRocketMQ.builder().brokers(2).topic("orders", 4).start()) {
 *     String nameServer = rocketmq.nameServerAddress();   // "127.0.0.1:<port>"
 *     ...
 *     rocketmq.stopBroker("broker-b");
 *     rocketmq.startBroker("broker-b");                   // same port, same store
 * }
 * }</pre>
 *
 * <p>
 * Brokers are named {@code broker-a}, {@code broker-b}, ... in cluster
 * {@value #CLUSTER_NAME}, all masters (brokerId 0) on {@code 127.0.0.1}. Every port is a
 * free loopback port chosen at start (a broker also binds its listen port minus two,
 * RocketMQ's "fast" server, and an HA port chosen by the OS). A broker can listen on
 * another loopback address than the one it registers
 * ({@link Builder#brokerListenHost(String, String)}), to put a test proxy between it and
 * its clients. Files (stores, NameServer {@code kvConfig.json}) live in one temporary
 * directory that {@link #close()} deletes. RocketMQ's own logging goes to SLF4J under
 * {@code io.liftoff.embedded.rocketmq.*}, errors only (system property
 * {@code liftoff.embedded.rocketmq.log.level} lowers that), and nothing is written under
 * {@code ${user.home}}.
 *
 * <p>
 * Every operation that changes what the NameServer should know ({@link #start()},
 * {@link #startBroker}, {@link #stopBroker}, {@link #startNameServer},
 * {@link #createTopic}) returns only once the NameServer shows the change, waiting at
 * most {@link Builder#timeout(Duration) the timeout}; it does not wait for RocketMQ's
 * periodic (30 s) re-registration.
 *
 * <p>
 * Brokers are configured for tests: small store files (32 MB commit log files, 600 KB
 * consume queue files, 4 MB index and timer log files; all sparse), few threads, timer
 * and delay messages on, TLS, compaction and the POP revive service off (a
 * {@link BrokerCustomizer} can change any of it). A running NameServer with two brokers
 * uses about 10 MB of heap and 90 MB of direct memory (mostly RocketMQ's fixed 38 MB
 * timer wheel per broker), so it fits a test JVM with {@code -Xmx1g}. On a 2-core machine
 * the first start in a JVM takes 2 to 4 s (class loading), later ones about 0.5 s;
 * stopping a broker or closing takes about 3.5 s, most of it a fixed sleep in RocketMQ's
 * store.
 *
 * <p>
 * JVM-wide settings: the first start sets the system properties
 * {@code rocketmq.remoting.version} (required by the in-process servers), and, unless
 * already set, {@code rmq.logback.configurationFile} (RocketMQ's logging, see above) and
 * {@code tls.server.mode=disabled}. Several instances can run in one JVM. A cluster built
 * with {@link Builder#tls(boolean) tls(true)} enforces TLS with a CA of its own;
 * RocketMQ's static TLS fields are set only while its servers start (see
 * {@code ServerTls}), so plain clusters beside it stay plain.
 *
 * <p>
 * Thread-safe: operations are serialized.
 */
public final class EmbeddedRocketMQ implements AutoCloseable {

    /** The cluster every broker belongs to. */
    public static final String CLUSTER_NAME = "DefaultCluster";

    /** Default number of brokers: 1. */
    public static final int DEFAULT_BROKERS = 1;

    /** Most brokers one instance can run: 26 ({@code broker-a} to {@code broker-z}). */
    public static final int MAX_BROKERS = 26;

    /**
     * Default of {@link Builder#autoCreateTopic(boolean)}: {@code true}, as in RocketMQ.
     */
    public static final boolean DEFAULT_AUTO_CREATE_TOPIC = true;

    /** Default of {@link Builder#timeout(Duration)}: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Most queues per broker a topic may have: 1024. */
    public static final int MAX_QUEUES_PER_BROKER = 1024;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRocketMQ.class);

    private static final Pattern TOPIC_NAME = Pattern.compile("^[%|a-zA-Z0-9_-]{1,127}$");

    private static final Pattern IPV4_LITERAL = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

    private static final int BROKER_START_ATTEMPTS = 3;

    /**
     * How long a route may stay missing before the brokers are asked to register again.
     */
    private static final Duration REREGISTER_AFTER = Duration.ofSeconds(1);

    private final List<String> brokerNames;

    private final List<TopicSpec> initialTopics;

    private final boolean autoCreateTopic;

    private final Duration timeout;

    private final @Nullable Path baseDirectory;

    private final @Nullable BrokerCustomizer brokerCustomizer;

    private final Map<String, String> brokerListenHosts;

    private final boolean registerShutdownHook;

    private final @Nullable EmbeddedAuth auth;

    private final boolean tlsEnforcing;

    private final List<String> tlsServerNames;

    private final TlsClientAuth tlsClientAuth;

    private @Nullable EmbeddedTls tls;

    private @Nullable ServerTls serverTls;

    private final Map<String, BrokerNode> brokers = new LinkedHashMap<>();

    private State state = State.NEW;

    private @Nullable Path directory;

    private @Nullable NameServerNode nameServer;

    private @Nullable Thread shutdownHook;

    private EmbeddedRocketMQ(Builder builder) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < builder.brokers; i++) {
            names.add("broker-" + (char) ('a' + i));
        }
        this.brokerNames = Collections.unmodifiableList(names);
        this.initialTopics = List.copyOf(builder.topics.values());
        this.autoCreateTopic = builder.autoCreateTopic;
        this.timeout = builder.timeout;
        this.baseDirectory = builder.baseDirectory;
        this.brokerCustomizer = builder.brokerCustomizer;
        this.brokerListenHosts = Map.copyOf(builder.brokerListenHosts);
        this.registerShutdownHook = builder.registerShutdownHook;
        this.auth = builder.auth;
        this.tlsEnforcing = builder.tlsEnforcing;
        this.tlsServerNames = builder.tlsServerNames;
        this.tlsClientAuth = builder.tlsClientAuth;
        for (TopicSpec topic : this.initialTopics) {
            checkBrokerNames(topic.brokerNames());
        }
        checkBrokerNames(this.brokerListenHosts.keySet());
    }

    /**
     * Returns a builder for a cluster with {@value #DEFAULT_BROKERS} broker, no topics
     * and auto-creation of topics on.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the NameServer, then the brokers (in parallel), creates the configured
     * topics on them and waits until the NameServer has every broker and every topic
     * route. Does nothing if already started.
     * @return this instance
     * @throws EmbeddedRocketMQException if a server fails to start or the routes do not
     * appear within the timeout; whatever was started is shut down and the directory
     * deleted
     * @throws IllegalStateException if this instance was closed
     */
    public synchronized EmbeddedRocketMQ start() {
        if (this.state == State.RUNNING) {
            return this;
        }
        if (this.state == State.CLOSED) {
            throw new IllegalStateException("This EmbeddedRocketMQ was closed; build a new one");
        }
        long started = System.nanoTime();
        RocketMQSystemProperties.apply();
        try {
            Path parent = (this.baseDirectory != null) ? this.baseDirectory
                    : Paths.get(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(parent);
            this.directory = Files.createTempDirectory(parent, "liftoff-rocketmq-");
            if (this.tlsEnforcing) {
                this.tls = EmbeddedTls.generate(this.directory.resolve("tls"), this.tlsServerNames);
                this.serverTls = new ServerTls(this.tls.caCertificate(), this.tls.serverCertificate(),
                        this.tls.serverPrivateKey(), this.tls.clientCertificate(), this.tls.clientPrivateKey(),
                        this.tlsClientAuth.name().toLowerCase(Locale.ROOT));
            }
            this.nameServer = new NameServerNode(this.directory.resolve("namesrv"), this.serverTls);
            this.nameServer.start();
            startNewBrokers();
            awaitNameServerUpToDate(allTopics());
        }
        catch (Exception ex) {
            shutDownAndDelete();
            this.state = State.CLOSED;
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw (ex instanceof EmbeddedRocketMQException) ? (EmbeddedRocketMQException) ex
                    : new EmbeddedRocketMQException("Embedded RocketMQ failed to start: " + ex, ex);
        }
        this.state = State.RUNNING;
        if (this.registerShutdownHook) {
            this.shutdownHook = new Thread(this::close, "liftoff-embedded-shutdown-hook");
            Runtime.getRuntime().addShutdownHook(this.shutdownHook);
        }
        log.info("Embedded RocketMQ started in {} ms: NameServer {}, brokers {}, directory {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), this.nameServer.address(),
                brokerAddresses(), this.directory);
        return this;
    }

    /**
     * Returns the users and ACLs the brokers check requests against.
     * @return the settings; absent when authentication is off (the default)
     */
    public @Nullable EmbeddedAuth auth() {
        return this.auth;
    }

    /**
     * Tells whether the NameServer and brokers enforce TLS
     * ({@link Builder#tls(boolean)}).
     * @return {@code true} if they accept TLS connections only
     */
    public boolean isTlsEnforcing() {
        return this.tlsEnforcing;
    }

    /**
     * Returns the TLS material of a cluster that enforces TLS: the CA to trust (as a PEM
     * file, a trust store or an {@link javax.net.ssl.SSLContext}), the servers'
     * certificate and a client certificate for mutual TLS.
     * @return the material
     * @throws IllegalStateException if the cluster does not enforce TLS or is not started
     */
    public synchronized EmbeddedTls tls() {
        if (this.tls == null) {
            throw new IllegalStateException(this.tlsEnforcing ? "Embedded RocketMQ is not started"
                    : "Embedded RocketMQ does not enforce TLS: build it with tls(true)");
        }
        return this.tls;
    }

    /**
     * Returns the NameServer address for clients ({@code namesrvAddr}). It stays the same
     * across {@link #stopNameServer()} and {@link #startNameServer()}.
     * @return {@code 127.0.0.1:port}
     * @throws IllegalStateException if not started
     */
    public synchronized String nameServerAddress() {
        checkStarted();
        return this.nameServer.address();
    }

    /**
     * Returns the names of all brokers, running or stopped.
     * @return {@code [broker-a, broker-b, ...]}
     */
    public List<String> brokerNames() {
        return this.brokerNames;
    }

    /**
     * Returns a broker's address. It stays the same across {@link #stopBroker} and
     * {@link #startBroker}.
     * @param brokerName for example {@code broker-a}
     * @return {@code 127.0.0.1:port}
     * @throws IllegalArgumentException if there is no such broker
     * @throws IllegalStateException if not started
     */
    public synchronized String brokerAddress(String brokerName) {
        return node(brokerName).address();
    }

    /**
     * Returns the address a broker listens on: its {@link #brokerAddress(String) address}
     * unless {@link Builder#brokerListenHost(String, String)} moved it to another
     * loopback address, which a test proxy then forwards to.
     * @param brokerName for example {@code broker-a}
     * @return {@code host:port}, the port that of {@link #brokerAddress(String)}
     * @throws IllegalArgumentException if there is no such broker
     * @throws IllegalStateException if not started
     */
    public synchronized String brokerListenAddress(String brokerName) {
        return node(brokerName).listenAddress();
    }

    /**
     * Tells whether a broker is running.
     * @param brokerName for example {@code broker-a}
     * @return {@code false} after {@link #stopBroker} and {@link #close()}
     * @throws IllegalArgumentException if there is no such broker
     * @throws IllegalStateException if not started
     */
    public synchronized boolean isBrokerRunning(String brokerName) {
        return node(brokerName).isRunning();
    }

    /**
     * Tells whether the NameServer is running.
     * @return {@code false} after {@link #stopNameServer()} and {@link #close()}
     */
    public synchronized boolean isNameServerRunning() {
        return this.nameServer != null && this.nameServer.isRunning();
    }

    /**
     * Stops a broker, as a crash-free shutdown would: it flushes its store and
     * unregisters from the NameServer. Returns once the NameServer no longer lists it (if
     * the NameServer is running). Takes a little over 3 s, most of it a fixed sleep in
     * RocketMQ's message store shutdown. Does nothing if the broker is stopped.
     * @param brokerName for example {@code broker-a}
     * @throws EmbeddedRocketMQException if the NameServer still lists the broker after
     * the timeout
     * @throws IllegalArgumentException if there is no such broker
     * @throws IllegalStateException if not started
     */
    public synchronized void stopBroker(String brokerName) {
        BrokerNode node = node(brokerName);
        if (!node.isRunning()) {
            return;
        }
        try {
            node.stop();
            if (this.nameServer.isRunning()
                    && !Waits.poll(this.timeout, () -> !this.nameServer.isRegistered(brokerName))) {
                throw new EmbeddedRocketMQException("Broker '" + brokerName + "' stopped, but NameServer "
                        + this.nameServer.address() + " still lists it after " + this.timeout.toMillis() + " ms");
            }
        }
        catch (EmbeddedRocketMQException ex) {
            throw ex;
        }
        catch (InterruptedException ex) {
            throw interrupted("stopping broker '" + brokerName + "'", ex);
        }
        catch (Exception ex) {
            throw new EmbeddedRocketMQException("Broker '" + brokerName + "' failed to stop: " + ex, ex);
        }
        log.info("Stopped broker {} ({})", brokerName, node.address());
    }

    /**
     * Starts a stopped broker again with the same name, port and store: messages written
     * before the stop are readable. Returns once the NameServer has the broker's routes
     * (if the NameServer is running). Does nothing if the broker is running.
     * @param brokerName for example {@code broker-a}
     * @throws EmbeddedRocketMQException if the broker fails to start or its routes do not
     * appear within the timeout
     * @throws IllegalArgumentException if there is no such broker
     * @throws IllegalStateException if not started
     */
    public synchronized void startBroker(String brokerName) {
        BrokerNode node = node(brokerName);
        if (node.isRunning()) {
            return;
        }
        try {
            node.start();
            awaitNameServerUpToDate(node.topics().keySet());
        }
        catch (EmbeddedRocketMQException ex) {
            throw ex;
        }
        catch (InterruptedException ex) {
            throw interrupted("starting broker '" + brokerName + "'", ex);
        }
        catch (Exception ex) {
            throw new EmbeddedRocketMQException(
                    "Broker '" + brokerName + "' failed to restart on " + node.address() + ": " + ex, ex);
        }
        log.info("Started broker {} ({})", brokerName, node.address());
    }

    /**
     * Stops the NameServer. Brokers keep running; until {@link #startNameServer()} their
     * periodic registration and metadata refresh fail, which RocketMQ logs as errors.
     * Does nothing if the NameServer is stopped.
     * @throws IllegalStateException if not started
     */
    public synchronized void stopNameServer() {
        checkStarted();
        try {
            this.nameServer.stop();
        }
        catch (InterruptedException ex) {
            throw interrupted("stopping the NameServer", ex);
        }
        catch (Exception ex) {
            throw new EmbeddedRocketMQException("NameServer failed to stop: " + ex, ex);
        }
        log.info("Stopped NameServer {}", this.nameServer.address());
    }

    /**
     * Starts the NameServer again on the same port, has every running broker register at
     * once and returns when all routes are back. Does nothing if the NameServer is
     * running.
     * @throws EmbeddedRocketMQException if the NameServer fails to start or the routes do
     * not come back within the timeout
     * @throws IllegalStateException if not started
     */
    public synchronized void startNameServer() {
        checkStarted();
        if (this.nameServer.isRunning()) {
            return;
        }
        try {
            this.nameServer.start();
            for (BrokerNode node : this.brokers.values()) {
                node.registerWithNameServer();
            }
            awaitNameServerUpToDate(allTopics());
        }
        catch (EmbeddedRocketMQException ex) {
            throw ex;
        }
        catch (InterruptedException ex) {
            throw interrupted("starting the NameServer", ex);
        }
        catch (Exception ex) {
            throw new EmbeddedRocketMQException(
                    "NameServer failed to restart on " + this.nameServer.address() + ": " + ex, ex);
        }
        log.info("Started NameServer {}", this.nameServer.address());
    }

    /**
     * Creates (or updates) a read/write topic with {@code queuesPerBroker} read and write
     * queues on every broker and returns when the NameServer has its route (if the
     * NameServer is running; otherwise the brokers register it when it starts again). A
     * stopped broker gets the topic when it starts again.
     * @param topic the topic name: letters, digits, {@code _ - % |}, at most 127
     * characters
     * @param queuesPerBroker queues on each broker, 1 to {@value #MAX_QUEUES_PER_BROKER}
     * @throws EmbeddedRocketMQException if the route does not appear within the timeout
     * @throws IllegalArgumentException if the name or queue count is invalid
     * @throws IllegalStateException if not started
     */
    public void createTopic(String topic, int queuesPerBroker) {
        createTopic(topic, queuesPerBroker, new String[0]);
    }

    /**
     * Creates (or updates) a read/write topic on some brokers only, for example to have a
     * topic that exists on one broker, and returns when the NameServer has its route (if
     * the NameServer is running).
     * @param topic the topic name: letters, digits, {@code _ - % |}, at most 127
     * characters
     * @param queuesPerBroker queues on each of the brokers, 1 to
     * {@value #MAX_QUEUES_PER_BROKER}
     * @param brokerNames the brokers to create it on; none means all
     * @throws EmbeddedRocketMQException if the route does not appear within the timeout
     * @throws IllegalArgumentException if the name, queue count or a broker name is
     * invalid
     * @throws IllegalStateException if not started
     */
    public synchronized void createTopic(String topic, int queuesPerBroker, String... brokerNames) {
        TopicSpec spec = TopicSpec.of(topic, queuesPerBroker, brokerNames);
        checkStarted();
        checkBrokerNames(spec.brokerNames());
        for (BrokerNode node : this.brokers.values()) {
            if (spec.isOn(node.name())) {
                node.addTopic(spec.name(), spec.queuesPerBroker());
                node.registerWithNameServer();
            }
        }
        try {
            awaitNameServerUpToDate(List.of(spec.name()));
        }
        catch (InterruptedException ex) {
            throw interrupted("creating topic '" + topic + "'", ex);
        }
    }

    /**
     * Returns the temporary directory holding the NameServer's and brokers' files;
     * {@link #close()} deletes it.
     * @return the directory
     * @throws IllegalStateException if not started
     */
    public synchronized Path directory() {
        checkStarted();
        return this.directory;
    }

    /**
     * Returns a running broker's RocketMQ controller, for tests that need to look inside
     * (its message store, topic configuration, ...). Stopping and starting the broker
     * replaces the controller.
     * @param brokerName for example {@code broker-a}
     * @return the controller
     * @throws IllegalArgumentException if there is no such broker
     * @throws IllegalStateException if not started, or the broker is stopped
     */
    public synchronized BrokerController brokerController(String brokerName) {
        return node(brokerName).controller();
    }

    /**
     * Returns the running NameServer's RocketMQ controller (its route table, ...).
     * Restarting the NameServer replaces the controller.
     * @return the controller
     * @throws IllegalStateException if not started, or the NameServer is stopped
     */
    public synchronized NamesrvController nameServerController() {
        checkStarted();
        return this.nameServer.controller();
    }

    /**
     * Shuts down the brokers (in parallel), then the NameServer, and deletes the
     * directory. Returns in a little over 3 s (RocketMQ's message store sleeps that long
     * on shutdown); RocketMQ's Netty event loop threads finish a moment later on their
     * own. Idempotent; never throws, failures are logged.
     */
    @Override
    public void close() {
        Thread hook;
        synchronized (this) {
            if (this.state == State.CLOSED) {
                return;
            }
            boolean wasRunning = this.state == State.RUNNING;
            this.state = State.CLOSED;
            hook = this.shutdownHook;
            this.shutdownHook = null;
            shutDownAndDelete();
            if (wasRunning) {
                log.info("Embedded RocketMQ closed");
            }
        }
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (IllegalStateException ex) {
                // The JVM is shutting down; the hook runs close() again, which returns at
                // once.
            }
        }
    }

    @Override
    public synchronized String toString() {
        if (this.nameServer == null) {
            return "EmbeddedRocketMQ[" + this.state + "]";
        }
        return "EmbeddedRocketMQ[" + this.state + ", nameServer=" + this.nameServer.address() + ", brokers="
                + brokerAddresses() + "]";
    }

    private void startNewBrokers() throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        try (LoopbackPorts.Reservation reservation = new LoopbackPorts.Reservation()) {
            for (String name : this.brokerNames) {
                ports.put(name, LoopbackPorts.reserveBrokerPort(reservation));
            }
        }
        // One after another: RocketMQ 5.5.0 (as 5.3.3) fills static, unsynchronized
        // tables
        // (StoreStatsService's time buckets)
        // while a broker is created, and two brokers created at once can corrupt them and
        // spin forever.
        for (String name : this.brokerNames) {
            this.brokers.put(name, startNewBroker(name, ports.get(name)));
        }
    }

    private BrokerNode startNewBroker(String name, int firstPort) throws Exception {
        int port = firstPort;
        for (int attempt = 1;; attempt++) {
            BrokerNode node = new BrokerNode(CLUSTER_NAME, name, this.directory.resolve(name), port,
                    this.nameServer.address(), this.autoCreateTopic, this.brokerCustomizer, this.auth, this.serverTls,
                    this.brokerListenHosts.getOrDefault(name, LoopbackPorts.LOOPBACK));
            for (TopicSpec topic : this.initialTopics) {
                if (topic.isOn(name)) {
                    node.addTopic(topic.name(), topic.queuesPerBroker());
                }
            }
            try {
                node.start();
                return node;
            }
            catch (Exception ex) {
                if (attempt >= BROKER_START_ATTEMPTS || !isBindFailure(ex)) {
                    throw new EmbeddedRocketMQException(
                            "Broker '" + name + "' failed to start on " + node.address() + ": " + ex, ex);
                }
                // Another process took the port between our check and RocketMQ's bind:
                // choose again.
                log.debug("Broker {} could not bind port {}, choosing another", name, port, ex);
                try (LoopbackPorts.Reservation reservation = new LoopbackPorts.Reservation()) {
                    port = LoopbackPorts.reserveBrokerPort(reservation);
                }
            }
        }
    }

    /**
     * Waits until the NameServer lists every running broker and has, for each given
     * topic, the queues of every running broker that should have it. Asks the brokers to
     * register again whenever something is still missing after {@link #REREGISTER_AFTER}.
     * Does nothing while the NameServer is stopped.
     */
    private void awaitNameServerUpToDate(Collection<String> topics) throws InterruptedException {
        if (!this.nameServer.isRunning()) {
            return;
        }
        long deadline = System.nanoTime() + this.timeout.toNanos();
        while (true) {
            long remaining = deadline - System.nanoTime();
            Duration slice = Duration.ofNanos(Math.max(0, Math.min(remaining, REREGISTER_AFTER.toNanos())));
            if (Waits.poll(slice, () -> missingInNameServer(topics).isEmpty())) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new EmbeddedRocketMQException("NameServer " + this.nameServer.address() + " is missing "
                        + missingInNameServer(topics) + " after " + this.timeout.toMillis()
                        + " ms. Brokers register when they start; look for registration errors in the RocketMQ log"
                        + " (SLF4J loggers io.liftoff.embedded.rocketmq.*)");
            }
            log.debug("NameServer still misses {}; asking the brokers to register again", missingInNameServer(topics));
            for (BrokerNode node : this.brokers.values()) {
                node.registerWithNameServer();
            }
        }
    }

    private List<String> missingInNameServer(Collection<String> topics) {
        List<String> missing = new ArrayList<>();
        for (BrokerNode node : this.brokers.values()) {
            if (node.isRunning() && !this.nameServer.isRegistered(node.name())) {
                missing.add("broker " + node.name());
            }
        }
        for (String topic : topics) {
            TopicRouteData route = this.nameServer.route(topic);
            for (BrokerNode node : this.brokers.values()) {
                Integer queues = node.topics().get(topic);
                if (queues != null && node.isRunning() && !hasQueues(route, node, queues)) {
                    missing.add("route of topic '" + topic + "' to " + node.name() + " (" + queues + " queues)");
                }
            }
        }
        return missing;
    }

    private static boolean hasQueues(@Nullable TopicRouteData route, BrokerNode node, int queues) {
        if (route == null) {
            return false;
        }
        boolean queuesListed = false;
        for (QueueData queueData : route.getQueueDatas()) {
            if (node.name().equals(queueData.getBrokerName()) && queueData.getWriteQueueNums() == queues
                    && queueData.getReadQueueNums() == queues) {
                queuesListed = true;
            }
        }
        boolean addressListed = false;
        for (BrokerData brokerData : route.getBrokerDatas()) {
            if (node.name().equals(brokerData.getBrokerName())
                    && node.address().equals(brokerData.getBrokerAddrs().get(0L))) {
                addressListed = true;
            }
        }
        return queuesListed && addressListed;
    }

    private Set<String> allTopics() {
        Set<String> topics = new LinkedHashSet<>();
        for (BrokerNode node : this.brokers.values()) {
            topics.addAll(node.topics().keySet());
        }
        return topics;
    }

    private Map<String, String> brokerAddresses() {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (BrokerNode node : this.brokers.values()) {
            addresses.put(node.name(), node.address() + (node.isRunning() ? "" : " (stopped)"));
        }
        return addresses;
    }

    /**
     * Best effort: stops whatever runs (brokers in parallel, then the NameServer, so that
     * the brokers can unregister and their periodic tasks never find the NameServer
     * gone), deletes the directory, logs failures.
     */
    private void shutDownAndDelete() {
        Map<String, Parallel.Step> steps = new LinkedHashMap<>();
        for (BrokerNode node : this.brokers.values()) {
            if (node.isRunning()) {
                steps.put(node.name(), node::stop);
            }
        }
        try {
            Parallel.run("stop", steps);
        }
        catch (Exception ex) {
            log.warn("Embedded RocketMQ brokers did not shut down cleanly", ex);
        }
        if (this.nameServer != null) {
            try {
                this.nameServer.stop();
            }
            catch (Exception ex) {
                log.warn("Embedded RocketMQ NameServer did not shut down cleanly", ex);
            }
        }
        if (this.directory != null) {
            try {
                deleteRecursively(this.directory);
            }
            catch (IOException | UncheckedIOException ex) {
                log.warn("Failed to delete embedded RocketMQ directory {}", this.directory, ex);
            }
        }
    }

    private static boolean isBindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
                if (ex instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw ex;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
                if (ex != null && !(ex instanceof NoSuchFileException)) {
                    throw ex;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private BrokerNode node(String brokerName) {
        checkStarted();
        BrokerNode node = this.brokers.get(brokerName);
        if (node == null) {
            throw new IllegalArgumentException("No broker named '" + brokerName + "'; brokers are " + this.brokerNames);
        }
        return node;
    }

    private void checkStarted() {
        if (this.state == State.NEW) {
            throw new IllegalStateException("EmbeddedRocketMQ is not started; call start() first");
        }
        if (this.state == State.CLOSED && this.nameServer == null) {
            throw new IllegalStateException("EmbeddedRocketMQ failed to start or was closed before starting");
        }
    }

    private void checkBrokerNames(Collection<String> names) {
        for (String name : names) {
            if (!this.brokerNames.contains(name)) {
                throw new IllegalArgumentException("No broker named '" + name + "'; brokers are " + this.brokerNames);
            }
        }
    }

    private static EmbeddedRocketMQException interrupted(String what, InterruptedException ex) {
        Thread.currentThread().interrupt();
        return new EmbeddedRocketMQException("Interrupted while " + what, ex);
    }

    private enum State {

        NEW, RUNNING, CLOSED

    }

    /** A topic to create: on the named brokers, or on all if none are named. */
    record TopicSpec(String name, int queuesPerBroker, List<String> brokerNames) {

        static TopicSpec of(String name, int queuesPerBroker, String... brokerNames) {
            Objects.requireNonNull(name, "topic");
            if (!TOPIC_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "Invalid topic name '" + name + "': use 1 to 127 letters, digits, '_', '-', '%' or '|'");
            }
            if (queuesPerBroker < 1 || queuesPerBroker > MAX_QUEUES_PER_BROKER) {
                throw new IllegalArgumentException("Topic '" + name + "' needs 1 to " + MAX_QUEUES_PER_BROKER
                        + " queues per broker, not " + queuesPerBroker);
            }
            List<String> brokers = (brokerNames != null) ? List.of(brokerNames) : List.of();
            return new TopicSpec(name, queuesPerBroker, brokers);
        }

        boolean isOn(String brokerName) {
            return this.brokerNames.isEmpty() || this.brokerNames.contains(brokerName);
        }
    }

    /** Whether TLS servers ask clients for a certificate (mutual TLS). */
    public enum TlsClientAuth {

        /** No client certificate asked for. */
        NONE,

        /** A client certificate is asked for, and checked when given. */
        OPTIONAL,

        /** A client certificate signed by the cluster's CA is required. */
        REQUIRE

    }

    /**
     * Configures an {@link EmbeddedRocketMQ}. Not thread-safe; each call returns this
     * builder.
     */
    public static final class Builder {

        private int brokers = DEFAULT_BROKERS;

        private final Map<String, TopicSpec> topics = new LinkedHashMap<>();

        private boolean registerShutdownHook = true;

        /**
         * Sets whether a JVM shutdown hook closes the cluster (default {@code true}).
         * Turn it off when something else owns the shutdown order, such as an application
         * context that must stop its producer first.
         * @param registerShutdownHook the setting
         * @return this builder
         */
        public Builder shutdownHook(boolean registerShutdownHook) {
            this.registerShutdownHook = registerShutdownHook;
            return this;
        }

        private boolean autoCreateTopic = DEFAULT_AUTO_CREATE_TOPIC;

        private Duration timeout = DEFAULT_TIMEOUT;

        private @Nullable Path baseDirectory;

        private @Nullable BrokerCustomizer brokerCustomizer;

        private final Map<String, String> brokerListenHosts = new LinkedHashMap<>();

        private @Nullable EmbeddedAuth auth;

        private boolean tlsEnforcing;

        private List<String> tlsServerNames = EmbeddedTls.DEFAULT_SERVER_NAMES;

        private TlsClientAuth tlsClientAuth = TlsClientAuth.NONE;

        private Builder() {
        }

        /**
         * Turns authentication and authorization on in every broker, with these users and
         * ACLs (off by default). Clients must then sign their requests, with the admin's
         * keys or a user's; the NameServer still answers anyone.
         * @param auth the users and ACLs; none to leave authentication off
         * @return this builder
         */
        public Builder auth(@Nullable EmbeddedAuth auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Sets whether the NameServer and brokers enforce TLS (default {@code false}):
         * they then accept TLS connections only, with a server certificate signed by a CA
         * made for this cluster ({@link EmbeddedRocketMQ#tls()}), and the brokers
         * register with the NameServer over TLS. RocketMQ keeps its TLS settings in
         * JVM-wide static fields: they are set only while this cluster's servers start
         * and restored right after, so clusters without TLS in the same JVM stay plain.
         * The official client needs {@code setUseTLS(true)} to talk to such a cluster.
         * @param enforcing the setting
         * @return this builder
         */
        public Builder tls(boolean enforcing) {
            this.tlsEnforcing = enforcing;
            return this;
        }

        /**
         * Sets the names the server certificate is valid for (default
         * {@link EmbeddedTls#DEFAULT_SERVER_NAMES}: IP {@code 127.0.0.1} and DNS
         * {@code localhost}); other names make a certificate clients must refuse.
         * @param names IP addresses or DNS names, at least one
         * @return this builder
         * @throws IllegalArgumentException if there is none
         */
        public Builder tlsServerNames(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("The server certificate needs at least one name");
            }
            this.tlsServerNames = List.of(names);
            return this;
        }

        /**
         * Sets whether TLS servers ask clients for a certificate (default
         * {@link TlsClientAuth#NONE}); with {@link TlsClientAuth#REQUIRE} only clients
         * with a certificate signed by the cluster's CA connect
         * ({@link EmbeddedTls#clientSslContext()}).
         * @param clientAuth the setting
         * @return this builder
         */
        public Builder tlsClientAuth(TlsClientAuth clientAuth) {
            this.tlsClientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
            return this;
        }

        /**
         * Sets the number of brokers, named {@code broker-a}, {@code broker-b}, ...
         * @param brokers 1 to {@value #MAX_BROKERS}; default {@value #DEFAULT_BROKERS}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder brokers(int brokers) {
            if (brokers < 1 || brokers > MAX_BROKERS) {
                throw new IllegalArgumentException("brokers must be 1 to " + MAX_BROKERS + ", not " + brokers);
            }
            this.brokers = brokers;
            return this;
        }

        /**
         * Adds a read/write topic created on every broker at start, with
         * {@code queuesPerBroker} read and write queues on each: a topic with 4 queues
         * per broker on two brokers has 8 write queues in its route.
         * @param name the topic name: letters, digits, {@code _ - % |}, at most 127
         * characters
         * @param queuesPerBroker 1 to {@value #MAX_QUEUES_PER_BROKER}
         * @return this builder
         * @throws IllegalArgumentException if the name or count is invalid, or the topic
         * was already added
         */
        public Builder topic(String name, int queuesPerBroker) {
            return addTopic(TopicSpec.of(name, queuesPerBroker));
        }

        /**
         * Adds a read/write topic created at start on the named brokers only, for example
         * a topic that only exists on {@code broker-a}.
         * @param name the topic name: letters, digits, {@code _ - % |}, at most 127
         * characters
         * @param queuesPerBroker 1 to {@value #MAX_QUEUES_PER_BROKER}
         * @param brokerNames the brokers, for example {@code "broker-a"}; checked against
         * {@link #brokers(int)} when the instance is built
         * @return this builder
         * @throws IllegalArgumentException if the name or count is invalid, no broker is
         * named, or the topic was already added
         */
        public Builder topicOnBrokers(String name, int queuesPerBroker, String... brokerNames) {
            if (brokerNames == null || brokerNames.length == 0) {
                throw new IllegalArgumentException("topicOnBrokers('" + name + "') needs at least one broker name");
            }
            return addTopic(TopicSpec.of(name, queuesPerBroker, Arrays.copyOf(brokerNames, brokerNames.length)));
        }

        /**
         * Sets whether brokers create unknown topics on first send (RocketMQ's
         * {@code autoCreateTopicEnable}, which also decides whether the {@code TBW102}
         * default topic exists).
         * @param autoCreateTopic default {@value #DEFAULT_AUTO_CREATE_TOPIC}
         * @return this builder
         */
        public Builder autoCreateTopic(boolean autoCreateTopic) {
            this.autoCreateTopic = autoCreateTopic;
            return this;
        }

        /**
         * Sets how long start and restart operations wait for the NameServer to show the
         * expected brokers and routes.
         * @param timeout positive; default 30 s ({@link #DEFAULT_TIMEOUT})
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, not " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets the directory in which the temporary directory is created. Note that
         * RocketMQ brokers refuse writes when the disk holding their store is more than
         * 90% full.
         * @param baseDirectory default {@code java.io.tmpdir}
         * @return this builder
         */
        public Builder baseDirectory(Path baseDirectory) {
            this.baseDirectory = baseDirectory;
            return this;
        }

        /**
         * Sets a hook that adjusts each broker's RocketMQ configuration before it starts.
         * @param brokerCustomizer the hook; none (the default) to leave the configuration
         * as it is
         * @return this builder
         */
        public Builder brokerCustomizer(@Nullable BrokerCustomizer brokerCustomizer) {
            this.brokerCustomizer = brokerCustomizer;
            return this;
        }

        /**
         * Makes a broker listen on another IPv4 loopback address than {@code 127.0.0.1},
         * while it keeps registering {@code 127.0.0.1:port} with the NameServer: clients
         * then connect to an address where nobody listens, which a test proxy can take
         * ({@link EmbeddedRocketMQ#brokerAddress(String)}) to forward to where the broker
         * listens ({@link EmbeddedRocketMQ#brokerListenAddress(String)}) and delay or cut
         * the traffic between them. Both ports clients may use move (the listen port and
         * the "fast" port two below it); the HA port binds every address as always. Until
         * a proxy listens, clients cannot reach the broker; the broker itself needs no
         * connection to its own address. Linux answers on every address of
         * {@code 127.0.0.0/8}; macOS needs an alias first
         * ({@code sudo ifconfig lo0 alias 127.0.0.2}).
         * @param brokerName for example {@code broker-a}; checked against
         * {@link #brokers(int)} when the instance is built
         * @param host an IPv4 loopback address, for example {@code 127.0.0.2}; default
         * {@code 127.0.0.1} for every broker
         * @return this builder
         * @throws IllegalArgumentException if {@code host} is not an IPv4 loopback
         * address
         */
        public Builder brokerListenHost(String brokerName, String host) {
            Objects.requireNonNull(brokerName, "brokerName");
            if (!isIpv4Loopback(host)) {
                throw new IllegalArgumentException("Broker '" + brokerName
                        + "' can only listen on an IPv4 loopback address such as 127.0.0.2, not '" + host + "'");
            }
            this.brokerListenHosts.put(brokerName, host);
            return this;
        }

        private static boolean isIpv4Loopback(@Nullable String host) {
            if (host == null || !IPV4_LITERAL.matcher(host).matches()) {
                return false;
            }
            try {
                // A literal: no name lookup.
                InetAddress address = InetAddress.getByName(host);
                return address instanceof Inet4Address && address.isLoopbackAddress();
            }
            catch (UnknownHostException ex) {
                return false;
            }
        }

        /**
         * Builds an instance that is not started yet; see
         * {@link EmbeddedRocketMQ#start()}.
         * @return the instance
         * @throws IllegalArgumentException if a topic names a broker beyond
         * {@link #brokers(int)}
         */
        public EmbeddedRocketMQ build() {
            return new EmbeddedRocketMQ(this);
        }

        /**
         * Builds and starts an instance; shorthand for {@code build().start()}.
         * @return the started instance
         * @throws EmbeddedRocketMQException if it fails to start
         * @throws IllegalArgumentException if a topic names a broker beyond
         * {@link #brokers(int)}
         */
        public EmbeddedRocketMQ start() {
            return build().start();
        }

        private Builder addTopic(TopicSpec spec) {
            if (this.topics.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("Topic '" + spec.name() + "' was already added");
            }
            return this;
        }

    }

}
