package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.liftoff.client.internal.send.ProducerInternals;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker stops in the middle of async sends that are batched under load, then comes
 * back.
 */
@WithEmbeddedRocketMQ(brokers = 2, topics = "async-failover:4")
class AsyncFailoverIntegrationTests {

    @Test
    void stoppingABrokerUnderBatchedAsyncLoadFailsNoSendAndLeavesNothingPending(EmbeddedRocketMQ rocketmq)
            throws Exception {
        List<SendResult> acknowledged = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger submitted = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Semaphore window = new Semaphore(256);
        AtomicInteger requests = new AtomicInteger();
        ProducerListener countsRequests = new ProducerListener() {
            @Override
            public void attemptFinished(AttemptEvent event) {
                requests.incrementAndGet();
            }
        };
        try (Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("async-failover")
            .listener(countsRequests)
            .build()) {
            producer.start();
            Thread sender = new Thread(() -> {
                int i = 0;
                while (running.get()) {
                    try {
                        window.acquire();
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                    submitted.incrementAndGet();
                    CompletableFuture<SendResult> future = producer
                        .sendAsync(Message.of("async-failover", ("a-" + i++).getBytes(StandardCharsets.UTF_8)));
                    future.whenComplete((result, error) -> {
                        if (error != null) {
                            failures.add(error);
                        }
                        else {
                            acknowledged.add(result);
                        }
                        window.release();
                    });
                    if (i % 64 == 0) {
                        // Bursts of 64 (batched under load), about 2,500 messages a
                        // second in all.
                        try {
                            Thread.sleep(25);
                        }
                        catch (InterruptedException ex) {
                            return;
                        }
                    }
                }
            }, "async-failover-sender");
            sender.start();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!acknowledged.stream()
                .map((result) -> result.queue().brokerName())
                .collect(Collectors.toSet())
                .containsAll(List.of("broker-a", "broker-b"))) {
                assertThat(System.nanoTime()).as("both brokers took sends before the stop").isLessThan(deadline);
                Thread.sleep(20);
            }
            rocketmq.stopBroker("broker-b");
            Thread.sleep(2000);
            rocketmq.startBroker("broker-b");
            Thread.sleep(2000);
            running.set(false);
            sender.join(10_000);
            assertThat(window.tryAcquire(256, 15, TimeUnit.SECONDS)).as("every async send completed").isTrue();
            assertThat(producer.snapshot().inFlightRequests()).isZero();
            assertThat(ProducerInternals.pooledBodiesHeld(producer)).isZero();
        }

        assertThat(failures).as("failed async sends").isEmpty();
        assertThat(acknowledged).hasSize(submitted.get());
        assertThat(requests.get()).as("requests for %d async sends: batched", submitted.get())
            .isLessThan(submitted.get());
        System.out.println(submitted.get() + " async sends, all acknowledged across the broker stop");
        List<MessageExt> stored = StoredMessages.read(rocketmq.nameServerAddress(), "async-failover",
                acknowledged.size(), Duration.ofSeconds(30));
        Set<String> storedIds = new HashSet<>();
        stored.forEach((message) -> storedIds.add(message.getMsgId()));
        System.out.println("stored " + stored.size() + " messages, " + (stored.size() - storedIds.size())
                + " of them duplicates from retried sends");
        long missing = acknowledged.stream().filter((result) -> !storedIds.contains(result.messageId())).count();
        assertThat(missing).as("acknowledged sends not in the store").isZero();
        assertThat(acknowledged).extracting((result) -> result.queue().brokerName()).contains("broker-a", "broker-b");
    }

}
