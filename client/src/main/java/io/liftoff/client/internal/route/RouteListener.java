package io.liftoff.client.internal.route;

/** Told when the route cache learns or changes a topic's route, and when refreshes fail. */
public interface RouteListener {

    /** A listener that does nothing. */
    RouteListener NONE = new RouteListener() {
    };

    /**
     * A topic's route was fetched for the first time or changed.
     *
     * @param previous the route before, or {@code null} when first fetched
     * @param current the route now
     */
    default void routeChanged(PublishRoute previous, PublishRoute current) {
    }

    /**
     * A refresh of every cached route finished.
     *
     * @param nanos how long it took
     * @param failure the first failure, or {@code null} when every topic refreshed
     */
    default void refreshed(long nanos, Throwable failure) {
    }
}
