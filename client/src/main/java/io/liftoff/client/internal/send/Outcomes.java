package io.liftoff.client.internal.send;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.ConnectFailedException;
import io.liftoff.client.ConnectionClosedException;
import io.liftoff.client.TlsHandshakeException;
import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.RequestTimeoutException;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.RouteNotFoundException;
import io.liftoff.client.SendFailedException;
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

    /**
     * Builds the failure of a send to a topic that no broker with a master and write
     * permission serves.
     * @param topic the topic as the application names it
     * @param detail appended to the message (how long it waited for a master), or empty
     * @return the exception
     */
    static RouteNotFoundException noWriteableQueue(String topic, String detail) {
        return new RouteNotFoundException(
                topic, "Topic '" + topic
                        + "' has no writeable queue: no broker with a master and write permission serves it" + detail,
                null);
    }

    /**
     * Builds the failure of a send that ran out of attempts or time.
     * @param topic the topic as the application names it
     * @param attempts the attempts made
     * @param tried each failed attempt, described
     * @param last the last failure; none when the budget ran out between attempts
     * @param startNanos when the send started
     * @param deadlineNanos when its budget ends
     * @return the exception, naming the attempts and the time used
     */
    static SendFailedException sendFailed(String topic, int attempts, List<String> tried, @Nullable Throwable last,
            long startNanos, long deadlineNanos) {
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        // Rounded: a send handed over a few microseconds after it started has the budget
        // the caller gave it.
        long budgetMillis = Math.round((deadlineNanos - startNanos) / 1e6);
        StringBuilder message = new StringBuilder("Send to topic '").append(topic)
            .append("' failed after ")
            .append(attempts)
            .append((attempts == 1) ? " attempt" : " attempts");
        if (!tried.isEmpty()) {
            message.append(" (").append(String.join("; ", tried)).append(')');
        }
        if (last == null || elapsedMillis >= budgetMillis) {
            message.append(": send timeout of ")
                .append(budgetMillis)
                .append(" ms used up after ")
                .append(elapsedMillis)
                .append(" ms");
        }
        else {
            message.append(" within ")
                .append(elapsedMillis)
                .append(" ms (send timeout ")
                .append(budgetMillis)
                .append(" ms)");
        }
        return new SendFailedException(topic, message.toString(), tried, last);
    }

}
