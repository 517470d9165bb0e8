package io.liftoff.client.internal.send;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.liftoff.client.ConnectFailedException;
import io.liftoff.client.ConnectionClosedException;
import io.liftoff.client.TlsHandshakeException;
import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.RequestTimeoutException;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.SendResult;
import org.jspecify.annotations.Nullable;

/**
 * How sends end: their futures completed on the right thread, failures unwrapped from the
 * futures that carried them, and described in a few words for failure messages, logs and
 * listener events.
 */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * Completes a send's future on an executor, or on this thread when there is none or
     * it refuses the task.
     * @param result the future
     * @param sent the result; none on failure
     * @param failure why the send failed; none on success
     * @param executor where to complete; none for this thread
     */
    static void complete(CompletableFuture<SendResult> result, @Nullable SendResult sent, @Nullable Throwable failure,
            @Nullable Executor executor) {
        if (executor != null) {
            try {
                executor.execute(() -> complete(result, sent, failure, null));
                return;
            }
            catch (RejectedExecutionException ex) {
                // The application's executor is full or shut down: complete here rather
                // than never.
            }
        }
        if (failure != null) {
            result.completeExceptionally(failure);
        }
        else {
            result.complete(sent);
        }
    }

    /**
     * Describes a failure in a few words: {@code timeout 1000 ms},
     * {@code SYSTEM_BUSY (2) broker busy}, ...
     * @param failure the failure
     * @return the description
     */
    static String describe(Throwable failure) {
        if (failure instanceof RequestTimeoutException timeout) {
            return "timeout " + timeout.timeoutMillis() + " ms";
        }
        if (failure instanceof TlsHandshakeException) {
            return failure.getMessage();
        }
        if (failure instanceof ConnectFailedException) {
            return "connect failed (" + rootMessage(failure) + ")";
        }
        if (failure instanceof ConnectionClosedException) {
            return "connection closed";
        }
        if (failure instanceof ErrorResponseException refused) {
            String remark = refused.remark();
            return ResponseCodes.describe(refused.code())
                    + ((remark != null && !remark.isBlank()) ? " " + remark.strip() : "");
        }
        return String.valueOf(failure.getMessage());
    }

    /**
     * Takes a failure out of the {@link CompletionException}s that futures wrap it in.
     * @param error the failure as a future gave it
     * @return the failure itself
     */
    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
    }

}
