package io.liftoff.autoconfigure.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.liftoff.client.AccessDeniedException;
import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.ProducerListener;
import io.liftoff.client.ProducerSnapshot;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.SendMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Records a producer's events as Micrometer meters. The names and tags are a contract
 * (see {@code docs/observability.md}):
 * <ul>
 * <li>{@value #SEND} timer, tags {@code topic}, {@code broker} (of the last attempt;
 * {@code none} when no broker was tried), {@code mode} (sync, async, oneway, orderly,
 * batch), {@code outcome} (success, failure), {@code status} (the send status such as
 * {@code SEND_OK}, {@code UNKNOWN} for a oneway send, or the exception's simple name):
 * one sample per send, whatever its number of attempts;</li>
 * <li>{@value #ATTEMPTS} counter, tags {@code topic}, {@code broker}, {@code outcome}
 * (success, failure; late-stored or late-refused for an answer that came after its
 * attempt had timed out: late-stored counts messages that a retry may have stored twice),
 * {@code error} ({@value #NO_ERROR} for a successful attempt; for a failed one the
 * broker's response code by name, such as {@code SYSTEM_BUSY} for a broker under flow
 * control, or else the exception's simple name, such as {@code RequestTimeoutException}
 * or {@code AuthorizationException}): one per attempt, so retries show as attempts above
 * sends;</li>
 * <li>{@value #MESSAGE_SIZE} distribution summary (bytes, after compression; a batch's
 * whole body), tag {@code topic}: one per send;</li>
 * <li>{@value #ROUTE_REFRESH} timer, tag {@code outcome}: one per background (or
 * endpoint) refresh of every route;</li>
 * <li>{@value #BROKER_ISOLATED} gauge (1 isolated, 0 in rotation) and
 * {@value #BROKER_LATENCY} gauge (the last attempt's latency in milliseconds), tag
 * {@code broker}, for every broker the producer has heard of;</li>
 * <li>{@value #INFLIGHT_REQUESTS} and {@value #INFLIGHT_BYTES} gauges: asynchronous sends
 * in flight and their body bytes.</li>
 * </ul>
 * Tag cardinality is bounded: never a message id or key; topics beyond {@code maxTopics}
 * are tagged {@value #OTHER_TOPIC}. Gauges read the producer's {@link ProducerSnapshot},
 * taken at most once a second.
 *
 * <p>
 * Listener methods run on Liftoff's I/O threads, so meters are looked up in per-topic and
 * per-broker caches without allocating on the common path (a successful send, an
 * attempt).
 */
public final class MicrometerProducerListener implements ProducerListener {

    /** Timer of sends: {@value}. */
    public static final String SEND = "rocketmq.producer.send";

    /** Counter of transactions by decision and source: {@value}. */
    public static final String TRANSACTIONS = "rocketmq.producer.transactions";

    /** Counter of attempts: {@value}. */
    public static final String ATTEMPTS = "rocketmq.producer.attempts";

    /** Distribution summary of message sizes: {@value}. */
    public static final String MESSAGE_SIZE = "rocketmq.producer.message.size";

    /** Timer of route refreshes: {@value}. */
    public static final String ROUTE_REFRESH = "rocketmq.producer.route.refresh";

    /** Gauge of broker isolation: {@value}. */
    public static final String BROKER_ISOLATED = "rocketmq.producer.broker.isolated";

    /** Gauge of broker latency: {@value}. */
    public static final String BROKER_LATENCY = "rocketmq.producer.broker.latency";

    /** Gauge of asynchronous sends in flight: {@value}. */
    public static final String INFLIGHT_REQUESTS = "rocketmq.producer.inflight.requests";

    /** Gauge of the body bytes of asynchronous sends in flight: {@value}. */
    public static final String INFLIGHT_BYTES = "rocketmq.producer.inflight.bytes";

    /** The {@code topic} tag of sends to topics beyond the limit: {@value}. */
    public static final String OTHER_TOPIC = "OTHER";

    /** The {@code error} tag of a successful attempt: {@value}. */
    public static final String NO_ERROR = "none";

    /** The {@code broker} tag of a send that tried no broker: {@value}. */
    public static final String NO_BROKER = "none";

    /**
     * The {@code status} tag of a successful oneway send, whose outcome the broker does
     * not tell: {@value}.
     */
    public static final String ONEWAY_STATUS = "UNKNOWN";

    /** Default of the topic limit: {@value}. */
    public static final int DEFAULT_MAX_TOPICS = 1000;

    private static final Log logger = LogFactory.getLog(MicrometerProducerListener.class);

    private static final SendMode[] MODES = SendMode.values();

    private static final long SNAPSHOT_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int MAX_BROKERS = 1000;

    private final MeterRegistry registry;

    private final Supplier<ProducerSnapshot> snapshots;

    private final LongSupplier nanoTime;

    private final int maxTopics;

    private final Map<String, TopicMeters> topics = new ConcurrentHashMap<>();

    private final Set<String> brokerGauges = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean topicLimitLogged = new AtomicBoolean();

    private final Timer refreshSuccess;

    private final Timer refreshFailure;

    private volatile @Nullable CachedSnapshot cachedSnapshot;

    /**
     * Creates the listener and registers the producer-wide meters.
     * @param registry where meters go
     * @param snapshots the producer's snapshot, read by gauges (may fail while the
     * producer does not exist yet)
     * @param maxTopics the largest number of distinct {@code topic} tags
     */
    public MicrometerProducerListener(MeterRegistry registry, Supplier<ProducerSnapshot> snapshots, int maxTopics) {
        this(registry, snapshots, maxTopics, System::nanoTime);
    }

    MicrometerProducerListener(MeterRegistry registry, Supplier<ProducerSnapshot> snapshots, int maxTopics,
            LongSupplier nanoTime) {
        if (maxTopics < 1) {
            throw new IllegalArgumentException("maxTopics must be at least 1, was " + maxTopics);
        }
        this.registry = registry;
        this.snapshots = snapshots;
        this.maxTopics = maxTopics;
        this.nanoTime = nanoTime;
        this.refreshSuccess = refreshTimer("success");
        this.refreshFailure = refreshTimer("failure");
        Gauge.builder(INFLIGHT_REQUESTS, this, (listener) -> listener.inFlight(false))
            .description("Asynchronous sends in flight")
            .strongReference(true)
            .register(registry);
        Gauge.builder(INFLIGHT_BYTES, this, (listener) -> listener.inFlight(true))
            .baseUnit("bytes")
            .description("Body bytes of asynchronous sends in flight")
            .strongReference(true)
            .register(registry);
    }

    @Override
    public void attemptFinished(AttemptEvent event) {
        BrokerMeters broker = topic(event.topic()).broker(event.brokerName());
        Throwable failure = event.failure();
        if (event.late()) {
            broker.lateAttempt(failure).increment();
            return;
        }
        ((failure == null) ? broker.attemptSuccess : broker.attemptFailure(failure)).increment();
    }

    @Override
    public void sendFinished(SendEvent event) {
        TopicMeters topic = topic(event.topic());
        topic.size.record(event.messageBytes());
        topic.broker(event.brokerName()).sendTimer(event).record(event.durationNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void transactionEnded(TransactionEvent event) {
        Counter.builder(TRANSACTIONS)
            .description("Transactions decided, by decision (commit, rollback, unknown) and by source (local: the "
                    + "end of sendInTransaction, check: an answer to a broker's check)")
            .tag("outcome", event.decision().name().toLowerCase(Locale.ROOT))
            .tag("source", event.fromCheck() ? "check" : "local")
            .register(this.registry)
            .increment();
    }

    @Override
    public void brokerIsolated(String brokerName, Instant until, String reason) {
        brokerGauges(brokerName);
    }

    @Override
    public void brokerRecovered(String brokerName) {
        brokerGauges(brokerName);
    }

    @Override
    public void routeChanged(String topic, List<String> before, List<String> after) {
        for (String broker : after) {
            brokerGauges(broker);
        }
    }

    @Override
    public void routesRefreshed(long durationNanos, @Nullable Throwable failure) {
        ((failure == null) ? this.refreshSuccess : this.refreshFailure).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private TopicMeters topic(String name) {
        TopicMeters meters = this.topics.get(name);
        if (meters != null) {
            return meters;
        }
        if (this.topics.size() >= this.maxTopics) {
            if (this.topicLimitLogged.compareAndSet(false, true)) {
                logger.warn("RocketMQ producer meters: more than " + this.maxTopics + " topics; sends to further "
                        + "topics, starting with '" + name + "', are tagged topic=" + OTHER_TOPIC
                        + " (raise rocketmq.metrics.max-topics to tag them by name)");
            }
            return this.topics.computeIfAbsent(OTHER_TOPIC, TopicMeters::new);
        }
        return this.topics.computeIfAbsent(name, TopicMeters::new);
    }

    private void brokerGauges(@Nullable String broker) {
        if (broker == null || this.brokerGauges.contains(broker) || this.brokerGauges.size() >= MAX_BROKERS
                || !this.brokerGauges.add(broker)) {
            return;
        }
        Gauge.builder(BROKER_ISOLATED, this, (listener) -> listener.brokerValue(broker, true))
            .tag("broker", broker)
            .description("Whether the producer keeps the broker out of rotation (1) or not (0)")
            .strongReference(true)
            .register(this.registry);
        Gauge.builder(BROKER_LATENCY, this, (listener) -> listener.brokerValue(broker, false))
            .tag("broker", broker)
            .baseUnit("milliseconds")
            .description("Latency of the last attempt on the broker")
            .strongReference(true)
            .register(this.registry);
    }

    private double brokerValue(String broker, boolean isolated) {
        ProducerSnapshot snapshot = snapshot();
        if (snapshot != null) {
            for (ProducerSnapshot.BrokerState state : snapshot.brokers()) {
                if (state.name().equals(broker)) {
                    return isolated ? (state.isolated() ? 1 : 0) : state.latencyMillis();
                }
            }
        }
        return isolated ? 0 : Double.NaN;
    }

    private double inFlight(boolean bytes) {
        ProducerSnapshot snapshot = snapshot();
        if (snapshot == null) {
            return Double.NaN;
        }
        return bytes ? snapshot.inFlightBytes() : snapshot.inFlightRequests();
    }

    private @Nullable ProducerSnapshot snapshot() {
        long now = this.nanoTime.getAsLong();
        CachedSnapshot cached = this.cachedSnapshot;
        if (cached != null && now - cached.takenAtNanos < SNAPSHOT_MAX_AGE_NANOS) {
            return cached.snapshot;
        }
        ProducerSnapshot snapshot;
        try {
            snapshot = this.snapshots.get();
        }
        catch (RuntimeException ex) {
            logger.debug("No producer snapshot for the RocketMQ gauges", ex);
            return null;
        }
        this.cachedSnapshot = new CachedSnapshot(snapshot, now);
        return snapshot;
    }

    /**
     * Names what made an attempt fail, from a small fixed set: the broker's response code
     * by name when Liftoff knows it, otherwise (and for refused credentials, whose class
     * says more than their code) the exception's simple name.
     */
    private static String error(Throwable failure) {
        if (failure instanceof ErrorResponseException refused && !(failure instanceof AccessDeniedException)) {
            String code = ResponseCodes.name(refused.code());
            if (code != null) {
                return code;
            }
        }
        return failure.getClass().getSimpleName();
    }

    private Timer refreshTimer(String outcome) {
        return Timer.builder(ROUTE_REFRESH)
            .tag("outcome", outcome)
            .description("Refreshes of every cached topic route")
            .register(this.registry);
    }

    private record CachedSnapshot(ProducerSnapshot snapshot, long takenAtNanos) {
    }

    /** The meters of one topic. */
    private final class TopicMeters {

        private final String topic;

        private final DistributionSummary size;

        private final Map<String, BrokerMeters> brokers = new ConcurrentHashMap<>();

        TopicMeters(String topic) {
            this.topic = topic;
            this.size = DistributionSummary.builder(MESSAGE_SIZE)
                .tag("topic", topic)
                .baseUnit("bytes")
                .description("Body bytes of sends, after compression")
                .register(MicrometerProducerListener.this.registry);
        }

        BrokerMeters broker(@Nullable String name) {
            String broker = (name != null) ? name : NO_BROKER;
            BrokerMeters meters = this.brokers.get(broker);
            return (meters != null) ? meters : this.brokers.computeIfAbsent(broker, (key) -> {
                brokerGauges(name);
                return new BrokerMeters(this.topic, key);
            });
        }

    }

    /** The meters of one topic on one broker. */
    private final class BrokerMeters {

        private final String topic;

        private final String broker;

        private final Counter attemptSuccess;

        /** Failed attempts, by their {@code error} tag. */
        private final Map<String, Counter> attemptFailures = new ConcurrentHashMap<>();

        /**
         * By mode: the timer of a send with the mode's usual outcome (SEND_OK; UNKNOWN
         * for oneway).
         */
        private final AtomicReferenceArray<Timer> usual = new AtomicReferenceArray<>(MODES.length);

        /**
         * Every other combination of mode, outcome and status, by "mode outcome status".
         */
        private final Map<String, Timer> others = new ConcurrentHashMap<>();

        BrokerMeters(String topic, String broker) {
            this.topic = topic;
            this.broker = broker;
            this.attemptSuccess = attemptCounter("success", NO_ERROR);
        }

        Counter attemptFailure(Throwable failure) {
            String error = error(failure);
            Counter counter = this.attemptFailures.get(error);
            return (counter != null) ? counter
                    : this.attemptFailures.computeIfAbsent(error, (key) -> attemptCounter("failure", key));
        }

        Timer sendTimer(SendEvent event) {
            SendMode mode = event.mode();
            if (event.failure() == null) {
                String usualStatus = (mode == SendMode.ONEWAY) ? ONEWAY_STATUS : "SEND_OK";
                String status = (event.result() != null) ? event.result().status().name() : ONEWAY_STATUS;
                if (status.equals(usualStatus)) {
                    Timer timer = this.usual.get(mode.ordinal());
                    if (timer == null) {
                        timer = sendTimer(mode, "success", usualStatus);
                        this.usual.set(mode.ordinal(), timer);
                    }
                    return timer;
                }
                return other(mode, "success", status);
            }
            return other(mode, "failure", event.failure().getClass().getSimpleName());
        }

        private Timer other(SendMode mode, String outcome, String status) {
            return this.others.computeIfAbsent(mode.tag() + " " + outcome + " " + status,
                    (key) -> sendTimer(mode, outcome, status));
        }

        private Timer sendTimer(SendMode mode, String outcome, String status) {
            return Timer.builder(SEND)
                .tag("topic", this.topic)
                .tag("broker", this.broker)
                .tag("mode", mode.tag())
                .tag("outcome", outcome)
                .tag("status", status)
                .description("Sends, from the call to the outcome, all attempts included")
                .register(MicrometerProducerListener.this.registry);
        }

        /**
         * The counter of a late answer (an attempt answered after its timeout): stored,
         * or refused with its error.
         */
        Counter lateAttempt(@Nullable Throwable failure) {
            String error = (failure != null) ? error(failure) : NO_ERROR;
            String key = "late " + error;
            Counter counter = this.attemptFailures.get(key);
            return (counter != null) ? counter : this.attemptFailures.computeIfAbsent(key,
                    (ignored) -> attemptCounter((failure != null) ? "late-refused" : "late-stored", error));
        }

        private Counter attemptCounter(String outcome, String error) {
            return Counter.builder(ATTEMPTS)
                .tag("topic", this.topic)
                .tag("broker", this.broker)
                .tag("outcome", outcome)
                .tag("error", error)
                .description("Attempts of sends, retries included")
                .register(MicrometerProducerListener.this.registry);
        }

    }

}
