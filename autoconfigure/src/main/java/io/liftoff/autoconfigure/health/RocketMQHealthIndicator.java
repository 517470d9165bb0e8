package io.liftoff.autoconfigure.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.liftoff.autoconfigure.ProducerStateDetails;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerSnapshot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of a Liftoff {@link Producer}, as {@code rocketmq} in
 * {@code /actuator/health}. The check asks every NameServer a cheap question at once
 * ({@link Producer#checkNameServers(Duration)}, bounded by the timeout) and reads the
 * producer's {@link Producer#snapshot() snapshot}; it never sends a message, and never
 * takes longer than the timeout (a hung NameServer is reported unreachable).
 *
 * <p>
 * Status:
 * <ul>
 * <li>{@code DOWN} when the producer is not running, when no broker can take writes
 * (every broker of the cached routes is isolated), or when no NameServer answered and no
 * route is cached;</li>
 * <li>otherwise {@code UP}, with the isolated brokers listed ({@code isolatedBrokers})
 * when some are.</li>
 * </ul>
 * A broker's availability is what the producer learned from its sends and its probes of
 * failed brokers: a broker that stopped while no message was sent to it shows as
 * available until a send fails on it.
 *
 * <p>
 * Details: {@code group}, {@code state}, {@code nameServers} (address, reachable, last
 * successful lookup, last error), {@code brokers} (name, master address, reachable,
 * latency, isolated and until when, failures, last error), {@code writableBrokers},
 * {@code isolatedBrokers}, {@code topics} (the number of cached routes), and on
 * {@code DOWN} a {@code reason}.
 */
public final class RocketMQHealthIndicator extends AbstractHealthIndicator {

    /** Default of the timeout: 1 second. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    private final Producer producer;

    private final Duration nameServerTimeout;

    /**
     * Creates an indicator.
     * @param producer the producer
     * @param timeout the longest time a check takes
     */
    public RocketMQHealthIndicator(Producer producer, Duration timeout) {
        super("RocketMQ health check failed");
        this.producer = Objects.requireNonNull(producer, "producer");
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("Health check timeout must be positive, was " + timeout);
        }
        // Keep part of the budget for reading the snapshot and building the details, so
        // that the whole check
        // stays within the timeout.
        this.nameServerTimeout = timeout.minus(min(Duration.ofMillis(100), timeout.dividedBy(10)));
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<ProducerSnapshot.NameServerState> nameServers = this.producer.checkNameServers(this.nameServerTimeout);
        ProducerSnapshot snapshot = this.producer.snapshot();
        Set<String> routeBrokers = new TreeSet<>();
        for (ProducerSnapshot.RouteState route : snapshot.routes().values()) {
            routeBrokers.addAll(route.brokers());
        }
        List<String> isolated = new ArrayList<>();
        for (ProducerSnapshot.BrokerState broker : snapshot.brokers()) {
            if (broker.isolated()) {
                isolated.add(broker.name());
            }
        }
        List<String> writable = new ArrayList<>(routeBrokers);
        writable.removeAll(isolated);
        boolean nameServerAnswered = nameServers.stream().anyMatch((state) -> Boolean.TRUE.equals(state.reachable()));

        builder.withDetail("group", snapshot.group());
        builder.withDetail("state", snapshot.state().name());
        builder.withDetail("nameServers", ProducerStateDetails.nameServers(nameServers));
        builder.withDetail("brokers", ProducerStateDetails.brokers(snapshot.brokers()));
        builder.withDetail("writableBrokers", writable);
        builder.withDetail("isolatedBrokers", isolated);
        builder.withDetail("topics", snapshot.routes().size());

        if (snapshot.state() != ProducerSnapshot.State.RUNNING) {
            builder.down().withDetail("reason", "the producer is " + snapshot.state().name().toLowerCase(Locale.ROOT));
        }
        else if (snapshot.routes().isEmpty() && !nameServerAnswered) {
            builder.down()
                .withDetail("reason", "no NameServer answered within " + this.nameServerTimeout.toMillis()
                        + " ms and no route is cached");
        }
        else if (!snapshot.routes().isEmpty() && writable.isEmpty()) {
            builder.down()
                .withDetail("reason", isolated.isEmpty() ? "no cached route has a broker to write to"
                        : "no broker can take writes: " + String.join(", ", isolated) + " isolated");
        }
        else {
            builder.up();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return (a.compareTo(b) <= 0) ? a : b;
    }

}
