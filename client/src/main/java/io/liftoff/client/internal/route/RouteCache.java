package io.liftoff.client.internal.route;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.RouteNotFoundException;
import io.liftoff.client.RouteOptions;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's topic routes. A send asks here first; a miss asks a NameServer, and a
 * topic the NameServers do not know gets the default topic's route (queues capped at
 * {@code defaultTopicQueueNums}) so that the broker auto-creates it on the first send.
 * Concurrent misses for one topic share one lookup. Every cached route is refreshed in
 * the background; when no NameServer answers, cached routes keep serving.
 */
public final class RouteCache implements TopicRoutes, AutoCloseable {

    /** The youngest route that {@link #brokerUnreachable} refreshes: 1 s. */
    static final long IMMEDIATE_REFRESH_MIN_AGE_MILLIS = 1000;

    /** How many immediate refreshes {@link #brokerUnreachable} starts per second. */
    static final int IMMEDIATE_REFRESHES_PER_SECOND = 10;

    private static final Logger logger = LoggerFactory.getLogger(RouteCache.class);

    private final NameServerClient nameServers;

    private final RouteOptions options;

    private final ScheduledExecutorService scheduler;

    private final Clock clock;

    private final RouteListener listener;

    private final Map<String, PublishRoute> routes = new ConcurrentHashMap<>();

    private final Map<String, CompletableFuture<PublishRoute>> lookups = new ConcurrentHashMap<>();

    private final Map<String, String> failingTopics = new ConcurrentHashMap<>();

    private final Map<String, java.util.Set<String>> knownBrokers = new ConcurrentHashMap<>();

    private final Map<String, Long> degradedSince = new ConcurrentHashMap<>();

    private final RateBudget immediateRefreshes = new RateBudget(IMMEDIATE_REFRESHES_PER_SECOND);

    private volatile ScheduledFuture<?> refreshTask;

    private volatile ScheduledFuture<?> recoveryTask;

    /**
     * Creates the cache; call {@link #start()} to begin background refreshes.
     * @param nameServers where routes come from
     * @param options route options
     * @param scheduler runs the background refresh (owned by the caller)
     * @param clock stamps fetched routes
     * @param listener told of route changes and refreshes
     */
    public RouteCache(NameServerClient nameServers, RouteOptions options, ScheduledExecutorService scheduler,
            Clock clock, RouteListener listener) {
        this.nameServers = nameServers;
        this.options = options;
        this.scheduler = scheduler;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Starts refreshing every cached route each {@link RouteOptions#refreshInterval()}.
     */
    public void start() {
        long interval = this.options.refreshInterval().toMillis();
        this.refreshTask = this.scheduler.scheduleWithFixedDelay(this::refreshInBackground, interval, interval,
                TimeUnit.MILLISECONDS);
        long recovery = this.options.recoveryRefreshInterval().toMillis();
        this.recoveryTask = this.scheduler.scheduleWithFixedDelay(this::refreshDegraded, recovery, recovery,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Marks a topic as missing a broker (a send to it failed), so that its route is
     * refreshed every {@link RouteOptions#recoveryRefreshInterval()} until every broker
     * it had is back.
     * @param topic the topic
     */
    public void markDegraded(String topic) {
        if (this.routes.containsKey(topic)) {
            this.degradedSince.putIfAbsent(topic, this.clock.millis());
        }
    }

    /**
     * Marks the topic degraded and refreshes its route now, unless it was fetched less
     * than {@link #IMMEDIATE_REFRESH_MIN_AGE_MILLIS} ago, a lookup is running, or the
     * cache's budget of {@link #IMMEDIATE_REFRESHES_PER_SECOND} immediate refreshes is
     * spent for this second (the degraded topics' recovery refresh follows anyway).
     * @param topic the topic
     */
    @Override
    public void brokerUnreachable(String topic) {
        PublishRoute cached = this.routes.get(topic);
        if (cached == null) {
            return;
        }
        markDegraded(topic);
        long now = this.clock.millis();
        if (this.lookups.containsKey(topic)
                || now - cached.fetchedAt().toEpochMilli() < IMMEDIATE_REFRESH_MIN_AGE_MILLIS
                || !this.immediateRefreshes.tryAcquire(now)) {
            return;
        }
        logger.debug("A broker of topic '{}' is unreachable: refreshing its route now", topic);
        lookup(topic);
    }

    /**
     * @return the topics refreshed fast because they lost a broker
     */
    public java.util.Set<String> degradedTopics() {
        return java.util.Set.copyOf(this.degradedSince.keySet());
    }

    /**
     * Returns a topic's route, from the cache or from a NameServer.
     * @param topic the topic
     * @return a future completed with the route, or with a {@link RouteNotFoundException}
     * that says why
     */
    public CompletableFuture<PublishRoute> route(String topic) {
        PublishRoute cached = this.routes.get(topic);
        if (cached != null && !cached.writeQueues().isEmpty()) {
            return CompletableFuture.completedFuture(cached);
        }
        return lookup(topic);
    }

    /**
     * Returns a cached route without any lookup.
     * @param topic the topic
     * @return the route, or {@code null}
     */
    public PublishRoute cached(String topic) {
        return this.routes.get(topic);
    }

    /**
     * @return every cached route by topic, a snapshot
     */
    public Map<String, PublishRoute> snapshot() {
        return Map.copyOf(this.routes);
    }

    /**
     * @return the NameServer client, for its status
     */
    public NameServerClient nameServers() {
        return this.nameServers;
    }

    /**
     * Fetches one topic's route now, replacing the cached one when it succeeds.
     * @param topic the topic
     * @return a future completed with the fresh route, or exceptionally (the cached route
     * stays)
     */
    public CompletableFuture<PublishRoute> refresh(String topic) {
        return lookup(topic);
    }

    /**
     * Refreshes a topic's route unless it was fetched less than {@code millis} ago or a
     * refresh is running.
     * @param topic the topic
     * @param millis the minimum age
     */
    public void refreshIfOlderThan(String topic, long millis) {
        PublishRoute cached = this.routes.get(topic);
        if (this.lookups.containsKey(topic)) {
            return;
        }
        if (cached == null || this.clock.millis() - cached.fetchedAt().toEpochMilli() >= millis) {
            lookup(topic);
        }
    }

    /**
     * Refreshes every cached route now.
     * @return a future completed when every refresh finished; exceptionally with the
     * first failure
     */
    public CompletableFuture<Void> refreshAll() {
        long start = System.nanoTime();
        List<CompletableFuture<PublishRoute>> refreshes = new ArrayList<>();
        for (String topic : this.routes.keySet()) {
            refreshes.add(refresh(topic));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(refreshes.toArray(new CompletableFuture<?>[0]));
        return all.whenComplete((ignored, error) -> this.listener.refreshed(System.nanoTime() - start, unwrap(error)));
    }

    @Override
    public void close() {
        ScheduledFuture<?> task = this.refreshTask;
        if (task != null) {
            task.cancel(false);
        }
        ScheduledFuture<?> recovery = this.recoveryTask;
        if (recovery != null) {
            recovery.cancel(false);
        }
    }

    private void refreshDegraded() {
        long now = this.clock.millis();
        long window = this.options.recoveryWindow().toMillis();
        for (Map.Entry<String, Long> entry : this.degradedSince.entrySet()) {
            if (now - entry.getValue() > window) {
                logger.info("Topic '{}' is still missing brokers {} after {}; back to the normal refresh interval",
                        entry.getKey(), missingBrokers(entry.getKey()), this.options.recoveryWindow());
                this.degradedSince.remove(entry.getKey(), entry.getValue());
                continue;
            }
            try {
                refresh(entry.getKey());
            }
            catch (RuntimeException ex) {
                logger.debug("Fast refresh of topic '{}' could not start", entry.getKey(), ex);
            }
        }
    }

    private java.util.Set<String> missingBrokers(String topic) {
        PublishRoute route = this.routes.get(topic);
        java.util.Set<String> missing = new java.util.TreeSet<>(
                this.knownBrokers.getOrDefault(topic, java.util.Set.of()));
        if (route != null) {
            missing.removeAll(route.writeBrokers());
        }
        return missing;
    }

    private void refreshInBackground() {
        try {
            refreshAll();
        }
        catch (RuntimeException ex) {
            logger.warn("Route refresh could not start", ex);
        }
    }

    private CompletableFuture<PublishRoute> lookup(String topic) {
        CompletableFuture<PublishRoute> mine = new CompletableFuture<>();
        CompletableFuture<PublishRoute> running = this.lookups.putIfAbsent(topic, mine);
        if (running != null) {
            return running;
        }
        fetch(topic).whenComplete((route, error) -> {
            this.lookups.remove(topic, mine);
            if (error != null) {
                Throwable cause = unwrap(error);
                noteFailure(topic, cause);
                mine.completeExceptionally(cause);
            }
            else {
                store(route);
                mine.complete(route);
            }
        });
        return mine;
    }

    private CompletableFuture<PublishRoute> fetch(String topic) {
        return this.nameServers.request(routeRequest(topic)).thenCompose((response) -> {
            if (response.code() == ResponseCodes.SUCCESS) {
                TopicRouteData data = TopicRouteParser.parse(response.body());
                return CompletableFuture.completedFuture(PublishRoute.of(topic, data, false, this.clock.instant()));
            }
            if (response.code() == ResponseCodes.TOPIC_NOT_EXIST && !topic.equals(this.options.defaultTopic())) {
                return fetchDefault(topic);
            }
            throw new RouteNotFoundException(topic, "No route for topic '" + topic + "'", new ErrorResponseException(
                    "NameServer", RequestCode.GET_ROUTEINFO_BY_TOPIC, response.code(), response.remark()));
        }).exceptionally((error) -> {
            Throwable cause = unwrap(error);
            if (cause instanceof RouteNotFoundException notFound) {
                throw notFound;
            }
            throw new RouteNotFoundException(topic, "No route for topic '" + topic + "': " + cause.getMessage(), cause);
        });
    }

    private CompletableFuture<PublishRoute> fetchDefault(String topic) {
        String defaultTopic = this.options.defaultTopic();
        return this.nameServers.request(routeRequest(defaultTopic)).thenApply((response) -> {
            if (response.code() != ResponseCodes.SUCCESS) {
                throw new RouteNotFoundException(topic,
                        "No route for topic '" + topic + "': the NameServers do not know it, and the default topic '"
                                + defaultTopic + "' used for auto-creation answered "
                                + ResponseCodes.describe(response.code())
                                + " (is autoCreateTopicEnable off on the brokers? then create the topic first)",
                        null);
            }
            TopicRouteData template = TopicRouteParser.parse(response.body());
            int cap = this.options.defaultTopicQueueNums();
            List<QueueData> queues = template.queueDatas().stream().map((q) -> {
                int count = Math.min(cap, q.readQueueNums());
                return new QueueData(q.brokerName(), count, count, q.perm(), q.topicSysFlag());
            }).toList();
            TopicRouteData adapted = new TopicRouteData(queues, template.brokerDatas(), null);
            return PublishRoute.of(topic, adapted, true, this.clock.instant());
        });
    }

    private void store(PublishRoute route) {
        PublishRoute previous = this.routes.put(route.topic(), route);
        trackBrokers(previous, route);
        String failure = this.failingTopics.remove(route.topic());
        if (failure != null) {
            logger.info("Route of topic '{}' fetched again after failures: {}", route.topic(), route.describe());
        }
        if (previous == null) {
            logger.info("Route of topic '{}': {}", route.topic(), route.describe());
            this.listener.routeChanged(null, route);
        }
        else if (!previous.data().equals(route.data()) || previous.fromDefaultTopic() != route.fromDefaultTopic()) {
            logger.info("Route of topic '{}' changed: {} -> {}", route.topic(), previous.describe(), route.describe());
            this.listener.routeChanged(previous, route);
        }
    }

    private void trackBrokers(PublishRoute previous, PublishRoute route) {
        if (route.fromDefaultTopic()) {
            return;
        }
        if (previous != null && previous.fromDefaultTopic()) {
            this.knownBrokers.remove(route.topic());
        }
        java.util.Set<String> known = this.knownBrokers.computeIfAbsent(route.topic(),
                (topic) -> ConcurrentHashMap.newKeySet());
        known.addAll(route.writeBrokers());
        if (route.writeBrokers().containsAll(known)) {
            if (this.degradedSince.remove(route.topic()) != null) {
                boolean wasMissing = previous != null && !previous.writeBrokers().containsAll(known);
                if (wasMissing) {
                    logger.info("Topic '{}' has every broker back: {}", route.topic(), route.describe());
                }
                else {
                    logger.debug("Topic '{}' still has every broker: {}", route.topic(), route.describe());
                }
            }
        }
        else {
            this.degradedSince.putIfAbsent(route.topic(), this.clock.millis());
        }
    }

    private void noteFailure(String topic, Throwable cause) {
        if (!this.routes.containsKey(topic)) {
            return;
        }
        if (this.failingTopics.put(topic, String.valueOf(cause.getMessage())) == null) {
            logger.warn("Refreshing the route of topic '{}' failed; the cached route keeps serving: {}", topic,
                    cause.getMessage());
        }
        else {
            logger.debug("Refreshing the route of topic '{}' failed again: {}", topic, cause.getMessage());
        }
    }

    /**
     * Asks the NameServers for every broker they know ({@code GET_BROKER_CLUSTER_INFO}),
     * for a producer that must be registered on brokers it has no route to: those that
     * may check its half messages or push replies to it.
     * @return broker name to master address, of every cluster; completed exceptionally
     * when no NameServer answered
     */
    public CompletableFuture<Map<String, String>> clusterMasters() {
        return this.nameServers.request(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of(), null))
            .thenApply((response) -> {
                if (response.code() != ResponseCodes.SUCCESS) {
                    throw new ErrorResponseException("NameServer", RequestCode.GET_BROKER_CLUSTER_INFO, response.code(),
                            response.remark());
                }
                Map<String, String> masters = new HashMap<>();
                for (BrokerData broker : TopicRouteParser.clusterBrokers(response.body())) {
                    String master = broker.masterAddress();
                    if (master != null) {
                        masters.put(broker.brokerName(), master);
                    }
                }
                return masters;
            });
    }

    private static RemotingCommand routeRequest(String topic) {
        return RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                Map.of("topic", topic, "acceptStandardJsonOnly", "true"), null);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

}
