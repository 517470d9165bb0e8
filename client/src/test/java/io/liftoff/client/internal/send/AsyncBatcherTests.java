package io.liftoff.client.internal.send;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.AutoBatchOptions;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.SendFailedException;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendOptions;
import io.liftoff.client.SendResult;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AsyncBatcher} on a {@link SendFixture}: requests are held open and answered by
 * the test.
 */
class AsyncBatcherTests {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(3);

    private final SendFixture fixture = new SendFixture(SendOptions.defaults(), "broker-a");

    @AfterEach
    void close() {
        this.fixture.close();
    }

    private CompletableFuture<SendResult> send(AsyncBatcher batcher, String id) {
        int permits = this.fixture.limiter.acquire(5, TIMEOUT);
        return batcher.send(SendFixture.message(id), permits, System.nanoTime(), TIMEOUT, SendMode.ASYNC);
    }

    private void answer(int index) {
        SendFixture.Sent sent = this.fixture.transport.sent.get(index);
        sent.answer(SendFixture.ok(sent.request()));
    }

    @Test
    void theBrokersOffsetIdsOfABatchAreSplitOnePerMessageOrNotAtAllWhenTheirCountDiffers() {
        assertThat(AsyncBatcher.offsetIds("A1,B2,C3", 3)).containsExactly("A1", "B2", "C3");
        assertThat(AsyncBatcher.offsetIds("A1", 1)).containsExactly("A1");
        assertThat(AsyncBatcher.offsetIds("A1,B2,C3", 2)).isNull();
        assertThat(AsyncBatcher.offsetIds("A1,B2", 3)).isNull();
        assertThat(AsyncBatcher.offsetIds(",", 2)).containsExactly("", "");
        assertThat(AsyncBatcher.offsetIds(null, 2)).isNull();
    }

    @Test
    void sendsGoAloneWhileFewRequestsAreInFlightAndTheRestWaitForOneToEnd() {
        this.fixture.transport.answer((address, request) -> null);
        AsyncBatcher batcher = new AsyncBatcher(this.fixture.context, AutoBatchOptions.of(2, 64, 256 * 1024));
        List<CompletableFuture<SendResult>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(send(batcher, "id-" + i));
        }
        assertThat(this.fixture.transport.sent).as("two alone, three waiting")
            .hasSize(2)
            .allSatisfy((sent) -> assertThat(sent.request().code()).isEqualTo(RequestCode.SEND_MESSAGE_V2));
        answer(0);
        assertThat(results.get(0)).isCompleted();
        assertThat(this.fixture.transport.sent).as("the waiting three leave as one batch").hasSize(3);
        RemotingCommand batch = this.fixture.transport.sent.get(2).request();
        assertThat(batch.code()).isEqualTo(RequestCode.SEND_BATCH_MESSAGE);
        assertThat(results.subList(2, 5)).noneMatch(CompletableFuture::isDone);
        answer(2);
        assertThat(results.subList(2, 5)).allMatch(CompletableFuture::isDone);
        for (int i = 2; i < 5; i++) {
            SendResult result = results.get(i).join();
            assertThat(result.messageId()).as("each message keeps its id").isEqualTo("id-" + i);
            assertThat(result.queueOffset()).as("offsets follow the batch's first").isEqualTo(7 + (i - 2));
        }
        answer(1);
        assertThat(results).allMatch(CompletableFuture::isDone);
        assertThat(this.fixture.limiter.inFlightRequests()).isZero();
        assertThat(this.fixture.transport.bodiesHeld()).as("batch bodies released").isZero();
        assertThat(this.fixture.sends).as("one send event per message").hasSize(5);
    }

    @Test
    void aFullBatchLeavesAtOnce() {
        this.fixture.transport.answer((address, request) -> null);
        AsyncBatcher batcher = new AsyncBatcher(this.fixture.context, AutoBatchOptions.of(1, 3, 256 * 1024));
        for (int i = 0; i < 4; i++) {
            send(batcher, "id-" + i);
        }
        assertThat(this.fixture.transport.sent).as("one alone, then a full batch of three").hasSize(2);
        assertThat(this.fixture.transport.sent.get(1).request().code()).isEqualTo(RequestCode.SEND_BATCH_MESSAGE);
    }

    @Test
    void aBatchRefusedByTheBrokerFailsEveryMessageInIt() {
        AsyncBatcher batcher = new AsyncBatcher(this.fixture.context, AutoBatchOptions.of(1, 64, 256 * 1024));
        this.fixture.transport.answer((address, request) -> null);
        List<CompletableFuture<SendResult>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            results.add(send(batcher, "id-" + i));
        }
        this.fixture.transport
            .answer((address, request) -> SendFixture.refused(request, ResponseCodes.MESSAGE_ILLEGAL, "too big"));
        answer(0);
        assertThat(results.subList(1, 3)).allSatisfy((result) -> assertThat(result).isCompletedExceptionally());
        assertThat(this.fixture.limiter.inFlightRequests()).isZero();
    }

    @Test
    void messagesWhoseTimeoutPassedWhileWaitingFailWithoutBeingSent() throws Exception {
        this.fixture.transport.answer((address, request) -> null);
        AsyncBatcher batcher = new AsyncBatcher(this.fixture.context, AutoBatchOptions.of(1, 64, 256 * 1024));
        send(batcher, "id-0");
        int permits = this.fixture.limiter.acquire(5, TIMEOUT);
        CompletableFuture<SendResult> late = batcher.send(SendFixture.message("id-1"), permits, System.nanoTime(),
                TimeUnit.MILLISECONDS.toNanos(1), SendMode.ASYNC);
        Thread.sleep(5);
        answer(0);
        assertThat(late).isCompletedExceptionally();
        assertThat(late.handle((result, error) -> error).join()).isInstanceOf(SendFailedException.class)
            .hasMessageContaining("waiting to be batched");
        assertThat(this.fixture.transport.sent).as("nothing sent for the expired message").hasSize(1);
        assertThat(this.fixture.limiter.inFlightRequests()).isZero();
    }

    @Test
    void onlyDelayedOrNoWaitMessagesAreKeptOutOfBatches() {
        assertThat(AsyncBatcher.batchable(io.liftoff.client.Message.builder("orders").body(new byte[] { 1 }).build()))
            .isTrue();
        assertThat(AsyncBatcher
            .batchable(io.liftoff.client.Message.builder("orders").body(new byte[] { 1 }).delayLevel(3).build()))
            .isFalse();
        assertThat(AsyncBatcher.batchable(
                io.liftoff.client.Message.builder("orders").body(new byte[] { 1 }).waitStoreMsgOk(false).build()))
            .isFalse();
    }

}
