package io.liftoff.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.liftoff.client.internal.send.ProducerInternals;
import io.liftoff.client.testing.FakeBroker;
import io.liftoff.client.testing.FakeCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A fake NameServer routes to fake brokers that accept connections but never answer
 * sends: faults a real broker cannot show.
 */
class ProducerWithHungBrokerTests {

    /**
     * How long after its timeout a send may end: the bound the product keeps under load
     * (the compatibility suite checks it against real brokers too).
     */
    private static final long PROMISED_OVERRUN_MILLIS = 100;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = this.closeables.size() - 1; i >= 0; i--) {
            this.closeables.get(i).close();
        }
    }

    @Test
    void aSyncSendWithAOneSecondTimeoutFailsWithinOnePointOneSecondsHavingTriedBothHungBrokers() throws Exception {
        FakeCluster cluster = cluster();
        FakeBroker hungA = cluster.silentBroker("broker-a");
        FakeBroker hungB = cluster.silentBroker("broker-b");
        Producer producer = producer(cluster);
        assertThat(producer.writeQueues("hung")).hasSize(2);

        long start = System.nanoTime();
        assertThatThrownBy(
                () -> producer.send(Message.of("hung", "x".getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(1)))
            .isInstanceOf(SendFailedException.class)
            .hasMessageContaining("broker-a: timeout")
            .hasMessageContaining("broker-b: timeout")
            // The budget left when the send starts (after validation): 1000 ms less what
            // preparing the message took.
            .hasMessageMatching("(?s).*send timeout of (9[0-9]{2}|1000) ms used up after [0-9]+ ms.*");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMillis).isLessThanOrEqualTo(1000 + PROMISED_OVERRUN_MILLIS);
        assertThat(hungA.sendsSeen()).isNotEmpty();
        assertThat(hungB.sendsSeen()).isNotEmpty();
    }

    @Test
    void aSendSucceedsOnTheOtherBrokerWithinItsTimeoutAndTheHungOneIsAvoidedAfterwards() throws Exception {
        FakeCluster cluster = cluster();
        FakeBroker hung = cluster.silentBroker("broker-a");
        cluster.broker("broker-b", FakeBroker.stores(ResponseCodes.SUCCESS));
        Producer producer = producer(cluster);
        assertThat(producer.writeQueues("hung")).hasSize(2);

        List<SendResult> results = new ArrayList<>();
        List<Long> elapsedMillis = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long start = System.nanoTime();
            results.add(producer.send(Message.of("hung", "x".getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(1)));
            elapsedMillis.add((System.nanoTime() - start) / 1_000_000);
        }

        assertThat(results).allSatisfy((result) -> assertThat(result.queue().brokerName()).isEqualTo("broker-b"));
        assertThat(hung.sendsSeen()).hasSize(1);
        assertThat(elapsedMillis).as("ms each send took, timeout 1000 ms")
            .allSatisfy((millis) -> assertThat(millis).isLessThanOrEqualTo(1000 + PROMISED_OVERRUN_MILLIS));
        ProducerSnapshot.BrokerState brokerA = producer.snapshot()
            .brokers()
            .stream()
            .filter((broker) -> broker.name().equals("broker-a"))
            .findFirst()
            .orElseThrow();
        assertThat(brokerA.isolated()).isTrue();
        assertThat(brokerA.lastError()).contains("timeout");
    }

    @Test
    void onewaySendsToBrokersThatConfirmNothingStopAtTheWindowOfEachBroker() throws Exception {
        FakeCluster cluster = cluster();
        FakeBroker hungA = cluster.silentBroker("broker-a");
        FakeBroker hungB = cluster.silentBroker("broker-b");
        Producer producer = Producer.builder()
            .nameServer(cluster.nameServerAddress())
            .group("hung-oneway")
            .sendOptions(SendOptions.builder().sendTimeout(Duration.ofSeconds(30)).build())
            .build();
        producer.start();
        this.closeables.add(() -> producer.close(Duration.ZERO));
        assertThat(producer.writeQueues("hung")).hasSize(2);
        List<Throwable> senderFailures = new CopyOnWriteArrayList<>();
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < 5_000; i++) {
                    producer.sendOneway(Message.of("hung", "x".getBytes(StandardCharsets.UTF_8)));
                }
            }
            catch (RuntimeException ex) {
                senderFailures.add(ex);
            }
        }, "oneway-sender");
        sender.start();

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (cluster.sendCount() < 2 * 1024 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(300);

        assertThat(cluster.sendCount()).isEqualTo(2 * 1024);
        assertThat(hungA.sendsSeen()).hasSize(1024);
        assertThat(Stream.of(hungA, hungB)
            .flatMap((broker) -> broker.sendsSeen().stream())
            .filter((send) -> !send.oneway())
            .count()).isEqualTo(2 * 1024 / 128);
        assertThat(sender.isAlive()).isTrue();
        sender.interrupt();
        sender.join(5_000);
        assertThat(senderFailures).singleElement().isInstanceOf(BackpressureException.class);
    }

    @Test
    void asyncSendsBatchedForHungBrokersAllFailWithinTheirTimeoutAndLeaveNothingInFlight() throws Exception {
        FakeCluster cluster = cluster();
        cluster.silentBroker("broker-a");
        cluster.silentBroker("broker-b");
        Producer producer = producer(cluster);
        assertThat(producer.writeQueues("hung")).hasSize(2);

        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        List<Long> elapsedMillis = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 200; i++) {
            long start = System.nanoTime();
            futures.add(producer
                .sendAsync(Message.of("hung", ("m" + i).getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(1))
                .whenComplete((result, failure) -> elapsedMillis.add((System.nanoTime() - start) / 1_000_000)));
        }
        for (CompletableFuture<SendResult> future : futures) {
            assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(SendFailedException.class);
        }

        assertThat(elapsedMillis).as("ms from each send to its failure, timeout 1000 ms")
            .hasSize(200)
            .allSatisfy((millis) -> assertThat(millis).isLessThanOrEqualTo(1000 + PROMISED_OVERRUN_MILLIS));
        assertThat(cluster.sendCount()).as("requests for 200 sends").isLessThan(100);
        assertThat(producer.snapshot().inFlightRequests()).isZero();
    }

    @Test
    void compressedBodiesAreHeldWhileTheirSendsAreInFlightAndAllGivenBackOnceTheyEnd() throws Exception {
        FakeCluster cluster = cluster();
        FakeBroker hung = cluster.silentBroker("broker-a");
        FakeBroker healthy = cluster.broker("broker-b", FakeBroker.stores(ResponseCodes.SUCCESS));
        Producer producer = producer(cluster);
        assertThat(producer.writeQueues("hung")).hasSize(2);
        byte[] large = "x".repeat(16 * 1024).getBytes(StandardCharsets.UTF_8);

        List<CompletableFuture<SendResult>> async = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            async.add(producer.sendAsync(Message.of("hung", large), Duration.ofSeconds(3)));
        }
        int mostHeld = 0;
        while (mostHeld == 0 && !async.stream().allMatch(CompletableFuture::isDone)) {
            mostHeld = Math.max(mostHeld, ProducerInternals.pooledBodiesHeld(producer));
            Thread.sleep(1);
        }
        assertThat(mostHeld).as("bodies held while sends to the hung broker wait").isPositive();
        for (CompletableFuture<SendResult> result : async) {
            assertThat(result.get(5, TimeUnit.SECONDS).queue().brokerName()).isEqualTo("broker-b");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(producer.send(Message.of("hung", large), Duration.ofSeconds(3)).status())
                .isEqualTo(SendStatus.SEND_OK);
        }
        for (int i = 0; i < 3; i++) {
            producer.sendOneway(Message.of("hung", large));
        }
        assertThatThrownBy(() -> producer.sendOrderly(Message.of("hung", large), (queues, message, arg) -> {
            throw new IllegalStateException("selector failed");
        }, "key")).hasMessage("selector failed");

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProducerInternals.pooledBodiesHeld(producer) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ProducerInternals.pooledBodiesHeld(producer)).isZero();
        assertThat(hung.sendsSeen()).isNotEmpty();
        assertThat(healthy.sendsSeen()).isNotEmpty();
    }

    private Producer producer(FakeCluster cluster) {
        Producer producer = Producer.builder().nameServer(cluster.nameServerAddress()).group("hung-test").build();
        producer.start();
        this.closeables.add(() -> producer.close(Duration.ZERO));
        return producer;
    }

    private FakeCluster cluster() throws IOException {
        FakeCluster cluster = new FakeCluster();
        this.closeables.add(cluster);
        return cluster;
    }

}
