package io.liftoff.client.internal.reply;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.BackpressureException;
import io.liftoff.client.ProducerClosedException;
import io.liftoff.client.ReplyMessage;
import io.liftoff.client.ReplyTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingRepliesTests {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        this.timer.shutdownNow();
    }

    @Test
    void aFullTableRefusesTheNextRequestNamingTheLimitAndTakesOneAgainOnceAReplyCame() {
        PendingReplies pending = new PendingReplies(2, this.timer);
        pending.register("a", "orders", 60_000);
        pending.register("b", "orders", 60_000);

        assertThatThrownBy(() -> pending.register("c", "orders", 60_000)).isInstanceOf(BackpressureException.class)
            .hasMessageContaining("topic 'orders'")
            .hasMessageContaining("2 requests already wait")
            .hasMessageContaining("ReplyOptions.maxPendingRequests");
        assertThat(pending.size()).isEqualTo(2);

        assertThat(pending.complete("a", reply("a"))).isTrue();
        pending.register("c", "orders", 60_000);
        assertThat(pending.size()).isEqualTo(2);
    }

    @Test
    void aReplyCompletesItsRequestOnceAndAnUnknownOneMatchesNothing() {
        PendingReplies pending = new PendingReplies(10, this.timer);
        CompletableFuture<ReplyMessage> future = pending.register("a", "orders", 60_000);

        assertThat(pending.complete("x", reply("x"))).isFalse();
        assertThat(pending.complete("a", reply("a"))).isTrue();
        assertThat(pending.complete("a", reply("a"))).isFalse();
        assertThat(future.join().correlationId()).isEqualTo("a");
        assertThat(pending.size()).isZero();
    }

    @Test
    void aRequestWithoutReplyFailsWithReplyTimeoutNamingTopicAndWaitAtItsDeadline() {
        PendingReplies pending = new PendingReplies(10, this.timer);
        long start = System.nanoTime();
        CompletableFuture<ReplyMessage> future = pending.register("a", "orders", 200);

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ReplyTimeoutException.class)
            .hasMessageContaining("topic 'orders'")
            .hasMessageContaining("200 ms");
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(waitedMillis).isBetween(200L, 1000L);
        assertThat(pending.isPending("a")).isFalse();
        assertThat(pending.size()).isZero();
    }

    @Test
    void closeFailsEveryWaitingRequestWithProducerClosed() {
        PendingReplies pending = new PendingReplies(10, this.timer);
        CompletableFuture<ReplyMessage> first = pending.register("a", "orders", 60_000);
        CompletableFuture<ReplyMessage> second = pending.register("b", "payments", 60_000);

        pending.closeAll("pg");

        assertThatThrownBy(first::join).hasCauseInstanceOf(ProducerClosedException.class)
            .hasMessageContaining("group 'pg'")
            .hasMessageContaining("topic 'orders'");
        assertThatThrownBy(second::join).hasCauseInstanceOf(ProducerClosedException.class);
        assertThat(pending.size()).isZero();
    }

    private static ReplyMessage reply(String correlationId) {
        return new ReplyMessage("DefaultCluster_REPLY_TOPIC", new byte[0], null, List.of(), Map.of(), null,
                correlationId, null, null, 0, 0);
    }

}
