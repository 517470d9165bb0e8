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

    /**
     * Called on the connection's event loop when the request's deadline passes, just
     * before it completes with a {@link io.liftoff.client.RequestTimeoutException}: says
     * who receives the answer should it still come, within as long again as the request
     * was given (at most {@value LateAnswer#MAX_WAIT_MILLIS} ms). By default nobody: a
     * late answer is dropped.
     * @return who receives a late answer; none to drop it
     */
    default @Nullable LateAnswer onTimeout() {
        return null;
    }

    /**
     * Receives the answer to a request that had timed out: the request was done, only its
     * answer late.
     */
    @FunctionalInterface
    interface LateAnswer {

        /** The longest a late answer is waited for after the request's deadline. */
        long MAX_WAIT_MILLIS = 10_000;

        /**
         * Takes the late answer, on the connection's event loop; must not block.
         * @param response the answer, whatever its code
         */
        void arrived(RemotingCommand response);

    }

}
