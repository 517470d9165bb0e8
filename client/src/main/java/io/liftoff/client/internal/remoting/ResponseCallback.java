package io.liftoff.client.internal.remoting;

import org.jspecify.annotations.Nullable;

/**
 * Receives the outcome of one request: the answer, or why there is none. Called exactly
 * once, on the connection's event loop (or on the caller's thread when the request could
 * not be handed over), so it must not block. Lets hot paths continue without a
 * {@link java.util.concurrent.CompletableFuture} per request.
 */
@FunctionalInterface
public interface ResponseCallback {

    /**
     * Completes the request.
     * @param response the answer whatever its code; absent when {@code failure} is set,
     * and for a oneway request once its frame is written
     * @param failure why there is no answer ({@link io.liftoff.client.RemotingException}
     * and subclasses, or {@link io.liftoff.client.LiftoffException} when the client is
     * closed); absent when there is one
     */
    void complete(@Nullable RemotingCommand response, @Nullable Throwable failure);

}
