package io.liftoff.client.internal.remoting;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.RequestTimeoutException;
import io.liftoff.client.TransportOptions;
import io.liftoff.client.testing.FakeRemotingServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers that come after their request timed out, from a fake server that answers late
 * on purpose: they reach a callback that asked for them, and nothing else.
 */
class LateAnswersWithFakeServerTests {

    @Test
    void anAnswerAfterTheTimeoutReachesTheCallbackThatAskedForItAfterItsTimeoutFailure() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeRemotingServer server = new FakeRemotingServer((request, replier) -> {
            awaitQuietly(release);
            replier.send(RemotingCommand.response(0, request.opaque(), "stored late"));
        }); RemotingClient client = new RemotingClient(TransportOptions.defaults(), "late")) {
            Recording callback = new Recording(true);

            client.invoke(server.address(), RemotingCommand.request(310, Map.of(), null), 200, callback);
            callback.failed.get(5, TimeUnit.SECONDS);
            release.countDown();

            RemotingCommand late = callback.late.get(5, TimeUnit.SECONDS);
            assertThat(late.remark()).isEqualTo("stored late");
            assertThat(callback.events).containsExactly("timeout", "late");
        }
    }

    @Test
    void aCallbackThatAsksForNoLateAnswerIsCompletedOnceAndTheAnswerIsDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        try (FakeRemotingServer server = new FakeRemotingServer((request, replier) -> {
            awaitQuietly(release);
            replier.send(RemotingCommand.response(0, request.opaque(), null));
            answered.countDown();
        }); RemotingClient client = new RemotingClient(TransportOptions.defaults(), "late")) {
            Recording callback = new Recording(false);

            client.invoke(server.address(), RemotingCommand.request(310, Map.of(), null), 200, callback);
            callback.failed.get(5, TimeUnit.SECONDS);
            release.countDown();
            assertThat(answered.await(5, TimeUnit.SECONDS)).isTrue();
            // The connection still works, and the dropped answer reached nobody.
            client.invoke(server.address(), RemotingCommand.request(310, Map.of(), null), 5000)
                .get(5, TimeUnit.SECONDS);

            assertThat(callback.events).containsExactly("timeout");
            assertThat(callback.late).isNotDone();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Recording implements ResponseCallback {

        final boolean wantsLateAnswer;

        final List<String> events = new CopyOnWriteArrayList<>();

        final CompletableFuture<Throwable> failed = new CompletableFuture<>();

        final CompletableFuture<RemotingCommand> late = new CompletableFuture<>();

        Recording(boolean wantsLateAnswer) {
            this.wantsLateAnswer = wantsLateAnswer;
        }

        @Override
        public void complete(@Nullable RemotingCommand response, @Nullable Throwable failure) {
            this.events.add((failure instanceof RequestTimeoutException) ? "timeout" : "other: " + failure);
            this.failed.complete(failure);
        }

        @Override
        public @Nullable LateAnswer onTimeout() {
            if (!this.wantsLateAnswer) {
                return null;
            }
            return (response) -> {
                this.events.add("late");
                this.late.complete(response);
            };
        }

    }

}
