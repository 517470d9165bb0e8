package io.liftoff.client.internal.route;

import java.util.concurrent.CompletableFuture;

/**
 * What a send needs of the routes: the cached route of a topic, a look-up when none is
 * cached, and hints that make a route refresh sooner. {@link RouteCache} is the one used
 * in production.
 */
public interface TopicRoutes {

    /**
     * Returns a topic's route if cached, without I/O.
     * @param topic the topic on the wire
     * @return the route, or {@code null} when none is cached
     */
    PublishRoute cached(String topic);

    /**
     * Returns a topic's route, looking it up when none is cached.
     * @param topic the topic on the wire
     * @return the route, or a failure naming the topic and the NameServers tried
     */
    CompletableFuture<PublishRoute> route(String topic);

    /**
     * Marks a topic as having a failing broker: its route is refreshed often until the
     * broker is back.
     * @param topic the topic on the wire
     */
    void markDegraded(String topic);

    /**
     * Tells that a broker of a topic could not be reached (a connection failed or closed,
     * or it stopped answering): the topic is marked degraded, and its route refreshed at
     * once, since the broker's master may have moved to another address (controller-mode
     * failover). Rate-limited: a storm of failures cannot flood the NameServers.
     * @param topic the topic on the wire
     */
    void brokerUnreachable(String topic);

    /**
     * Refreshes a topic's route in the background when it is older than the given age.
     * @param topic the topic on the wire
     * @param millis the age
     */
    void refreshIfOlderThan(String topic, long millis);

}
