package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.liftoff.client.internal.remoting.Addresses;
import io.liftoff.client.internal.remoting.RemotingClient;
import io.liftoff.client.internal.route.NameServerClient;
import io.liftoff.client.internal.route.PublishRoute;
import io.liftoff.client.internal.route.RouteCache;
import io.liftoff.client.internal.route.RouteListener;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker stops in the middle of steady sync sends, then comes back, with default
 * producer settings.
 */
@WithEmbeddedRocketMQ(brokers = 2, topics = "failover:4")
class FailoverIntegrationTests {

    /** The least time broker-b stays stopped under sends. */
    private static final long STOPPED_NANOS = TimeUnit.SECONDS.toNanos(3);

    @Test
    void stoppingABrokerLosesNoSendAndItTakesTrafficAgainSoonAfterItIsRoutable(EmbeddedRocketMQ rocketmq)
            throws Exception {
        List<SendResult> acknowledged = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Map<String, Integer> attemptsById = new ConcurrentHashMap<>();
        AtomicLong firstSendToBAfterRestart = new AtomicLong();
        AtomicBoolean restarted = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        ProducerListener listener = new ProducerListener() {
            @Override
            public void sendFinished(SendEvent event) {
                if (event.result() != null) {
                    attemptsById.put(event.result().messageId(), event.attempts());
                }
            }
        };
        try (Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("failover")
            .listener(listener)
            .build()) {
            producer.start();
            Thread sender = new Thread(() -> {
                int i = 0;
                while (running.get()) {
                    try {
                        SendResult result = producer
                            .send(Message.of("failover", ("m-" + i++).getBytes(StandardCharsets.UTF_8)));
                        acknowledged.add(result);
                        if (restarted.get() && result.queue().brokerName().equals("broker-b")) {
                            firstSendToBAfterRestart.compareAndSet(0, System.nanoTime());
                        }
                        Thread.sleep(5);
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                    catch (RuntimeException ex) {
                        failures.add(ex);
                    }
                }
            }, "failover-sender");
            sender.start();

            awaitAcknowledged(acknowledged, "both brokers took sends before the stop",
                    (sent) -> brokersOf(sent).containsAll(List.of("broker-a", "broker-b")));
            rocketmq.stopBroker("broker-b");
            int atStop = acknowledged.size();
            long stoppedAt = System.nanoTime();
            awaitAcknowledged(acknowledged, "3 s and 50 sends while broker-b is stopped",
                    (sent) -> sent.size() - atStop >= 50 && System.nanoTime() - stoppedAt >= STOPPED_NANOS);
            rocketmq.startBroker("broker-b");
            restarted.set(true);
            long routable = awaitRoutable(rocketmq.nameServerAddress(), "broker-b");
            long deadline = routable + TimeUnit.SECONDS.toNanos(15);
            while (firstSendToBAfterRestart.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(500);
            running.set(false);
            sender.join(10_000);

            assertThat(failures).as("failed sends").isEmpty();
            assertThat(firstSendToBAfterRestart.get()).as("broker-b took traffic after restart").isPositive();
            long backAfterMillis = TimeUnit.NANOSECONDS.toMillis(firstSendToBAfterRestart.get() - routable);
            System.out.println("broker-b took traffic " + backAfterMillis + " ms after it was routable; "
                    + acknowledged.size() + " sends acknowledged");
            assertThat(backAfterMillis).isLessThanOrEqualTo(10_000);
        }

        List<MessageExt> stored = StoredMessages.read(rocketmq.nameServerAddress(), "failover", acknowledged.size(),
                Duration.ofSeconds(30));
        Map<String, Integer> copies = new HashMap<>();
        for (MessageExt message : stored) {
            copies.merge(message.getMsgId(), 1, Integer::sum);
        }
        int duplicates = 0;
        for (SendResult result : acknowledged) {
            Integer count = copies.get(result.messageId());
            assertThat(count).as("copies of acknowledged %s", result.messageId()).isNotNull();
            if (count > 1) {
                duplicates += count - 1;
                assertThat(attemptsById.get(result.messageId())).as("a duplicate comes from a retried send")
                    .isGreaterThan(1);
            }
        }
        System.out.println("stored " + stored.size() + " messages for " + acknowledged.size()
                + " acknowledged sends; duplicates from retries: " + duplicates);
        assertThat(acknowledged).extracting((result) -> result.queue().brokerName()).contains("broker-a", "broker-b");
    }

    @Test
    void anIdleProducerNoticesAStoppedBrokerThroughItsHeartbeatsAndSeesItReturn(EmbeddedRocketMQ rocketmq)
            throws Exception {
        // The first isolation's reason, as the listener heard it: a snapshot read later
        // may
        // already show the error of a probe that failed after the heartbeat.
        AtomicReference<String> firstIsolation = new AtomicReference<>();
        ProducerListener listener = new ProducerListener() {
            @Override
            public void brokerIsolated(String brokerName, Instant until, String reason) {
                if (brokerName.equals("broker-b")) {
                    firstIsolation.compareAndSet(null, reason);
                }
            }
        };
        try (Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("idle")
            .heartbeatInterval(Duration.ofMillis(300))
            .listener(listener)
            .build()) {
            producer.start();
            producer.writeQueues("failover");
            rocketmq.stopBroker("broker-b");
            try {
                awaitBroker(producer, "broker-b", true);
                assertThat(firstIsolation.get()).contains("heartbeat");
            }
            finally {
                rocketmq.startBroker("broker-b");
            }
            assertThat(awaitBroker(producer, "broker-b", false).reachable()).isTrue();
        }
    }

    /**
     * Waits until the acknowledged sends meet a condition, up to a generous bound: a busy
     * machine sends fewer a second.
     */
    private static void awaitAcknowledged(List<SendResult> acknowledged, String condition,
            Predicate<List<SendResult>> met) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!met.test(acknowledged)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Never met: " + condition + "; " + acknowledged.size()
                        + " sends acknowledged, by " + brokersOf(acknowledged));
            }
            Thread.sleep(20);
        }
    }

    private static Set<String> brokersOf(List<SendResult> sent) {
        return sent.stream().map((result) -> result.queue().brokerName()).collect(Collectors.toSet());
    }

    private static ProducerSnapshot.BrokerState awaitBroker(Producer producer, String name, boolean isolated)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        ProducerSnapshot.BrokerState state = null;
        while (System.nanoTime() < deadline) {
            state = producer.snapshot()
                .brokers()
                .stream()
                .filter((broker) -> broker.name().equals(name))
                .findFirst()
                .orElse(null);
            if (state != null && state.isolated() == isolated) {
                return state;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " never became " + (isolated ? "isolated" : "available") + "; last " + state);
    }

    private static long awaitRoutable(String nameServer, String broker) throws Exception {
        try (RemotingClient remoting = new RemotingClient(TransportOptions.defaults(), "failover-watch")) {
            java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
            try {
                RouteCache routes = new RouteCache(
                        new NameServerClient(remoting, Addresses.parseList(nameServer), 1000, Clock.systemUTC()),
                        RouteOptions.defaults(), scheduler, Clock.systemUTC(), RouteListener.NONE);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    try {
                        PublishRoute route = routes.refresh("failover").get(2, TimeUnit.SECONDS);
                        if (route.writeBrokers().contains(broker)) {
                            return System.nanoTime();
                        }
                    }
                    catch (Exception ex) {
                        // NameServer not answering yet
                    }
                    Thread.sleep(20);
                }
                throw new AssertionError(broker + " never became routable");
            }
            finally {
                scheduler.shutdownNow();
            }
        }
    }

}
