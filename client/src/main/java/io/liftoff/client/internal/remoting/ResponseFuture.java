package io.liftoff.client.internal.remoting;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A future that is its own callback: one object per request for callers that want a
 * future.
 */
final class ResponseFuture extends CompletableFuture<RemotingCommand> implements ResponseCallback {

    @Override
    public void complete(@Nullable RemotingCommand response, @Nullable Throwable failure) {
        if (failure != null) {
            completeExceptionally(failure);
        }
        else {
            complete(response);
        }
    }

}
