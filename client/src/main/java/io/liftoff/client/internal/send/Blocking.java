package io.liftoff.client.internal.send;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.liftoff.client.LiftoffException;
import io.liftoff.client.RouteNotFoundException;
import io.liftoff.client.internal.route.PublishRoute;
import io.liftoff.client.internal.route.TopicRoutes;

/**
 * The two places where a caller's thread waits: for the outcome of a sync send, and for a
 * route that sends without retries (oneway, ordered) need before they start. Failures
 * come out as the exceptions the API names, not wrapped in {@link ExecutionException}.
 */
final class Blocking {

    private Blocking() {
    }

    /**
     * Waits for a future a little longer than the send's timeout (its own deadline ends
     * it first).
     * @param future the future
     * @param timeout the send's timeout
     * @param <T> the result type
     * @return the result
     * @throws RuntimeException the failure the future completed with
     */
    static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            Throwable cause = Outcomes.unwrap(ex.getCause());
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new LiftoffException(String.valueOf(cause.getMessage()), cause);
        }
        catch (TimeoutException ex) {
            future.cancel(false);
            throw new LiftoffException("No outcome within " + timeout + " (internal deadline missed)", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new LiftoffException("Interrupted while waiting for a send", ex);
        }
    }

    /**
     * Returns a topic's route with at least one write queue, from the cache or looked up.
     * @param routes the routes
     * @param send the send, for its topic
     * @param timeout how long a look-up may take
     * @return the route
     * @throws RouteNotFoundException when no broker serves the topic for writing
     */
    static PublishRoute writeableRoute(TopicRoutes routes, PreparedSend send, Duration timeout) {
        PublishRoute route = routes.cached(send.wireTopic());
        if (route == null || route.writeQueues().isEmpty()) {
            route = await(routes.route(send.wireTopic()), timeout);
        }
        if (route.writeQueues().isEmpty()) {
            throw new RouteNotFoundException(send.topic(), "Topic '" + send.topic()
                    + "' has no writeable queue: no broker with a master and write permission serves it", null);
        }
        return route;
    }

}
