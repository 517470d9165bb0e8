package io.liftoff.client.internal.send;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.liftoff.client.MessageQueue;
import io.liftoff.client.ProducerSnapshot;
import io.liftoff.client.ProducerSnapshot.BrokerState;
import io.liftoff.client.ProducerSnapshot.NameServerState;
import io.liftoff.client.ProducerSnapshot.RouteState;
import io.liftoff.client.internal.fault.BrokerFault;
import io.liftoff.client.internal.fault.FaultTable;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;
import io.liftoff.client.internal.route.BrokerData;
import io.liftoff.client.internal.route.NameServerClient;
import io.liftoff.client.internal.route.NameServerClient.NameServerStatus;
import io.liftoff.client.internal.route.PublishRoute;
import io.liftoff.client.internal.route.RouteCache;
import org.jspecify.annotations.Nullable;

/**
 * Puts a producer's state together for health checks, the actuator endpoint and logs: its
 * NameServers, cached routes (topics without the namespace), brokers with their latency
 * and isolation, and sends in flight; and asks every NameServer on demand whether it
 * answers.
 */
final class SnapshotAssembler {

    private final String group;

    private final @Nullable String namespace;

    private final String defaultTopic;

    private final RouteCache routes;

    private final FaultTable faults;

    private final BrokerAddresses addresses;

    private final InFlightLimiter limiter;

    private final ProducerState state;

    /**
     * @param config the producer's configuration
     * @param routes its routes
     * @param faults its fault table
     * @param addresses brokers' master addresses
     * @param limiter counts async sends in flight
     * @param state its life cycle
     */
    SnapshotAssembler(ProducerConfig config, RouteCache routes, FaultTable faults, BrokerAddresses addresses,
            InFlightLimiter limiter, ProducerState state) {
        this.group = config.group();
        this.namespace = config.namespace();
        this.defaultTopic = config.routes().defaultTopic();
        this.routes = routes;
        this.faults = faults;
        this.addresses = addresses;
        this.limiter = limiter;
        this.state = state;
    }

    ProducerSnapshot snapshot() {
        long now = this.faults.now();
        List<NameServerState> nameServers = this.routes.nameServers()
            .statuses()
            .stream()
            .map(SnapshotAssembler::state)
            .toList();
        Map<String, RouteState> routeStates = new LinkedHashMap<>();
        Set<String> brokers = new TreeSet<>();
        Map<String, BrokerData> latest = new HashMap<>();
        Map<String, Instant> latestAt = new HashMap<>();
        this.routes.snapshot().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((entry) -> {
            PublishRoute route = entry.getValue();
            String topic = Namespaces.unwrap(this.namespace, entry.getKey());
            List<MessageQueue> queues = route.writeQueues()
                .stream()
                .map((queue) -> new MessageQueue(topic, queue.brokerName(), queue.queueId()))
                .toList();
            routeStates.put(topic,
                    new RouteState(topic, queues, route.writeBrokers(), route.fromDefaultTopic(), route.fetchedAt()));
            brokers.addAll(route.masterAddresses().keySet());
            for (BrokerData data : route.data().brokerDatas()) {
                brokers.add(data.brokerName());
                Instant seen = latestAt.get(data.brokerName());
                if (seen == null || route.fetchedAt().isAfter(seen)) {
                    latest.put(data.brokerName(), data);
                    latestAt.put(data.brokerName(), route.fetchedAt());
                }
            }
        });
        for (BrokerFault fault : this.faults.snapshot()) {
            brokers.add(fault.brokerName());
        }
        List<BrokerState> brokerStates = new ArrayList<>();
        for (String broker : brokers) {
            BrokerFault fault = this.faults.get(broker);
            BrokerData data = latest.get(broker);
            String address = (data != null) ? data.masterAddress() : this.addresses.address(broker);
            List<String> slaves = (data != null) ? data.brokerAddrs()
                .entrySet()
                .stream()
                .filter((entry) -> entry.getKey() != BrokerData.MASTER_ID)
                .map(Map.Entry::getValue)
                .toList() : List.of();
            if (fault == null) {
                brokerStates.add(new BrokerState(broker, address, slaves, true, 0, null, 0, 0, null));
            }
            else {
                Instant until = fault.isAvailable(now) ? null : Instant.ofEpochMilli(fault.isolatedUntilMillis());
                brokerStates.add(new BrokerState(broker, address, slaves, fault.reachable(), fault.latencyMillis(),
                        until, fault.consecutiveFailures(), fault.totalFailures(), fault.lastError()));
            }
        }
        return new ProducerSnapshot(this.group, this.state.current(), nameServers, routeStates, brokerStates,
                this.limiter.inFlightRequests(), this.limiter.inFlightBytes(), Instant.ofEpochMilli(now));
    }

    List<NameServerState> checkNameServers(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long timeoutMillis = Math.max(1, timeout.toMillis());
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                Map.of("topic", this.defaultTopic), null);
        NameServerClient nameServers = this.routes.nameServers();
        List<CompletableFuture<NameServerStatus>> pings = nameServers.ping(request, timeoutMillis);
        List<NameServerState> states = new ArrayList<>(pings.size());
        for (int i = 0; i < pings.size(); i++) {
            String address = nameServers.addresses().get(i);
            NameServerStatus status;
            try {
                status = pings.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (ExecutionException | TimeoutException ex) {
                NameServerStatus last = nameServers.statuses().get(i);
                status = new NameServerStatus(address, false, last.lastSuccess(), null,
                        "no answer within " + timeoutMillis + " ms");
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return snapshot().nameServers();
            }
            states.add(state(status));
        }
        return states;
    }

    private static NameServerState state(NameServerStatus status) {
        return new NameServerState(status.address(), status.reachable(), status.lastSuccess(), status.lastError());
    }

}
