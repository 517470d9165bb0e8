package io.liftoff.client.internal.route;

import org.jspecify.annotations.Nullable;

/**
 * Told when the route cache learns or changes a topic's route, and when refreshes fail.
 */
public interface RouteListener {

    /** A listener that does nothing. */
    RouteListener NONE = new RouteListener() {
    };

    /**
     * A topic's route was fetched for the first time or changed.
     * @param previous the route before; absent when first fetched
     * @param current the route now
     */
    default void routeChanged(@Nullable PublishRoute previous, PublishRoute current) {
    }

    /**
     * A refresh of every cached route finished.
     * @param nanos how long it took
     * @param failure the first failure; absent when every topic refreshed
     */
    default void refreshed(long nanos, @Nullable Throwable failure) {
    }

}
