package io.liftoff.client.internal.send;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.ConnectFailedException;
import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.ProducerClosedException;
import io.liftoff.client.ProducerListener;
import io.liftoff.client.RequestTimeoutException;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.RouteNotFoundException;
import io.liftoff.client.SendFailedException;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendOptions;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.client.internal.fault.BrokerFault;
import io.liftoff.client.internal.remoting.ResponseCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SendOperation} on a {@link SendFixture}: no broker, no socket, every answer
 * scripted.
 */
class SendOperationTests {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(3);

    private SendFixture fixture;

    @AfterEach
    void close() {
        if (this.fixture != null) {
            this.fixture.close();
        }
    }

    private SendFixture fixture(SendOptions options, String... brokers) {
        this.fixture = new SendFixture(options, brokers);
        return this.fixture;
    }

    private SendResult sync(SendOperation operation) {
        return operation.start().result().join();
    }

    private Throwable failure(SendOperation operation) {
        return assertThatThrownBy(() -> operation.start().result().get(5, TimeUnit.SECONDS)).actual().getCause();
    }

    @Test
    void aStoredMessageCompletesWithTheBrokersResultAndOneAttemptEvent() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a");
        SendResult result = sync(
                new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3, TIMEOUT));
        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.messageId()).isEqualTo("id-1");
        assertThat(result.queueOffset()).isEqualTo(7);
        assertThat(result.queue().brokerName()).isEqualTo("broker-a");
        assertThat(fixture.transport.addresses()).containsExactly(SendFixture.address("broker-a"));
        assertThat(fixture.attempts).singleElement().satisfies((event) -> assertThat(event.failure()).isNull());
        assertThat(fixture.sends).singleElement().satisfies((event) -> assertThat(event.result()).isEqualTo(result));
    }

    @Test
    void aTimerMessageToABrokerOlderThan5IsRefusedBeforeAnythingIsWritten() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a");
        fixture.transport.versions.put(SendFixture.address("broker-a"), CompletableFuture.completedFuture(407));

        Throwable failure = failure(
                new SendOperation(fixture.context, SendFixture.message("id-t"), SendMode.SYNC, 3, TIMEOUT)
                    .deliveredByTimer("deliveryDelay 3000 ms"));

        assertThat(failure).isInstanceOf(io.liftoff.client.InvalidMessageException.class)
            .hasMessageContaining("deliveryDelay 3000 ms")
            .hasMessageContaining("older than 5.0 (version code 407");
        assertThat(fixture.transport.sent).as("nothing written").isEmpty();
    }

    @Test
    void aTimerMessageWaitsForANewBrokersVersionThenGoesToABrokerThatHasTimerMessages() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a");
        CompletableFuture<Integer> version = new CompletableFuture<>();
        fixture.transport.versions.put(SendFixture.address("broker-a"), version);

        CompletableFuture<SendResult> result = new SendOperation(fixture.context, SendFixture.message("id-t"),
                SendMode.ASYNC, 3, TIMEOUT)
            .deliveredByTimer("deliveryDelay 3000 ms")
            .start()
            .result();

        assertThat(fixture.transport.sent).as("nothing written before the version is known").isEmpty();
        version.complete(479);
        assertThat(result.join().status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(fixture.transport.sent).hasSize(1);
    }

    @Test
    void aRetryableCodeIsRetriedOnAnotherBrokerAndIsolatesTheFirst() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.transport.answer((address, request) -> address.startsWith("broker-a")
                ? SendFixture.refused(request, ResponseCodes.SYSTEM_BUSY, "[TIMEOUT_CLEAN_QUEUE]broker busy")
                : SendFixture.ok(request));
        // Whichever broker the round robin starts with, broker-a refuses at most once and
        // broker-b stores.
        SendResult result = sync(
                new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3, TIMEOUT));
        assertThat(result.queue().brokerName()).isEqualTo("broker-b");
        if (fixture.transport.sent.size() == 2) {
            assertThat(fixture.transport.addresses()).containsExactly(SendFixture.address("broker-a"),
                    SendFixture.address("broker-b"));
            BrokerFault fault = fixture.faults.get("broker-a");
            assertThat(fault.reachable()).as("busy is not unreachable").isTrue();
            assertThat(fault.isAvailable(System.currentTimeMillis())).isFalse();
            assertThat(fixture.routes.degraded).containsExactly(SendFixture.TOPIC);
            assertThat(fixture.routes.unreachable).as("a busy master has not moved: no immediate refresh").isEmpty();
        }
    }

    @Test
    void aBusyBrokerThatIsTheTopicsOnlyOneIsRetriedAfterABackOffNeverInATightLoop() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a");
        fixture.transport.answer((address, request) -> SendFixture.refused(request, ResponseCodes.SYSTEM_BUSY,
                "[TIMEOUT_CLEAN_QUEUE]broker busy"));
        Throwable failure = failure(
                new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.ASYNC, 3, TIMEOUT));
        assertThat(failure).isInstanceOf(SendFailedException.class)
            .hasMessageContaining("after 3 attempts")
            .hasMessageContaining("SYSTEM_BUSY");
        assertThat(fixture.transport.sent).hasSize(3);
        long firstGap = fixture.transport.sent.get(1).atNanos() - fixture.transport.sent.get(0).atNanos();
        long secondGap = fixture.transport.sent.get(2).atNanos() - fixture.transport.sent.get(1).atNanos();
        assertThat(firstGap).isGreaterThanOrEqualTo(RetryPolicy.FIRST_BACKOFF_NANOS);
        assertThat(secondGap).isGreaterThanOrEqualTo(2 * RetryPolicy.FIRST_BACKOFF_NANOS);
    }

    @Test
    void aSendWaitingToRetryWhenTheProducerClosesEndsAtOnceNotWithTheTimer() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a");
        fixture.transport.answer((address, request) -> SendFixture.refused(request, ResponseCodes.SYSTEM_BUSY, null));
        SendOperation operation = new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.ASYNC, 3,
                TIMEOUT)
            .start();
        assertThat(fixture.retryTimer.waiting()).isEqualTo(1);
        fixture.state.beginClose();
        fixture.state.closed();
        fixture.timer.shutdownNow();
        fixture.retryTimer.abandonAll();
        assertThat(operation.result()).isCompletedExceptionally();
        assertThat(operation.result().handle((result, error) -> error).join())
            .isInstanceOf(ProducerClosedException.class)
            .hasMessageContaining("waiting to retry");
        assertThat(fixture.retryTimer.waiting()).isZero();
        assertThat(fixture.transport.sent).hasSize(1);
    }

    @Test
    void aBackOffThatDoesNotFitTheBudgetEndsTheSendAtOnce() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a");
        fixture.transport.answer((address, request) -> SendFixture.refused(request, ResponseCodes.SYSTEM_BUSY, null));
        Throwable failure = failure(new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3,
                TimeUnit.MILLISECONDS.toNanos(30)));
        assertThat(failure).isInstanceOf(SendFailedException.class).hasMessageContaining("after 1 attempt");
        assertThat(fixture.transport.sent).hasSize(1);
    }

    @Test
    void aCodeThatIsNotRetryableFailsAtOnceWithTheBrokersRefusal() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.transport.answer((address, request) -> SendFixture.refused(request, ResponseCodes.MESSAGE_ILLEGAL,
                "the message is illegal"));
        Throwable failure = failure(
                new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3, TIMEOUT));
        assertThat(failure).isInstanceOf(ErrorResponseException.class);
        assertThat(((ErrorResponseException) failure).code()).isEqualTo(ResponseCodes.MESSAGE_ILLEGAL);
        assertThat(fixture.transport.sent).hasSize(1);
        assertThat(fixture.faults.snapshot()).as("no broker isolated").isEmpty();
    }

    @Test
    void aTimeoutOnTheTopicsOnlyBrokerIsNotRetried() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a");
        fixture.transport.answer((address, request) -> new RequestTimeoutException(address, 310, 1000));
        Throwable failure = failure(
                new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3, TIMEOUT));
        assertThat(failure).isInstanceOf(SendFailedException.class).hasMessageContaining("after 1 attempt");
        assertThat(fixture.transport.sent).hasSize(1);
        assertThat(fixture.faults.get("broker-a").reachable()).isFalse();
    }

    @Test
    void aTimeoutIsRetriedWhenTheTopicHasAnotherBroker() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.transport.answer((address, request) -> address.startsWith("broker-a")
                ? new RequestTimeoutException(address, 310, 1000) : SendFixture.ok(request));
        SendResult result = sync(
                new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3, TIMEOUT));
        assertThat(result.queue().brokerName()).isEqualTo("broker-b");
    }

    @Test
    void aConnectFailureIsolatesTheBrokerUntilItIsReachedAgainAndAsksForTheTopicsRouteAtOnce() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.transport.answer((address, request) -> address.startsWith("broker-a")
                ? new ConnectFailedException(address, new java.net.ConnectException("refused"))
                : SendFixture.ok(request));
        // The round robin starts at a random queue: send until broker-a has been tried.
        for (int i = 0; i < 16 && fixture.faults.get("broker-a") == null; i++) {
            sync(new SendOperation(fixture.context, SendFixture.message("id-" + i), SendMode.SYNC, 3, TIMEOUT));
        }
        for (int i = 0; i < 4; i++) {
            sync(new SendOperation(fixture.context, SendFixture.message("more-" + i), SendMode.SYNC, 3, TIMEOUT));
        }
        assertThat(fixture.faults.get("broker-a").reachable()).isFalse();
        assertThat(fixture.transport.addresses()).filteredOn((address) -> address.startsWith("broker-a"))
            .as("isolated after its first failure")
            .hasSize(1);
        assertThat(fixture.routes.unreachable).as("its master may have moved").containsExactly(SendFixture.TOPIC);
    }

    @Test
    void aSendToATopicWhoseBrokerHasNoMasterWaitsWithinItsBudgetForTheNewMaster() throws Exception {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a");
        fixture.routes.putWithoutMaster(SendFixture.TOPIC, "broker-a");
        CompletableFuture<SendResult> result = new SendOperation(fixture.context, SendFixture.message("id-1"),
                SendMode.SYNC, 3, TIMEOUT)
            .start()
            .result();
        Thread.sleep(300);
        assertThat(result).as("waiting for a master, not failed").isNotDone();
        assertThat(fixture.routes.unreachable).as("the route is asked for again").contains(SendFixture.TOPIC);
        assertThat(fixture.transport.sent).isEmpty();

        fixture.routes.put(SendFixture.TOPIC, "broker-a");
        assertThat(result.get(5, TimeUnit.SECONDS).queue().brokerName()).isEqualTo("broker-a");
        assertThat(fixture.transport.sent).hasSize(1);
    }

    @Test
    void aSendWaitingForAMasterThatNeverComesFailsWithinItsBudgetSayingSo() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a");
        fixture.routes.putWithoutMaster(SendFixture.TOPIC, "broker-a");
        CompletableFuture<SendResult> result = new SendOperation(fixture.context, SendFixture.message("id-1"),
                SendMode.SYNC, 3, TimeUnit.MILLISECONDS.toNanos(500))
            .start()
            .result();
        assertThat(result).failsWithin(Duration.ofSeconds(5))
            .withThrowableOfType(ExecutionException.class)
            .havingCause()
            .isInstanceOf(RouteNotFoundException.class)
            .withMessageContaining("no writeable queue")
            .withMessageContaining("for a master");
        assertThat(fixture.transport.sent).isEmpty();
    }

    @Test
    void storedWithoutSendOkIsReturnedAsTheResultByDefault() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.transport
            .answer((address, request) -> SendFixture.stored(request, ResponseCodes.FLUSH_DISK_TIMEOUT, 3));
        SendResult result = sync(
                new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3, TIMEOUT));
        assertThat(result.status()).isEqualTo(SendStatus.FLUSH_DISK_TIMEOUT);
        assertThat(fixture.transport.sent).hasSize(1);
    }

    @Test
    void storedWithoutSendOkIsSentAgainElsewhereOnlyWithRetryAnotherBrokerWhenNotStoreOk() {
        SendOptions options = SendOptions.builder().retryAnotherBrokerWhenNotStoreOk(true).build();
        SendFixture fixture = fixture(options, "broker-a", "broker-b");
        fixture.transport.answer((address, request) -> address.startsWith("broker-a")
                ? SendFixture.stored(request, ResponseCodes.SLAVE_NOT_AVAILABLE, 3) : SendFixture.ok(request));
        SendResult result = sync(
                new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3, TIMEOUT));
        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.queue().brokerName()).isEqualTo("broker-b");
    }

    @Test
    void storedWithoutSendOkOnTheTopicsOnlyBrokerIsReturnedNotStoredTwice() {
        SendOptions options = SendOptions.builder().retryAnotherBrokerWhenNotStoreOk(true).build();
        SendFixture fixture = fixture(options, "broker-a");
        fixture.transport
            .answer((address, request) -> SendFixture.stored(request, ResponseCodes.FLUSH_DISK_TIMEOUT, 3));
        SendResult result = sync(
                new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3, TIMEOUT));
        assertThat(result.status()).isEqualTo(SendStatus.FLUSH_DISK_TIMEOUT);
        assertThat(fixture.transport.sent).hasSize(1);
    }

    @Test
    void anOrderedSendGoesToItsQueueOnlyAndIsNeverRetried() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.transport.answer((address, request) -> SendFixture.refused(request, ResponseCodes.SYSTEM_BUSY, null));
        MessageQueue queue = new MessageQueue(SendFixture.TOPIC, "broker-b", 2);
        Throwable failure = failure(
                new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.ORDERLY, 1, TIMEOUT)
                    .toQueue(queue));
        assertThat(failure).isInstanceOf(SendFailedException.class);
        assertThat(fixture.transport.addresses()).containsExactly(SendFixture.address("broker-b"));
    }

    @Test
    void aRetryAfterTheProducerClosedIsAbandoned() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.transport.answer((address, request) -> {
            fixture.state.beginClose();
            fixture.state.closed();
            return SendFixture.refused(request, ResponseCodes.SYSTEM_BUSY, null);
        });
        Throwable failure = failure(
                new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3, TIMEOUT));
        assertThat(failure).isInstanceOf(ProducerClosedException.class).hasMessageContaining("after 1 attempts");
        assertThat(fixture.transport.sent).hasSize(1);
    }

    @Test
    void permitsAreGivenBackBeforeTheResultCompletes() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a");
        fixture.transport.answer((address, request) -> null);
        int permits = fixture.limiter.acquire(5, TIMEOUT);
        SendOperation operation = new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.ASYNC, 3,
                TIMEOUT)
            .holding(permits);
        long[] inFlightWhenCompleted = { -1 };
        operation.result()
            .whenComplete((result, error) -> inFlightWhenCompleted[0] = fixture.limiter.inFlightRequests());
        operation.start();
        assertThat(fixture.limiter.inFlightRequests()).isEqualTo(1);
        fixture.transport.sent.get(0).answer(SendFixture.ok(fixture.transport.sent.get(0).request()));
        assertThat(operation.result()).isCompleted();
        assertThat(inFlightWhenCompleted[0]).isZero();
    }

    @Test
    void aSendWithNoRouteFailsWithoutAnAttempt() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a");
        PreparedSend unknown = new PreparedSend("unknown", "unknown", "id-1", new byte[0], new byte[1], null, 0, 0,
                false);
        Throwable failure = failure(new SendOperation(fixture.context, unknown, SendMode.SYNC, 3, TIMEOUT));
        assertThat(failure).isInstanceOf(io.liftoff.client.RouteNotFoundException.class);
        assertThat(fixture.transport.sent).isEmpty();
        assertThat(fixture.sends).singleElement().satisfies((event) -> assertThat(event.attempts()).isZero());
    }

    @Test
    void attemptsStopAtTheirMaximum() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b", "broker-c", "broker-d");
        fixture.transport
            .answer((address, request) -> SendFixture.refused(request, ResponseCodes.SYSTEM_ERROR, "boom"));
        Throwable failure = failure(new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3,
                Duration.ofSeconds(3).toNanos()));
        assertThat(failure).isInstanceOf(SendFailedException.class).hasMessageContaining("after 3 attempts");
        assertThat(fixture.transport.sent).hasSize(3);
        assertThat(fixture.attempts).hasSize(3).allSatisfy((event) -> assertThat(event.failure()).isNotNull());
    }

    @Test
    void theFirstAttemptMayWaitTwoThirdsOfTheBudgetWhenAnotherBrokerCouldTakeARetry() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.transport.answer((address, request) -> null);

        new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3, TIMEOUT).start();

        assertThat(fixture.transport.sent).hasSize(1);
        assertThat(fixture.transport.sent.get(0).timeoutMillis()).isBetween(1900L, 2000L);
    }

    @Test
    void aBrokerLastAnsweringSlowlyGetsTwiceItsLatencyWithinTheBudget() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.faults.recordSuccess("broker-a", 1_400);
        fixture.faults.recordSuccess("broker-b", 1_400);
        fixture.transport.answer((address, request) -> null);

        new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3, TIMEOUT).start();

        assertThat(fixture.transport.sent.get(0).timeoutMillis()).isBetween(2750L, 3000L);
    }

    @Test
    void aTimedOutAttemptsLateStoredAnswerCompletesTheSendWhenItsRetryFails() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.transport.answer((address, request) -> null);
        SendOperation operation = new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 2,
                TIMEOUT)
            .start();
        SendFixture.Sent first = fixture.transport.sent.get(0);

        ResponseCallback.LateAnswer late = first.timeOut();
        assertThat(late).isNotNull();
        assertThat(fixture.transport.sent).hasSize(2);
        late.arrived(SendFixture.ok(first.request()));
        assertThat(operation.result()).isNotDone();
        fixture.transport.sent.get(1).timeOut();

        SendResult result = operation.result().join();
        assertThat(result.queue().brokerName()).isEqualTo(brokerOf(first));
        assertThat(fixture.lateAnswers.stored()).isEqualTo(1);
        assertThat(fixture.attempts).filteredOn(ProducerListener.AttemptEvent::late)
            .singleElement()
            .satisfies((event) -> {
                assertThat(event.brokerName()).isEqualTo(brokerOf(first));
                assertThat(event.attempt()).isEqualTo(1);
                assertThat(event.failure()).isNull();
            });
    }

    @Test
    void aLateStoredAnswerStandsOverTheRetrysAnswerThatCameAfterIt() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.transport.answer((address, request) -> null);
        SendOperation operation = new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.ASYNC, 3,
                TIMEOUT)
            .start();
        SendFixture.Sent first = fixture.transport.sent.get(0);
        ResponseCallback.LateAnswer late = first.timeOut();

        late.arrived(SendFixture.ok(first.request()));
        SendFixture.Sent retry = fixture.transport.sent.get(1);
        retry.answer(SendFixture.ok(retry.request()));

        assertThat(operation.result().join().queue().brokerName()).isEqualTo(brokerOf(first));
        assertThat(fixture.transport.sent).hasSize(2);
    }

    @Test
    void aLateAnswerAfterTheSendEndedIsCountedAndReportedButChangesNothing() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.transport.answer((address, request) -> null);
        SendOperation operation = new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.SYNC, 3,
                TIMEOUT)
            .start();
        SendFixture.Sent first = fixture.transport.sent.get(0);
        ResponseCallback.LateAnswer late = first.timeOut();
        SendFixture.Sent retry = fixture.transport.sent.get(1);
        retry.answer(SendFixture.ok(retry.request()));
        SendResult result = operation.result().join();

        late.arrived(SendFixture.refused(first.request(), ResponseCodes.SYSTEM_BUSY, "busy"));

        assertThat(result.queue().brokerName()).isEqualTo(brokerOf(retry));
        assertThat(fixture.lateAnswers.refused()).isEqualTo(1);
        assertThat(fixture.lateAnswers.stored()).isZero();
        assertThat(fixture.attempts).filteredOn(ProducerListener.AttemptEvent::late)
            .singleElement()
            .satisfies((event) -> assertThat(event.failure()).isInstanceOf(ErrorResponseException.class));
        assertThat(fixture.transport.sent).hasSize(2);
    }

    @Test
    void aOnewaySendAsksForNoLateAnswer() {
        SendFixture fixture = fixture(SendOptions.defaults(), "broker-a", "broker-b");
        fixture.transport.answer((address, request) -> null);
        new SendOperation(fixture.context, SendFixture.message("id-1"), SendMode.ONEWAY, 1, TIMEOUT).start();

        assertThat(fixture.transport.sent.get(0).callback().onTimeout()).isNull();
    }

    private static String brokerOf(SendFixture.Sent sent) {
        return sent.address().substring(0, sent.address().indexOf(':'));
    }

}
