package io.liftoff.embedded.internal;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.liftoff.embedded.BrokerCustomizer;
import io.liftoff.embedded.EmbeddedAuth;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.store.config.MessageStoreConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-process master broker: a {@link BrokerController} that can be stopped and
 * started again with the same name, port and store, so that messages written before a
 * stop are readable after the restart. Not thread-safe; the owner serializes calls.
 *
 * <p>
 * The broker remembers the topics it should have ({@link #addTopic}) and creates any that
 * are missing on every start, so a topic added while the broker is stopped appears when
 * it comes back.
 */
public final class BrokerNode {

    /**
     * Size of one commit log file: small, since each file is mapped (and the next one
     * pre-allocated).
     */
    static final int COMMIT_LOG_FILE_SIZE = 32 * 1024 * 1024;

    /**
     * Entries per consume queue file (20 bytes each, so 600 KB files instead of 6 MB).
     */
    static final int CONSUME_QUEUE_FILE_ENTRIES = 30_000;

    /** Size of one timer log file (the default is 100 MB). */
    static final int TIMER_LOG_FILE_SIZE = 4 * 1024 * 1024;

    /**
     * Index file hash slots; with {@link #INDEX_ENTRIES} an index file is about 4 MB
     * instead of 420 MB.
     */
    static final int INDEX_HASH_SLOTS = 50_000;

    /** Index file entries. */
    static final int INDEX_ENTRIES = 200_000;

    private static final Logger log = LoggerFactory.getLogger(BrokerNode.class);

    private static final Duration PORT_RELEASE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How long a starting broker waits for its client to consider the NameServer
     * available.
     */
    private static final Duration NAMESRV_SCAN_TIMEOUT = Duration.ofSeconds(3);

    private final String clusterName;

    private final String name;

    private final Path directory;

    private final int port;

    private final String listenHost;

    private final String nameServerAddress;

    private final boolean autoCreateTopic;

    private final @Nullable BrokerCustomizer customizer;

    private final @Nullable EmbeddedAuth auth;

    private final Map<String, Integer> topics = new LinkedHashMap<>();

    private final @Nullable ServerTls tls;

    private @Nullable BrokerController controller;

    private boolean startedBefore;

    /**
     * Creates a stopped broker.
     * @param clusterName the cluster it registers in
     * @param name the broker name
     * @param directory its own directory; the store lives below it
     * @param port the listen port; {@code port - 2} must be free too
     * @param nameServerAddress the NameServer it registers with
     * @param autoCreateTopic whether the broker creates unknown topics on first send (and
     * has TBW102)
     * @param customizer adjusts the configuration on every start, if given
     */
    public BrokerNode(String clusterName, String name, Path directory, int port, String nameServerAddress,
            boolean autoCreateTopic, @Nullable BrokerCustomizer customizer) {
        this(clusterName, name, directory, port, nameServerAddress, autoCreateTopic, customizer, null, null);
    }

    /**
     * Creates a stopped broker, with authentication and authorization on when
     * {@code auth} is given, that may enforce TLS.
     * @param clusterName the cluster it registers in
     * @param name the broker name
     * @param directory its own directory; the store lives below it
     * @param port the listen port; {@code port - 2} must be free too
     * @param nameServerAddress the NameServer it registers with
     * @param autoCreateTopic whether the broker creates unknown topics on first send (and
     * has TBW102)
     * @param customizer adjusts the configuration on every start, if given
     * @param auth the users and ACLs; none for a broker without authentication
     * @param tls TLS enforced on its ports and used to register; absent for the JVM's
     * settings (plain by default)
     */
    public BrokerNode(String clusterName, String name, Path directory, int port, String nameServerAddress,
            boolean autoCreateTopic, @Nullable BrokerCustomizer customizer, @Nullable EmbeddedAuth auth,
            @Nullable ServerTls tls) {
        this(clusterName, name, directory, port, nameServerAddress, autoCreateTopic, customizer, auth, tls,
                LoopbackPorts.LOOPBACK);
    }

    /**
     * Creates a stopped broker as
     * {@link #BrokerNode(String, String, Path, int, String, boolean, BrokerCustomizer, EmbeddedAuth, ServerTls)}
     * does, listening on {@code listenHost} while it registers
     * {@value LoopbackPorts#LOOPBACK} with the NameServer: with another loopback address,
     * nobody listens where clients connect until a test proxy does.
     * @param clusterName the cluster it registers in
     * @param name the broker name
     * @param directory its own directory; the store lives below it
     * @param port the listen port; {@code port - 2} must be free too
     * @param nameServerAddress the NameServer it registers with
     * @param autoCreateTopic whether the broker creates unknown topics on first send (and
     * has TBW102)
     * @param customizer adjusts the configuration on every start, if given
     * @param auth the users and ACLs; none for a broker without authentication
     * @param tls TLS enforced on its ports and used to register; absent for the JVM's
     * settings (plain by default)
     * @param listenHost the IPv4 loopback address its listen port and fast port bind
     */
    public BrokerNode(String clusterName, String name, Path directory, int port, String nameServerAddress,
            boolean autoCreateTopic, @Nullable BrokerCustomizer customizer, @Nullable EmbeddedAuth auth,
            @Nullable ServerTls tls, String listenHost) {
        this.listenHost = listenHost;
        this.auth = auth;
        this.tls = tls;
        this.clusterName = clusterName;
        this.name = name;
        this.directory = directory;
        this.port = port;
        this.nameServerAddress = nameServerAddress;
        this.autoCreateTopic = autoCreateTopic;
        this.customizer = customizer;
    }

    /**
     * Returns the broker name.
     * @return the name, for example {@code broker-a}
     */
    public String name() {
        return this.name;
    }

    /**
     * Returns the address clients send to.
     * @return {@code 127.0.0.1:port}
     */
    public String address() {
        return LoopbackPorts.LOOPBACK + ":" + this.port;
    }

    /**
     * Returns the address the broker listens on: {@link #address()} unless it was created
     * with another listen host.
     * @return {@code listenHost:port}
     */
    public String listenAddress() {
        return this.listenHost + ":" + this.port;
    }

    /**
     * Returns the topics this broker should have.
     * @return topic name to queue count (read and write), in creation order
     */
    public Map<String, Integer> topics() {
        return Collections.unmodifiableMap(this.topics);
    }

    /**
     * Tells whether the broker is running.
     * @return {@code true} between {@link #start()} and {@link #stop()}
     */
    public boolean isRunning() {
        return this.controller != null;
    }

    /**
     * Returns the running controller.
     * @return the controller
     * @throws IllegalStateException if the broker is stopped
     */
    public BrokerController controller() {
        BrokerController running = this.controller;
        if (running == null) {
            throw new IllegalStateException("Broker '" + this.name + "' is stopped");
        }
        return running;
    }

    /**
     * Adds a topic (read/write, {@code queues} read and write queues). On a running
     * broker it is created at once but not registered with the NameServer; call
     * {@link #registerWithNameServer()}.
     * @param topic the topic name
     * @param queues the number of queues
     */
    public void addTopic(String topic, int queues) {
        this.topics.put(topic, queues);
        BrokerController running = this.controller;
        if (running != null) {
            running.getTopicConfigManager().updateTopicConfig(topicConfig(topic, queues));
        }
    }

    /**
     * Starts the broker: loads (or creates) its store, creates missing topics, binds its
     * ports and registers with the NameServer (synchronously, if it is reachable). Does
     * nothing if the broker is running.
     * @throws BindException if the listen port or the port two below it is taken (on a
     * restart: still taken after waiting for the previous run to release it)
     * @throws Exception if RocketMQ fails to start; the half-started broker is shut down
     */
    public void start() throws Exception {
        if (this.controller != null) {
            return;
        }
        ServerTls.start(this.tls, () -> {
            startNow();
            return null;
        });
    }

    private void startNow() throws Exception {
        // On a restart the previous controller's ports may still be closing; on the first
        // start they were free a
        // moment ago, and if another process took one meanwhile the caller chooses
        // another port.
        Duration portTimeout = this.startedBefore ? PORT_RELEASE_TIMEOUT : Duration.ZERO;
        if (!LoopbackPorts.awaitFree(portTimeout, this.listenHost, this.port, this.port - 2)) {
            throw new BindException("Cannot start broker '" + this.name + "': port " + this.port + " or "
                    + (this.port - 2) + " of " + this.listenHost + " is in use");
        }
        BrokerConfig brokerConfig = brokerConfig();
        MessageStoreConfig messageStoreConfig = messageStoreConfig();
        if (this.customizer != null) {
            this.customizer.customize(this.name, brokerConfig, messageStoreConfig);
        }
        BrokerController created = (this.auth == null)
                ? new EmbeddedBrokerController(brokerConfig, nettyServerConfig(), nettyClientConfig(),
                        messageStoreConfig)
                : new EmbeddedBrokerController(brokerConfig, nettyServerConfig(), nettyClientConfig(),
                        messageStoreConfig, BrokerAuth.config(this.clusterName, this.name, this.directory, this.auth));
        long initializing = System.nanoTime();
        try {
            if (!created.initialize()) {
                throw new IllegalStateException("BrokerController.initialize() returned false for broker '" + this.name
                        + "'; see the RocketMQ log (io.liftoff.embedded.rocketmq.*)");
            }
            for (Map.Entry<String, Integer> topic : this.topics.entrySet()) {
                TopicConfig wanted = topicConfig(topic.getKey(), topic.getValue());
                if (!wanted.equals(created.getTopicConfigManager().getTopicConfigTable().get(topic.getKey()))) {
                    created.getTopicConfigManager().updateTopicConfig(wanted);
                }
            }
            long starting = System.nanoTime();
            created.start();
            if (this.auth != null) {
                BrokerAuth.provision(created, this.auth);
            }
            // BrokerController#start registers with the NameServer, but only with those
            // its client already found
            // "available", which a background scan started by that same call decides a
            // few milliseconds later; the
            // first registration usually reaches no NameServer at all, and the next
            // periodic one comes after 10 s.
            // Wait for the scan, then register.
            if (!Waits.poll(NAMESRV_SCAN_TIMEOUT,
                    () -> created.getBrokerOuterAPI()
                        .getRemotingClient()
                        .getAvailableNameSrvList()
                        .contains(this.nameServerAddress))) {
                log.debug("Broker {} does not consider NameServer {} available yet", this.name, this.nameServerAddress);
            }
            created.registerBrokerAll(true, false, true);
            log.debug("Broker {} initialized in {} ms, started in {} ms", this.name,
                    TimeUnit.NANOSECONDS.toMillis(starting - initializing),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - starting));
        }
        catch (Exception ex) {
            try {
                created.shutdown();
            }
            catch (RuntimeException shutdownFailure) {
                ex.addSuppressed(shutdownFailure);
            }
            throw ex;
        }
        this.controller = created;
        this.startedBefore = true;
        log.debug("Broker {} listening on {}", this.name, listenAddress());
    }

    /**
     * Registers all of the broker's topics with the NameServer now, instead of at the
     * next periodic registration (every 30 s). Blocks until the NameServer answered or
     * the registration timed out; failures are logged by RocketMQ, not thrown. Does
     * nothing if the broker is stopped.
     */
    public void registerWithNameServer() {
        BrokerController running = this.controller;
        if (running != null) {
            running.registerBrokerAll(true, false, true);
        }
    }

    /**
     * Stops the broker and waits until its ports can be bound again. The broker
     * unregisters from the NameServer first, then shuts down, which flushes its store.
     * Takes a little over 3 s: RocketMQ's message store sleeps that long while shutting
     * down. Does nothing if the broker is stopped.
     * @throws InterruptedException if interrupted while waiting for the ports
     */
    public void stop() throws InterruptedException {
        BrokerController running = this.controller;
        if (running == null) {
            return;
        }
        this.controller = null;
        long started = System.nanoTime();
        // BrokerController#shutdown stops the transaction check service only after the
        // message store, and waking it
        // up for that runs one last check against the closed store, which logs errors.
        // Stopping it first is quiet;
        // the second shutdown call returns at once.
        running.getTransactionalMessageCheckService().shutdown(false);
        try (ShutdownWaker waker = ShutdownWaker.start(this.name, running.getRemotingServer(),
                running.getFastRemotingServer(), running.getBrokerOuterAPI().getRemotingClient())) {
            // Unregisters from the NameServer first, then stops everything else.
            running.shutdown();
        }
        long shutDown = System.nanoTime();
        if (!LoopbackPorts.awaitFree(PORT_RELEASE_TIMEOUT, this.listenHost, this.port, this.port - 2)) {
            log.warn("Broker {} ports {} and {} still in use {} ms after shutdown", this.name, this.port, this.port - 2,
                    PORT_RELEASE_TIMEOUT.toMillis());
        }
        log.debug("Broker {} shut down in {} ms, its ports were free {} ms later", this.name,
                TimeUnit.NANOSECONDS.toMillis(shutDown - started),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - shutDown));
    }

    private static TopicConfig topicConfig(String topic, int queues) {
        return new TopicConfig(topic, queues, queues, PermName.PERM_READ | PermName.PERM_WRITE);
    }

    private BrokerConfig brokerConfig() {
        BrokerConfig config = new BrokerConfig();
        config.setBrokerClusterName(this.clusterName);
        config.setBrokerName(this.name);
        config.setBrokerId(MixAll.MASTER_ID);
        config.setBrokerIP1(LoopbackPorts.LOOPBACK);
        config.setBrokerIP2(LoopbackPorts.LOOPBACK);
        config.setNamesrvAddr(this.nameServerAddress);
        config.setAutoCreateTopicEnable(this.autoCreateTopic);
        config.setRocketmqHome(this.directory.toString());
        config.setBrokerConfigPath(this.directory.resolve("broker.properties").toString());
        // Thread pools start threads lazily, but each request adds one until the core
        // size is reached; the defaults
        // (16 + 2 x cores for pulls, 32 for client management, ...) are sized for a
        // production machine.
        config.setPullMessageThreadPoolNums(4);
        config.setLitePullMessageThreadPoolNums(4);
        config.setAckMessageThreadPoolNums(2);
        config.setProcessReplyMessageThreadPoolNums(2);
        config.setQueryMessageThreadPoolNums(2);
        config.setAdminBrokerThreadPoolNums(2);
        config.setClientManageThreadPoolNums(2);
        config.setConsumerManageThreadPoolNums(2);
        config.setLoadBalanceProcessorThreadPoolNums(2);
        config.setEndTransactionThreadPoolNums(2);
        // The POP consumption services (buffer merge, 8 revive threads) cost about 6 s on
        // every shutdown: the merge
        // service sleeps 2 s and each revive thread finishes a scan before it joins.
        // Without them POP consumers still
        // work, but un-acknowledged POP messages are not revived. Turn it back on with a
        // BrokerCustomizer.
        config.setPopConsumerFSServiceInit(false);
        return config;
    }

    private NettyServerConfig nettyServerConfig() {
        // The fast server is a clone of this configuration on port - 2, so it binds to
        // the same address. What the broker registers (brokerIP1 and the listen port)
        // stays 127.0.0.1:port.
        return NettyConfigs.loopbackServer(this.listenHost, this.port);
    }

    private NettyClientConfig nettyClientConfig() {
        NettyClientConfig config = new NettyClientConfig();
        config.setClientWorkerThreads(2);
        config.setClientCallbackExecutorThreads(2);
        if (this.tls != null) {
            config.setUseTLS(true);
        }
        return config;
    }

    private MessageStoreConfig messageStoreConfig() {
        Path store = this.directory.resolve("store");
        MessageStoreConfig config = new MessageStoreConfig();
        config.setStorePathRootDir(store.toString());
        config.setStorePathCommitLog(store.resolve("commitlog").toString());
        // The OS picks the HA port (binding all interfaces: RocketMQ has no bind address
        // for it). A master without
        // slaves never uses it.
        config.setHaListenPort(0);
        config.setMappedFileSizeCommitLog(COMMIT_LOG_FILE_SIZE);
        config.setMappedFileSizeConsumeQueue(CONSUME_QUEUE_FILE_ENTRIES * 20);
        config.setMaxHashSlotNum(INDEX_HASH_SLOTS);
        config.setMaxIndexNum(INDEX_ENTRIES);
        // Timer (TIMER_DELIVER_MS / delay) messages stay on. The timer wheel itself is
        // fixed by RocketMQ at 7 days
        // of slots: a 38 MB file, mapped, plus a 38 MB direct copy per broker.
        config.setMappedFileSizeTimerLog(TIMER_LOG_FILE_SIZE);
        config.setTimerGetMessageThreadNum(1);
        config.setTimerPutMessageThreadNum(1);
        // Compaction (compacted topics) would start a 6-thread scheduler and can allocate
        // a 100 MB offset map.
        config.setEnableCompaction(false);
        config.setTransientStorePoolEnable(false);
        config.setWarmMapedFileEnable(false);
        return config;
    }

}
