package io.liftoff.autoconfigure;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.liftoff.client.MessageQueue;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerSnapshot;
import io.liftoff.client.ProducerSnapshot.BrokerState;
import io.liftoff.client.ProducerSnapshot.NameServerState;
import io.liftoff.client.ProducerSnapshot.RouteState;

/**
 * A {@link Producer} for unit tests of what reads producer state (health, endpoint,
 * gauges): it answers {@link Producer#snapshot()},
 * {@link Producer#checkNameServers(Duration)} and {@link Producer#refreshRoutes()} from
 * what the test set, and sends nothing (a dynamic proxy; other methods return
 * {@code null}).
 */
public final class StubProducer {

    /** A time in the snapshots. */
    public static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private ProducerSnapshot.State state = ProducerSnapshot.State.RUNNING;

    private final List<NameServerState> nameServers = new ArrayList<>();

    private final Map<String, RouteState> routes = new LinkedHashMap<>();

    private final List<BrokerState> brokers = new ArrayList<>();

    private long inFlightRequests;

    private long inFlightBytes;

    private CompletableFuture<Void> refresh = CompletableFuture.completedFuture(null);

    private final AtomicInteger refreshes = new AtomicInteger();

    private final Producer producer = (Producer) Proxy.newProxyInstance(Producer.class.getClassLoader(),
            new Class<?>[] { Producer.class }, (proxy, method, args) -> switch (method.getName()) {
                case "snapshot" -> snapshot();
                case "checkNameServers" -> List.copyOf(this.nameServers);
                case "refreshRoutes" -> {
                    this.refreshes.incrementAndGet();
                    yield this.refresh;
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "StubProducer";
                default -> null;
            });

    /**
     * @return the producer
     */
    public Producer producer() {
        return this.producer;
    }

    /**
     * Sets the life-cycle state.
     * @param state the state
     * @return this
     */
    public StubProducer state(ProducerSnapshot.State state) {
        this.state = state;
        return this;
    }

    /**
     * Adds a NameServer.
     * @param address its address
     * @param reachable whether it answers
     * @return this
     */
    public StubProducer nameServer(String address, Boolean reachable) {
        this.nameServers.add(new NameServerState(address, reachable, Boolean.TRUE.equals(reachable) ? NOW : null,
                Boolean.FALSE.equals(reachable) ? "connect failed" : null));
        return this;
    }

    /**
     * Adds a route with {@code queues} write queues on each broker.
     * @param topic the topic
     * @param queues queues per broker
     * @param brokers the brokers
     * @return this
     */
    public StubProducer route(String topic, int queues, String... brokers) {
        List<MessageQueue> writeQueues = new ArrayList<>();
        for (String broker : brokers) {
            for (int i = 0; i < queues; i++) {
                writeQueues.add(new MessageQueue(topic, broker, i));
            }
        }
        this.routes.put(topic, new RouteState(topic, writeQueues, List.of(brokers), false, NOW));
        return this;
    }

    /**
     * Adds a broker in rotation.
     * @param name its name
     * @param latencyMillis its last latency
     * @return this
     */
    public StubProducer healthyBroker(String name, long latencyMillis) {
        this.brokers.add(new BrokerState(name, "127.0.0.1:10911", List.of("127.0.0.1:10915"), true, latencyMillis, null,
                0, 0, null));
        return this;
    }

    /**
     * Adds an isolated, unreachable broker.
     * @param name its name
     * @return this
     */
    public StubProducer isolatedBroker(String name) {
        this.brokers.add(new BrokerState(name, "127.0.0.1:10921", List.of(), false, 3000, NOW.plusSeconds(10), 2, 5,
                "connect failed (Connection refused)"));
        return this;
    }

    /**
     * Adds a broker under flow control, as the producer sees it after a SYSTEM_BUSY
     * answer: reachable, out of rotation for the failure isolation (10 s), the answer as
     * its last error.
     * @param name its name
     * @param remark the broker's remark
     * @return this
     */
    public StubProducer busyBroker(String name, String remark) {
        this.brokers.add(new BrokerState(name, "127.0.0.1:10931", List.of(), true, 1, NOW.plusSeconds(10), 1, 1,
                "SYSTEM_BUSY (2) " + remark));
        return this;
    }

    /**
     * Sets the sends in flight.
     * @param requests requests
     * @param bytes bytes
     * @return this
     */
    public StubProducer inFlight(long requests, long bytes) {
        this.inFlightRequests = requests;
        this.inFlightBytes = bytes;
        return this;
    }

    /**
     * Sets what {@link Producer#refreshRoutes()} returns.
     * @param refresh the future
     * @return this
     */
    public StubProducer refresh(CompletableFuture<Void> refresh) {
        this.refresh = refresh;
        return this;
    }

    /**
     * @return how many times routes were refreshed
     */
    public int refreshes() {
        return this.refreshes.get();
    }

    private ProducerSnapshot snapshot() {
        return new ProducerSnapshot("stub-group", this.state, List.copyOf(this.nameServers),
                new LinkedHashMap<>(this.routes), List.copyOf(this.brokers), this.inFlightRequests, this.inFlightBytes,
                NOW);
    }

}
