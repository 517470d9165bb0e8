package io.liftoff.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.internal.remoting.LanguageCode;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;
import io.liftoff.client.internal.send.ProducerInternals;
import io.liftoff.client.testing.FakeRemotingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A fake NameServer routes to fake brokers that accept connections but never answer sends: faults a real
 * broker cannot show.
 */
class ProducerWithHungBrokerTests {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = this.closeables.size() - 1; i >= 0; i--) {
            this.closeables.get(i).close();
        }
    }

    @Test
    void aSyncSendWithAOneSecondTimeoutFailsWithinOnePointOneSecondsHavingTriedBothHungBrokers() throws Exception {
        List<String> sendsSeen = new CopyOnWriteArrayList<>();
        FakeRemotingServer hungA = broker("a", sendsSeen, false);
        FakeRemotingServer hungB = broker("b", sendsSeen, false);
        Producer producer = producer(nameServer(hungA, hungB));
        assertThat(producer.writeQueues("hung")).hasSize(2);

        long start = System.nanoTime();
        assertThatThrownBy(() -> producer.send(Message.of("hung", "x".getBytes(StandardCharsets.UTF_8)),
                Duration.ofSeconds(1)))
                .isInstanceOf(SendFailedException.class)
                .hasMessageContaining("broker-a: timeout")
                .hasMessageContaining("broker-b: timeout")
                .hasMessageContaining("1000 ms");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMillis).isLessThanOrEqualTo(1100);
        assertThat(sendsSeen).contains("a", "b");
    }

    @Test
    void aSendSucceedsOnTheOtherBrokerWithinItsTimeoutAndTheHungOneIsAvoidedAfterwards() throws Exception {
        List<String> sendsSeen = new CopyOnWriteArrayList<>();
        FakeRemotingServer hung = broker("a", sendsSeen, false);
        FakeRemotingServer healthy = broker("b", sendsSeen, true);
        Producer producer = producer(nameServer(hung, healthy));
        assertThat(producer.writeQueues("hung")).hasSize(2);

        List<SendResult> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            results.add(producer.send(Message.of("hung", "x".getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(1)));
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(results).allSatisfy((result) -> assertThat(result.queue().brokerName()).isEqualTo("broker-b"));
        assertThat(sendsSeen.stream().filter("a"::equals).count()).isEqualTo(1);
        assertThat(elapsedMillis).isLessThan(1000 + 500);
        ProducerSnapshot.BrokerState brokerA = producer.snapshot().brokers().stream()
                .filter((broker) -> broker.name().equals("broker-a")).findFirst().orElseThrow();
        assertThat(brokerA.isolated()).isTrue();
        assertThat(brokerA.lastError()).contains("timeout");
    }

    @Test
    void onewaySendsToBrokersThatConfirmNothingStopAtTheWindowOfEachBroker() throws Exception {
        List<String> sendsSeen = new CopyOnWriteArrayList<>();
        List<String> answeredSeen = new CopyOnWriteArrayList<>();
        FakeRemotingServer hungA = broker("a", sendsSeen, false, answeredSeen);
        FakeRemotingServer hungB = broker("b", sendsSeen, false, answeredSeen);
        Producer producer = Producer.builder().nameServer(nameServer(hungA, hungB).address()).group("hung-oneway")
                .sendOptions(SendOptions.builder().sendTimeout(Duration.ofSeconds(30)).build()).build();
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
        while (sendsSeen.size() < 2 * 1024 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(300);

        assertThat(sendsSeen).hasSize(2 * 1024);
        assertThat(sendsSeen.stream().filter("a"::equals).count()).isEqualTo(1024);
        assertThat(answeredSeen).hasSize(2 * 1024 / 128);
        assertThat(sender.isAlive()).isTrue();
        sender.interrupt();
        sender.join(5_000);
        assertThat(senderFailures).singleElement().isInstanceOf(BackpressureException.class);
    }

    @Test
    void asyncSendsBatchedForHungBrokersAllFailWithinTheirTimeoutAndLeaveNothingInFlight() throws Exception {
        List<String> sendsSeen = new CopyOnWriteArrayList<>();
        Producer producer = producer(nameServer(broker("a", sendsSeen, false), broker("b", sendsSeen, false)));
        assertThat(producer.writeQueues("hung")).hasSize(2);

        long start = System.nanoTime();
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(producer.sendAsync(Message.of("hung", ("m" + i).getBytes(StandardCharsets.UTF_8)),
                    Duration.ofSeconds(1)));
        }
        for (CompletableFuture<SendResult> future : futures) {
            assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(SendFailedException.class);
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMillis).isLessThan(2_000);
        assertThat(sendsSeen.size()).as("requests for 200 sends").isLessThan(100);
        assertThat(producer.snapshot().inFlightRequests()).isZero();
    }

    @Test
    void compressedBodiesAreHeldWhileTheirSendsAreInFlightAndAllGivenBackOnceTheyEnd() throws Exception {
        List<String> sendsSeen = new CopyOnWriteArrayList<>();
        FakeRemotingServer hung = broker("a", sendsSeen, false);
        FakeRemotingServer healthy = broker("b", sendsSeen, true);
        Producer producer = producer(nameServer(hung, healthy));
        assertThat(producer.writeQueues("hung")).hasSize(2);
        byte[] large = "x".repeat(16 * 1024).getBytes(StandardCharsets.UTF_8);

        List<CompletableFuture<SendResult>> async = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            async.add(producer.sendAsync(Message.of("hung", large), Duration.ofSeconds(3)));
        }
        long deadline = System.nanoTime() + Duration.ofMillis(800).toNanos();
        int mostHeld = 0;
        while (System.nanoTime() < deadline && mostHeld == 0) {
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

        deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProducerInternals.pooledBodiesHeld(producer) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ProducerInternals.pooledBodiesHeld(producer)).isZero();
        assertThat(sendsSeen).contains("a", "b");
    }

    private Producer producer(FakeRemotingServer nameServer) {
        Producer producer = Producer.builder().nameServer(nameServer.address()).group("hung-test").build();
        producer.start();
        this.closeables.add(() -> producer.close(Duration.ZERO));
        return producer;
    }

    private FakeRemotingServer broker(String name, List<String> sendsSeen, boolean answers) throws IOException {
        return broker(name, sendsSeen, answers, new CopyOnWriteArrayList<>());
    }

    private FakeRemotingServer broker(String name, List<String> sendsSeen, boolean answers,
            List<String> answeredSeen) throws IOException {
        FakeRemotingServer server = new FakeRemotingServer((request, replier) -> {
            if (request.code() == RequestCode.SEND_MESSAGE_V2 || request.code() == RequestCode.SEND_BATCH_MESSAGE) {
                sendsSeen.add(name);
                if (!request.isOneway()) {
                    answeredSeen.add(name);
                }
                if (answers) {
                    replier.send(new RemotingCommand(0, LanguageCode.JAVA, 479, request.opaque(),
                            RemotingCommand.FLAG_RESPONSE, null, Map.of("msgId", "7F00000100002A9F0000000000000000",
                                    "queueId", request.ext("e"), "queueOffset", "0"), null));
                }
            }
            else if (request.code() == RequestCode.HEART_BEAT && answers) {
                replier.send(RemotingCommand.response(0, request.opaque(), null));
            }
        });
        this.closeables.add(server);
        return server;
    }

    private FakeRemotingServer nameServer(FakeRemotingServer brokerA, FakeRemotingServer brokerB) throws IOException {
        String route = "{\"brokerDatas\":[{\"brokerAddrs\":{0:\"" + brokerA.address() + "\"},\"brokerName\":\"broker-a\","
                + "\"cluster\":\"C\"},{\"brokerAddrs\":{0:\"" + brokerB.address() + "\"},\"brokerName\":\"broker-b\","
                + "\"cluster\":\"C\"}],\"queueDatas\":[{\"brokerName\":\"broker-a\",\"perm\":6,\"readQueueNums\":1,"
                + "\"writeQueueNums\":1},{\"brokerName\":\"broker-b\",\"perm\":6,\"readQueueNums\":1,"
                + "\"writeQueueNums\":1}]}";
        FakeRemotingServer server = new FakeRemotingServer((request, replier) -> replier.send(new RemotingCommand(0,
                LanguageCode.JAVA, 479, request.opaque(), RemotingCommand.FLAG_RESPONSE, null, null,
                route.getBytes(StandardCharsets.UTF_8))));
        this.closeables.add(server);
        return server;
    }
}
