package io.liftoff.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.ProducerListener.AttemptEvent;
import io.liftoff.client.ProducerListener.SendEvent;
import io.liftoff.client.ProducerSnapshot.BrokerState;
import io.liftoff.client.testing.FakeBroker;
import io.liftoff.client.testing.FakeBroker.SendSeen;
import io.liftoff.client.testing.FakeCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The retry table of {@code docs/reliability.md} proved through a real {@link Producer}
 * over real sockets: a fake NameServer routes the topic to fake brokers that answer each
 * send with a chosen code, or never, which a real broker cannot be made to do on demand.
 */
class RetryRulesWithFakeBrokerTests {

    private static final String TOPIC = "retry-rules";

    private static final String BUSY_REMARK = "[TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, "
            + "period in queue: 206ms, size of queue: 5";

    private final List<AutoCloseable> closeables = new ArrayList<>();

    private final RecordingListener events = new RecordingListener();

    private FakeCluster cluster;

    @BeforeEach
    void startCluster() throws IOException {
        this.cluster = new FakeCluster();
        this.closeables.add(this.cluster);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = this.closeables.size() - 1; i >= 0; i--) {
            this.closeables.get(i).close();
        }
    }

    @Test
    void aSyncSendAnsweredSystemBusyIsRetriedOnTheOtherBrokerSucceedsThereAndIsolatesTheBusyOne() throws Exception {
        FakeBroker busy = this.cluster.broker("broker-a", FakeBroker.refuses(ResponseCodes.SYSTEM_BUSY, BUSY_REMARK));
        this.cluster.broker("broker-b", FakeBroker.stores(ResponseCodes.SUCCESS));
        Producer producer = producer(SendOptions.defaults(), 2);

        SendResult result = sendUntilAsked(busy, () -> producer.send(message()));

        assertRetriedOnBrokerBAfterSystemBusyFromBrokerA(producer, busy, result);
    }

    @Test
    void anAsyncSendAnsweredSystemBusyIsRetriedOnTheOtherBrokerSucceedsThereAndIsolatesTheBusyOne() throws Exception {
        FakeBroker busy = this.cluster.broker("broker-a", FakeBroker.refuses(ResponseCodes.SYSTEM_BUSY, BUSY_REMARK));
        this.cluster.broker("broker-b", FakeBroker.stores(ResponseCodes.SUCCESS));
        Producer producer = producer(SendOptions.defaults(), 2);

        SendResult result = sendUntilAsked(busy, () -> producer.sendAsync(message()).get(5, TimeUnit.SECONDS));

        assertRetriedOnBrokerBAfterSystemBusyFromBrokerA(producer, busy, result);
    }

    @Test
    void aSoleBrokerAnsweringSystemBusyIsAskedRetriesPlusOneTimesAfter50ThenAfter100MillisecondsAndTheSendFails()
            throws Exception {
        FakeBroker busy = this.cluster.broker("broker-a", FakeBroker.refuses(ResponseCodes.SYSTEM_BUSY, BUSY_REMARK));
        Producer producer = producer(SendOptions.builder().sendTimeout(Duration.ofSeconds(1)).build(), 1);

        assertThatThrownBy(() -> producer.send(message())).isInstanceOfSatisfying(SendFailedException.class,
                (failed) -> assertThat(failed.attempts()).hasSize(SendOptions.DEFAULT_RETRIES + 1)
                    .allSatisfy((attempt) -> assertThat(attempt).startsWith("broker-a: SYSTEM_BUSY (2)")));

        List<SendSeen> seen = busy.sendsSeen();
        assertThat(seen).hasSize(SendOptions.DEFAULT_RETRIES + 1);
        assertThat(millis(seen.get(1).arrivalNanos() - seen.get(0).arrivalNanos())).isGreaterThanOrEqualTo(50);
        assertThat(millis(seen.get(2).arrivalNanos() - seen.get(1).arrivalNanos())).isGreaterThanOrEqualTo(100);
    }

    @Test
    void aSoleBrokerAnsweringSystemBusyIsAskedAtMostFiveTimesInAOneSecondSendAllowedAThousandRetries()
            throws Exception {
        FakeBroker busy = this.cluster.broker("broker-a", FakeBroker.refuses(ResponseCodes.SYSTEM_BUSY, BUSY_REMARK));
        Producer producer = producer(SendOptions.builder().sendTimeout(Duration.ofSeconds(1)).retries(1000).build(), 1);

        assertThatThrownBy(() -> producer.send(message())).isInstanceOf(SendFailedException.class);

        // Back-offs of 50, 100, 200 and 400 ms leave room for five requests in 1 s, and
        // no more: the next wait
        // (800 ms) does not fit in what is left.
        assertThat(busy.sendsSeen()).hasSizeBetween(2, 5);
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = { ResponseCodes.MESSAGE_ILLEGAL, ResponseCodes.INVALID_PARAMETER })
    void aCodeNotInRetryResponseCodesFailsAtOnceWithErrorResponseExceptionAfterOneRequestIsolatingNoBroker(int code)
            throws Exception {
        this.cluster.broker("broker-a", FakeBroker.refuses(code, "refused"));
        this.cluster.broker("broker-b", FakeBroker.refuses(code, "refused"));
        Producer producer = producer(SendOptions.defaults(), 2);

        assertThatThrownBy(() -> producer.send(message())).isInstanceOfSatisfying(ErrorResponseException.class,
                (refused) -> assertThat(refused.code()).isEqualTo(code));

        assertThat(this.cluster.sendCount()).isEqualTo(1);
        assertThat(producer.snapshot().brokers()).hasSize(2).noneMatch(BrokerState::isolated);
    }

    @ParameterizedTest(name = "code {0}: {1}")
    @CsvSource({ "10, FLUSH_DISK_TIMEOUT", "11, SLAVE_NOT_AVAILABLE" })
    void aMessageStoredWithoutSendOkIsReturnedWithItsStatusAndNotSentAgain(int code, SendStatus status)
            throws Exception {
        this.cluster.broker("broker-a", FakeBroker.stores(code));
        this.cluster.broker("broker-b", FakeBroker.stores(code));
        Producer producer = producer(SendOptions.defaults(), 2);

        SendResult result = producer.send(message());

        assertThat(result.status()).isEqualTo(status);
        assertThat(result.offsetMessageId()).isEqualTo(FakeBroker.STORED_MSG_ID);
        assertThat(result.queueOffset()).isZero();
        assertThat(this.cluster.sendCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = { ResponseCodes.FLUSH_DISK_TIMEOUT, ResponseCodes.SLAVE_NOT_AVAILABLE })
    void aMessageStoredWithoutSendOkIsSentAgainToTheOtherBrokerWhenRetryAnotherBrokerWhenNotStoreOkIsOn(int code)
            throws Exception {
        FakeBroker notOk = this.cluster.broker("broker-a", FakeBroker.stores(code));
        this.cluster.broker("broker-b", FakeBroker.stores(ResponseCodes.SUCCESS));
        Producer producer = producer(SendOptions.builder().retryAnotherBrokerWhenNotStoreOk(true).build(), 2);

        SendResult result = sendUntilAsked(notOk, () -> producer.send(message()));

        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.queue().brokerName()).isEqualTo("broker-b");
        assertThat(notOk.sendsSeen()).hasSize(1);
    }

    @Test
    void aTimedOutSendToASoleBrokerFailsAtItsSendTimeoutAfterOneAttemptThatHadTheWholeBudget() throws Exception {
        FakeBroker silent = this.cluster.silentBroker("broker-a");
        Producer producer = producer(SendOptions.builder().sendTimeout(Duration.ofMillis(500)).build(), 1);

        long start = System.nanoTime();
        assertThatThrownBy(() -> producer.send(message())).isInstanceOfSatisfying(SendFailedException.class,
                (failed) -> assertThat(failed.attempts()).singleElement().asString().startsWith("broker-a: timeout"));
        long elapsedMillis = millis(System.nanoTime() - start);

        assertThat(silent.sendsSeen()).hasSize(1);
        assertThat(elapsedMillis).as("the attempt waited for the whole send timeout").isGreaterThanOrEqualTo(450);
    }

    @Test
    void aTimedOutAttemptOnASoleBrokerIsNotRetriedEvenWithBudgetLeft() throws Exception {
        FakeBroker silent = this.cluster.silentBroker("broker-a");
        Producer producer = producer(SendOptions.builder()
            .sendTimeout(Duration.ofMillis(500))
            .attemptTimeout(Duration.ofMillis(150))
            .build(), 1);

        assertThatThrownBy(() -> producer.send(message())).isInstanceOfSatisfying(SendFailedException.class,
                (failed) -> assertThat(failed.attempts()).as("one attempt, cut short with 350 ms of the budget left")
                    .containsExactly("broker-a: timeout 150 ms"));

        assertThat(silent.sendsSeen()).hasSize(1);
    }

    private void assertRetriedOnBrokerBAfterSystemBusyFromBrokerA(Producer producer, FakeBroker busy,
            SendResult result) {
        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.queue().brokerName()).isEqualTo("broker-b");
        assertThat(busy.sendsSeen()).hasSize(1);
        assertThat(this.events.attempts).filteredOn((attempt) -> attempt.failure() != null)
            .singleElement()
            .satisfies((attempt) -> {
                assertThat(attempt.brokerName()).isEqualTo("broker-a");
                assertThat(attempt.failure()).isInstanceOfSatisfying(ErrorResponseException.class,
                        (refused) -> assertThat(refused.code()).isEqualTo(ResponseCodes.SYSTEM_BUSY));
            });
        assertThat(this.events.sends).last().satisfies((send) -> {
            assertThat(send.attempts()).isEqualTo(2);
            assertThat(send.brokerName()).isEqualTo("broker-b");
        });
        assertThat(broker(producer, "broker-a").isolated()).isTrue();
        assertThat(broker(producer, "broker-a").lastError()).contains("SYSTEM_BUSY");
        assertThat(broker(producer, "broker-b").isolated()).isFalse();
    }

    /**
     * Sends until a broker has been asked, and returns the result of the send that asked
     * it: at most two sends, since a topic's sends start at a random queue and each
     * starts one queue further.
     */
    private static SendResult sendUntilAsked(FakeBroker broker, Callable<SendResult> send) throws Exception {
        for (int i = 0; i < 2; i++) {
            SendResult result = send.call();
            if (!broker.sendsSeen().isEmpty()) {
                return result;
            }
        }
        throw new AssertionError("Two sends never asked " + broker.name());
    }

    private Producer producer(SendOptions options, int brokers) {
        Producer producer = Producer.builder()
            .nameServer(this.cluster.nameServerAddress())
            .group("retry-rules-test")
            .sendOptions(options)
            .listener(this.events)
            .build();
        producer.start();
        this.closeables.add(() -> producer.close(Duration.ZERO));
        assertThat(producer.writeQueues(TOPIC)).hasSize(brokers);
        return producer;
    }

    private static BrokerState broker(Producer producer, String name) {
        return producer.snapshot()
            .brokers()
            .stream()
            .filter((broker) -> broker.name().equals(name))
            .findFirst()
            .orElseThrow();
    }

    private static Message message() {
        return Message.of(TOPIC, "x".getBytes(StandardCharsets.UTF_8));
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Records every attempt and send the producer reports. */
    private static final class RecordingListener implements ProducerListener {

        private final List<AttemptEvent> attempts = new CopyOnWriteArrayList<>();

        private final List<SendEvent> sends = new CopyOnWriteArrayList<>();

        @Override
        public void attemptFinished(AttemptEvent event) {
            this.attempts.add(event);
        }

        @Override
        public void sendFinished(SendEvent event) {
            this.sends.add(event);
        }

    }

}
