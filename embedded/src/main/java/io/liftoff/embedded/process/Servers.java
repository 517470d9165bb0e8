package io.liftoff.embedded.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import io.liftoff.embedded.internal.LoopbackPorts;
import io.liftoff.embedded.process.ServerProcess.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The NameServer and broker processes of one {@link RocketMQProcesses} cluster, and how
 * they start: each server gets free loopback ports, a home under the cluster's directory
 * and its configuration ({@link ServerConfigs}); the NameServer starts first, then each
 * broker name's first replica, then the others, each wave waiting until its brokers are
 * registered with the NameServer. A server whose ports another process took in between
 * ({@code Address already in use}) starts again on new ports, {@value #START_ATTEMPTS}
 * times at most.
 *
 * <p>
 * Driven by one thread; {@link #killAll()} may also run in a shutdown hook.
 */
final class Servers {

    private static final int START_ATTEMPTS = 3;

    private static final String ADDRESS_IN_USE = "Address already in use";

    private final Topology topology;

    private final Path directory;

    private final ChildJvm jvm;

    private final AdminRequests requests;

    private final Map<String, Broker> brokers = new LinkedHashMap<>();

    private @Nullable NameServer nameServer;

    private int controllerPort;

    /**
     * Prepares a cluster; starts nothing yet.
     * @param topology its shape
     * @param directory where the servers' homes go
     * @param jvm the child JVMs' version and command line
     * @param requests the requests that tell whether a server is registered
     */
    Servers(Topology topology, Path directory, ChildJvm jvm, AdminRequests requests) {
        this.topology = topology;
        this.directory = directory;
        this.jvm = jvm;
        this.requests = requests;
    }

    /**
     * Starts every server and waits until each is registered.
     * @throws IllegalStateException when a server did not start in time; the servers
     * started before stay running until {@link #killAll()}
     */
    void startAll() {
        this.nameServer = startFresh(this::newNameServer, NameServer::process, null);
        List<List<String>> waves = new ArrayList<>();
        for (int replica = 0; replica < this.topology.replicas(); replica++) {
            List<String> wave = new ArrayList<>();
            for (int i = 0; i < this.topology.brokers(); i++) {
                String brokerName = "broker-" + (char) ('a' + i);
                String node = (this.topology.replicas() == 1) ? brokerName : brokerName + "-" + replica;
                this.brokers.put(node, newBroker(node, brokerName, replica));
                wave.add(node);
            }
            waves.add(wave);
        }
        // Masters first: in controller mode the first replica registered becomes master.
        for (List<String> wave : waves) {
            for (String node : wave) {
                this.brokers.get(node).process().launch();
            }
            for (String node : wave) {
                Broker broker = this.brokers.get(node);
                boolean ready = broker.process().awaitReady(this.topology.startTimeout());
                if (!ready && broker.process().output().contains(ADDRESS_IN_USE)) {
                    broker.process().kill();
                    String brokerName = broker.node().brokerName();
                    int replica = broker.node().replica();
                    this.brokers.put(node,
                            startFresh(() -> newBroker(node, brokerName, replica), Broker::process, broker));
                }
                else if (!ready) {
                    throw broker.process().notStarted(this.topology.startTimeout());
                }
            }
        }
    }

    private <T> T startFresh(Supplier<T> factory, Function<T, ServerProcess> processOf, @Nullable T failed) {
        T last = failed;
        for (int attempt = (failed != null) ? 2 : 1; attempt <= START_ATTEMPTS; attempt++) {
            T server = factory.get();
            ServerProcess process = processOf.apply(server);
            process.launch();
            if (process.awaitReady(this.topology.startTimeout())) {
                return server;
            }
            process.kill();
            last = server;
            if (!process.output().contains(ADDRESS_IN_USE)) {
                break;
            }
        }
        throw processOf.apply(last).notStarted(this.topology.startTimeout());
    }

    private NameServer newNameServer() {
        Path home = this.directory.resolve("namesrv");
        try (LoopbackPorts.Reservation reservation = new LoopbackPorts.Reservation()) {
            int port = LoopbackPorts.reservePort(reservation);
            if (this.topology.controllerMode() && this.controllerPort == 0) {
                this.controllerPort = LoopbackPorts.reservePort(reservation);
            }
            String conf = ServerConfigs.nameServer(this.topology.version(), home, port,
                    this.topology.controllerMode() ? this.controllerPort : 0);
            String address = LoopbackPorts.LOOPBACK + ":" + port;
            AdminRequests requests = this.requests;
            return new NameServer(port, new ServerProcess(this.jvm, Kind.NAME_SERVER, "namesrv", home, conf, List.of(),
                    () -> requests.answersRoute(address)));
        }
    }

    private Broker newBroker(String node, String brokerName, int replica) {
        Path home = this.directory.resolve(node);
        try (LoopbackPorts.Reservation reservation = new LoopbackPorts.Reservation()) {
            int port = LoopbackPorts.reserveBrokerPort(reservation);
            int haPort = LoopbackPorts.reservePort(reservation);
            ServerConfigs.BrokerNode spec = new ServerConfigs.BrokerNode(node, brokerName, replica, home, port, haPort);
            String controller = this.topology.controllerMode() ? LoopbackPorts.LOOPBACK + ":" + this.controllerPort
                    : null;
            String nameServer = nameServer().address();
            String conf = ServerConfigs.broker(this.topology.version(), spec, nameServer, controller);
            String address = LoopbackPorts.LOOPBACK + ":" + port;
            AdminRequests requests = this.requests;
            return new Broker(spec, new ServerProcess(this.jvm, Kind.BROKER, node, home, conf,
                    List.of("-n", nameServer), () -> requests.listsBroker(nameServer, brokerName, address)));
        }
    }

    /**
     * Starts a broker again on the same ports and store (after killing it if it still
     * runs), once its ports are free, and waits until it is registered again.
     * @param node its node name
     * @throws IllegalArgumentException when there is no such broker
     * @throws IllegalStateException when it did not start in time
     */
    void restart(String node) {
        Broker broker = broker(node);
        broker.process().kill();
        int port = broker.node().port();
        try {
            LoopbackPorts.awaitFree(Duration.ofSeconds(30), port, port - 2, broker.node().haPort());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the ports of " + node, ex);
        }
        broker.process().launch();
        if (!broker.process().awaitReady(this.topology.startTimeout())) {
            throw broker.process().notStarted(this.topology.startTimeout());
        }
    }

    /**
     * Starts the NameServer again on its port, empty (a NameServer keeps no routes), once
     * the port is free, after killing it if it still runs; brokers register with it again
     * at their next registration (every 10 s).
     * @throws IllegalStateException when it did not start in time
     */
    void restartNameServer() {
        NameServer current = nameServer();
        current.process().kill();
        try {
            LoopbackPorts.awaitFree(Duration.ofSeconds(30), current.port());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the NameServer's port", ex);
        }
        current.process().launch();
        if (!current.process().awaitReady(this.topology.startTimeout())) {
            throw current.process().notStarted(this.topology.startTimeout());
        }
    }

    /**
     * @return the NameServer
     * @throws IllegalStateException when it has not started
     */
    NameServer nameServer() {
        if (this.nameServer == null) {
            throw new IllegalStateException("The NameServer has not started");
        }
        return this.nameServer;
    }

    /**
     * @return the address brokers reach the controller at; empty when not in controller
     * mode
     */
    Optional<String> controllerAddress() {
        return (this.topology.controllerMode() && this.controllerPort > 0)
                ? Optional.of(LoopbackPorts.LOOPBACK + ":" + this.controllerPort) : Optional.empty();
    }

    /**
     * Returns a broker process.
     * @param node its node name
     * @return the broker
     * @throws IllegalArgumentException when there is no such broker
     */
    Broker broker(String node) {
        Broker broker = this.brokers.get(node);
        if (broker == null) {
            throw new IllegalArgumentException(
                    "No broker process '" + node + "'; node names: " + this.brokers.keySet());
        }
        return broker;
    }

    /**
     * @return every broker process, in start order
     */
    Collection<Broker> brokers() {
        return this.brokers.values();
    }

    /**
     * @return every broker process's node name, in start order
     */
    List<String> nodeNames() {
        return List.copyOf(this.brokers.keySet());
    }

    /**
     * Kills every process, brokers first, continuing stopped ones first.
     */
    void killAll() {
        List<ServerProcess> all = new ArrayList<>();
        this.brokers.values().forEach((broker) -> all.add(broker.process()));
        if (this.nameServer != null) {
            all.add(this.nameServer.process());
        }
        for (ServerProcess server : all) {
            server.kill();
        }
    }

    /**
     * The NameServer's process and listen port.
     *
     * @param port its listen port
     * @param process its process
     */
    record NameServer(int port, ServerProcess process) {

        /**
         * @return its {@code 127.0.0.1:port}
         */
        String address() {
            return LoopbackPorts.LOOPBACK + ":" + this.port;
        }

    }

    /**
     * A broker's process and its node: names, ports and home.
     *
     * @param node its node
     * @param process its process
     */
    record Broker(ServerConfigs.BrokerNode node, ServerProcess process) {

        /**
         * @return its {@code 127.0.0.1:port}, the same across restarts
         */
        String address() {
            return LoopbackPorts.LOOPBACK + ":" + this.node.port();
        }

    }

}
