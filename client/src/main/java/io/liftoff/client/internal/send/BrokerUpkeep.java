package io.liftoff.client.internal.send;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.liftoff.client.RemotingException;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.internal.fault.BrokerFault;
import io.liftoff.client.internal.fault.FaultTable;
import io.liftoff.client.internal.remoting.ConnectionListener;
import io.liftoff.client.internal.remoting.RemotingClient;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.route.PublishRoute;
import io.liftoff.client.internal.route.RouteCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a producer does for its brokers between sends: registers on every new connection
 * to a broker and heartbeats every broker it routes to (so that an idle producer learns
 * of a dead broker before its next send), probes unreachable brokers so that they return
 * to rotation as soon as they answer, and unregisters when the producer closes. Runs on
 * the timer it is started with; {@link #stop()} cancels what it scheduled and leaves the
 * timer to its owner.
 */
final class BrokerUpkeep implements ConnectionListener {

    private static final Logger logger = LoggerFactory.getLogger(BrokerUpkeep.class);

    private static final long HEARTBEAT_TIMEOUT_MILLIS = 3000;

    private final RemotingClient remoting;

    private final RouteCache routes;

    private final FaultTable faults;

    private final ClientRequests requests;

    private final Duration probeInterval;

    private final Duration probeTimeout;

    private final Duration heartbeatInterval;

    private final BrokerAddresses brokerAddresses;

    private final Set<String> probing = ConcurrentHashMap.newKeySet();

    /** Addresses whose connection carried a successful heartbeat and is still open. */
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    private final List<ScheduledFuture<?>> tasks = new ArrayList<>(2);

    /**
     * Whether every master the NameServers know gets heartbeats, not only those routed
     * to: set once the producer may be asked by brokers it never sent to (transaction
     * checks, pushed replies).
     */
    private volatile boolean clusterWide;

    /** The masters of every cluster, as the NameServers last said. */
    private volatile Map<String, String> clusterMasters = Map.of();

    /**
     * @param brokerAddresses brokers' master addresses
     * @param remoting the transport
     * @param routes the routes, for the brokers to heartbeat
     * @param faults the fault table, told what probes and heartbeats find
     * @param requests builds heartbeats and unregistrations
     * @param probeInterval how often unreachable brokers are probed
     * @param probeTimeout how long a probe waits
     * @param heartbeatInterval how often every broker gets a heartbeat
     */
    BrokerUpkeep(BrokerAddresses brokerAddresses, RemotingClient remoting, RouteCache routes, FaultTable faults,
            ClientRequests requests, Duration probeInterval, Duration probeTimeout, Duration heartbeatInterval) {
        this.brokerAddresses = brokerAddresses;
        this.remoting = remoting;
        this.routes = routes;
        this.faults = faults;
        this.requests = requests;
        this.probeInterval = probeInterval;
        this.probeTimeout = probeTimeout;
        this.heartbeatInterval = heartbeatInterval;
    }

    /**
     * Schedules probes and heartbeats.
     * @param timer where they run
     */
    synchronized void start(ScheduledExecutorService timer) {
        long probe = this.probeInterval.toMillis();
        this.tasks
            .add(timer.scheduleWithFixedDelay(this::probeUnreachableBrokers, probe, probe, TimeUnit.MILLISECONDS));
        long heartbeat = this.heartbeatInterval.toMillis();
        // Routes cached before start (none unless refreshed) get their heartbeat now.
        timer.execute(this::heartbeatAll);
        this.tasks.add(timer.scheduleWithFixedDelay(this::heartbeatAll, heartbeat, heartbeat, TimeUnit.MILLISECONDS));
    }

    /** Cancels the probes and heartbeats. */
    synchronized void stop() {
        this.tasks.forEach((task) -> task.cancel(false));
        this.tasks.clear();
    }

    /**
     * As the 5.x client: a new connection to a broker registers the producer on it at
     * once.
     */
    @Override
    public void connected(String address) {
        if (this.brokerAddresses.isBroker(address) || this.clusterMasters.containsValue(address)) {
            heartbeat(address);
        }
    }

    /**
     * A closed connection's registration is gone: the broker drops it with the channel.
     */
    @Override
    public void closed(String address) {
        this.registered.remove(address);
    }

    /**
     * Heartbeats every master of a route on which this producer has no registration yet,
     * as the official requester does before a request: the broker that takes a reply
     * finds the requester's connection by the client id it heartbeated.
     * @param route the route
     * @return a future completed when every heartbeat has an outcome (never
     * exceptionally: a broker that cannot be reached cannot push a reply either, and the
     * request's own deadline says so)
     */
    CompletableFuture<Void> registerOn(PublishRoute route) {
        return registerOn(route.masterAddresses());
    }

    /**
     * Makes every heartbeat round, from the first, cover every master the NameServers
     * know (see {@link #registerOnCluster()}); for a producer with a transaction
     * listener, which the brokers may ask about half messages an earlier instance left
     * undecided.
     */
    void heartbeatWholeCluster() {
        this.clusterWide = true;
    }

    /**
     * Heartbeats, from now on, every master the NameServers know, not only those routed
     * to: a broker checks a half message with a producer of its group registered on it,
     * and pushes a reply over the requester's registered connection, whichever topics the
     * producer has sent to (after a restart, none). The cluster's brokers are asked for
     * again at each heartbeat round, so that new brokers are registered on.
     * @return a future completed when the first round has an outcome (never
     * exceptionally: a NameServer or broker that cannot be reached is logged, and the
     * next round tries again)
     */
    CompletableFuture<Void> registerOnCluster() {
        boolean first = !this.clusterWide;
        this.clusterWide = true;
        if (!first && !this.clusterMasters.isEmpty()) {
            return registerOn(this.clusterMasters);
        }
        return heartbeatCluster();
    }

    private CompletableFuture<Void> heartbeatCluster() {
        return this.routes.clusterMasters().thenCompose((masters) -> {
            this.clusterMasters = Map.copyOf(masters);
            return registerOn(masters);
        }).exceptionally((error) -> {
            logger.warn(
                    "Cannot learn the cluster's brokers from the NameServers to register on them (transaction "
                            + "checks and replies come from them): {}; trying again in {}",
                    Outcomes.describe(Outcomes.unwrap(error)), this.heartbeatInterval);
            return null;
        });
    }

    private CompletableFuture<Void> registerOn(Map<String, String> masters) {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (String address : masters.values()) {
            if (!this.registered.contains(address)) {
                calls.add(heartbeat(address).handle((response, error) -> null));
            }
        }
        return CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]));
    }

    private CompletableFuture<RemotingCommand> heartbeat(String address) {
        CompletableFuture<RemotingCommand> call = this.remoting.invoke(address, this.requests.heartbeat(),
                HEARTBEAT_TIMEOUT_MILLIS);
        call.thenAccept((response) -> {
            if (response.code() == ResponseCodes.SUCCESS) {
                this.registered.add(address);
            }
        });
        return call;
    }

    /**
     * Tells every broker routed to that the producer is gone, waiting up to 2 s. Only
     * brokers with a connection open hold a registration (a broker forgets a client whose
     * connection closed), so no connection is opened for this.
     */
    void unregister() {
        Set<String> addresses = new HashSet<>();
        for (PublishRoute route : this.routes.snapshot().values()) {
            addresses.addAll(route.masterAddresses().values());
        }
        addresses.retainAll(this.remoting.connectedAddresses());
        List<CompletableFuture<RemotingCommand>> calls = new ArrayList<>();
        for (String address : addresses) {
            calls.add(this.remoting.invoke(address, this.requests.unregister(), 1000));
        }
        try {
            CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(2, TimeUnit.SECONDS);
        }
        catch (ExecutionException | TimeoutException ex) {
            logger.debug("Unregistering from brokers did not fully succeed: {}", ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    void probeUnreachableBrokers() {
        long timeout = this.probeTimeout.toMillis();
        for (String broker : this.faults.unreachableBrokers()) {
            String address = this.brokerAddresses.address(broker);
            if (address == null || !this.probing.add(broker)) {
                continue;
            }
            this.remoting.invoke(address, this.requests.heartbeat(), timeout).whenComplete((response, error) -> {
                this.probing.remove(broker);
                if (error == null) {
                    logger.debug("Probe reached broker '{}' at {}", broker, address);
                    this.faults.recordProbe(broker, true, null);
                }
                else {
                    this.faults.recordProbe(broker, false, Outcomes.describe(Outcomes.unwrap(error)));
                    askRoutesNaming(broker);
                }
            });
        }
    }

    /**
     * While a broker stays unreachable, the routes naming it are asked for again
     * (rate-limited by the routes): when its master moved (controller-mode failover) the
     * new address shows there, and the next probe reaches it.
     */
    private void askRoutesNaming(String broker) {
        for (Map.Entry<String, PublishRoute> route : this.routes.snapshot().entrySet()) {
            if (route.getValue().data().brokerDatas().stream().anyMatch((data) -> data.brokerName().equals(broker))) {
                this.routes.brokerUnreachable(route.getKey());
            }
        }
    }

    void heartbeatAll() {
        if (this.clusterWide) {
            this.routes.clusterMasters().whenComplete((cluster, error) -> {
                if (error != null) {
                    logger.warn("Cannot learn the cluster's brokers from the NameServers to register on them: {}; "
                            + "heartbeating the brokers routed to", Outcomes.describe(Outcomes.unwrap(error)));
                }
                else {
                    this.clusterMasters = Map.copyOf(cluster);
                }
                heartbeatAll(this.clusterMasters);
            });
        }
        else {
            heartbeatAll(Map.of());
        }
    }

    private void heartbeatAll(Map<String, String> cluster) {
        Map<String, String> masters = new HashMap<>(cluster);
        for (PublishRoute route : this.routes.snapshot().values()) {
            masters.putAll(route.masterAddresses());
        }
        for (Map.Entry<String, String> master : masters.entrySet()) {
            String broker = master.getKey();
            String address = master.getValue();
            long start = System.nanoTime();
            heartbeat(address).whenComplete((response, error) -> {
                if (error == null) {
                    BrokerFault fault = this.faults.get(broker);
                    if (fault != null && !fault.reachable()) {
                        this.faults.recordProbe(broker, true, null);
                    }
                    return;
                }
                // An idle producer learns of a dead broker here rather than on its
                // next send.
                Throwable cause = Outcomes.unwrap(error);
                logger.debug("Heartbeat to broker '{}' at {} failed: {}", broker, address, cause.getMessage());
                if (cause instanceof RemotingException) {
                    this.faults.recordFailure(broker, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), true,
                            "heartbeat: " + Outcomes.describe(cause));
                }
            });
        }
    }

}
