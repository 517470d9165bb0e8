package io.liftoff.embedded.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-process NameServer: a {@link NamesrvController} that can be stopped and started
 * again on the same port with the same {@code kvConfig.json}. Not thread-safe; the owner
 * serializes calls.
 */
public final class NameServerNode {

    private static final Logger log = LoggerFactory.getLogger(NameServerNode.class);

    private static final Duration PORT_RELEASE_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration UNREGISTER_SETTLE_TIMEOUT = Duration.ofMillis(200);

    private final Path directory;

    private int port;

    private @Nullable NamesrvController controller;

    private final @Nullable ServerTls tls;

    /**
     * Creates a stopped NameServer that keeps its files in {@code directory}.
     * @param directory where {@code kvConfig.json} and {@code namesrv.properties} live
     */
    public NameServerNode(Path directory) {
        this(directory, null);
    }

    /**
     * Creates a stopped NameServer that may enforce TLS.
     * @param directory where {@code kvConfig.json} and {@code namesrv.properties} live
     * @param tls TLS enforced on its port; absent for the JVM's settings (plain by
     * default)
     */
    public NameServerNode(Path directory, @Nullable ServerTls tls) {
        this.directory = directory;
        this.tls = tls;
    }

    /**
     * Starts the NameServer. The first start lets the operating system pick a free
     * loopback port; later starts reuse it.
     * @throws Exception if RocketMQ fails to start, or the port is still taken
     */
    public void start() throws Exception {
        if (this.controller != null) {
            return;
        }
        if (this.port != 0 && !LoopbackPorts.awaitFree(PORT_RELEASE_TIMEOUT, this.port)) {
            throw new IllegalStateException("Cannot restart the NameServer: port " + this.port
                    + " is still in use after " + PORT_RELEASE_TIMEOUT.toMillis() + " ms");
        }
        this.controller = ServerTls.start(this.tls, this::startNow);
        this.port = this.controller.getNettyServerConfig().getListenPort();
        log.debug("NameServer listening on {}{}", address(), (this.tls != null) ? " (TLS enforcing)" : "");
    }

    private NamesrvController startNow() throws Exception {
        NamesrvController created = new NamesrvController(namesrvConfig(), nettyServerConfig());
        try {
            if (!created.initialize()) {
                throw new IllegalStateException("NamesrvController.initialize() returned false");
            }
            created.start();
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
        return created;
    }

    /**
     * Stops the NameServer and waits until its port can be bound again. Does nothing if
     * it is not running.
     * @throws InterruptedException if interrupted while waiting for the port
     */
    public void stop() throws InterruptedException {
        NamesrvController running = this.controller;
        if (running == null) {
            return;
        }
        this.controller = null;
        long started = System.nanoTime();
        try (ShutdownWaker waker = ShutdownWaker.start("namesrv", running.getRemotingServer(),
                running.getRemotingClient())) {
            // Closing the server closes the brokers' connections, and the NameServer
            // turns each closed connection
            // into an unregistration processed on a background thread.
            // NamesrvController#shutdown interrupts that
            // thread, which logs an error if it is mid-way: close the server first and
            // let the unregistrations
            // finish (the server's shutdown is idempotent).
            running.getRemotingServer().shutdown();
            Waits.poll(UNREGISTER_SETTLE_TIMEOUT,
                    () -> running.getRouteInfoManager().getAllClusterInfo().getBrokerAddrTable().isEmpty());
            running.shutdown();
        }
        long shutDown = System.nanoTime();
        if (!LoopbackPorts.awaitFree(PORT_RELEASE_TIMEOUT, this.port)) {
            log.warn("NameServer port {} still in use {} ms after shutdown", this.port,
                    PORT_RELEASE_TIMEOUT.toMillis());
        }
        log.debug("NameServer shut down in {} ms, its port was free {} ms later",
                TimeUnit.NANOSECONDS.toMillis(shutDown - started),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - shutDown));
    }

    /**
     * Tells whether the NameServer is running.
     * @return {@code true} between {@link #start()} and {@link #stop()}
     */
    public boolean isRunning() {
        return this.controller != null;
    }

    /**
     * Returns the address brokers and clients use.
     * @return {@code 127.0.0.1:port}; the port is 0 before the first start
     */
    public String address() {
        return LoopbackPorts.LOOPBACK + ":" + this.port;
    }

    /**
     * Returns the running controller.
     * @return the controller
     * @throws IllegalStateException if the NameServer is stopped
     */
    public NamesrvController controller() {
        NamesrvController running = this.controller;
        if (running == null) {
            throw new IllegalStateException("The NameServer is stopped");
        }
        return running;
    }

    /**
     * Looks a topic's route up in the running NameServer's route table, as
     * GET_ROUTEINFO_BY_TOPIC would.
     * @param topic the topic
     * @return the route; absent if the topic is unknown or the NameServer is stopped
     */
    public @Nullable TopicRouteData route(String topic) {
        NamesrvController running = this.controller;
        return (running != null) ? running.getRouteInfoManager().pickupTopicRouteData(topic) : null;
    }

    /**
     * Tells whether a broker name is registered in the running NameServer.
     * @param brokerName the broker name
     * @return {@code true} if the cluster table lists it
     */
    public boolean isRegistered(String brokerName) {
        NamesrvController running = this.controller;
        return running != null
                && running.getRouteInfoManager().getAllClusterInfo().getBrokerAddrTable().containsKey(brokerName);
    }

    private NamesrvConfig namesrvConfig() {
        NamesrvConfig config = new NamesrvConfig();
        config.setRocketmqHome(this.directory.toString());
        config.setKvConfigPath(this.directory.resolve("kvConfig.json").toString());
        config.setConfigStorePath(this.directory.resolve("namesrv.properties").toString());
        // Thread pools are created lazily, but every request adds a thread until the core
        // size is reached.
        config.setDefaultThreadPoolNums(4);
        config.setClientRequestThreadPoolNums(4);
        return config;
    }

    private NettyServerConfig nettyServerConfig() {
        return NettyConfigs.loopbackServer(this.port);
    }

}
