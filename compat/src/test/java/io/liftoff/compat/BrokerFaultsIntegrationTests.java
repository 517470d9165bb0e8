package io.liftoff.compat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerListener;
import io.liftoff.client.RouteOptions;
import io.liftoff.compat.SharedClusters.Clusters;
import io.liftoff.embedded.process.RocketMQProcesses;
import io.liftoff.embedded.process.StoredMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brokers that crash or hang, as real processes do (RocketMQ 5.5.x, a NameServer and two
 * brokers as child JVMs, shared with the version suite through {@link SharedClusters}):
 * broker-b SIGKILLed under mixed sync, async and oneway load and restarted on its store;
 * broker-b stopped by SIGSTOP (its connections stay open, nothing answers) and continued.
 * Each test prints its counts; what was acknowledged is read back with the official
 * consumer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedClusters.class)
class BrokerFaultsIntegrationTests {

    private static final String VERSION = "5.5.x";

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(3);

    /**
     * How long the NameServer stays dead: four of the producer's route refreshes (every 5
     * s in the test) fail meanwhile.
     */
    private static final int NAME_SERVER_DOWN_SECONDS = 20;

    private RocketMQProcesses rocketmq;

    @BeforeAll
    void start(Clusters clusters) {
        // The version suite's cluster of this version, when it still runs: one start
        // fewer in CI. Every test here brings what it kills or stops back.
        this.rocketmq = clusters.of(VERSION);
    }

    @Test
    @Timeout(180)
    void aBrokerKilledUnderMixedLoadLosesNoAcknowledgedMessageAndTakesSendsSoonAfterItIsBack() throws Exception {
        String topic = "faults-crash";
        this.rocketmq.createTopic(topic, 4);
        String brokerB = this.rocketmq.brokerAddress("broker-b");
        Attempts attempts = new Attempts();
        List<SteadySends> sync = new ArrayList<>();
        Map<String, CompletableFuture<?>> async = new ConcurrentHashMap<>();
        Set<String> asyncAcknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger asyncFailed = new AtomicInteger();
        AtomicInteger oneway = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        long killedAt;
        long routableAt;
        long backAfterMillis;
        int incomplete;
        try (Producer producer = producer("faults-crash", attempts)) {
            for (int t = 0; t < 4; t++) {
                sync.add(new SteadySends("sync-" + t, 10, (key) -> ControllerModeFailoverIntegrationTests
                    .storeAddress(producer.send(message(topic, key)).offsetMessageId())).start());
            }
            Thread asyncStream = new Thread(() -> {
                Semaphore window = new Semaphore(256);
                for (int i = 0; running.get(); i++) {
                    String key = "async-" + i;
                    try {
                        if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                            continue;
                        }
                        CompletableFuture<?> sent = producer.sendAsync(message(topic, key)).whenComplete((r, e) -> {
                            window.release();
                            if (e == null) {
                                asyncAcknowledged.add(key);
                            }
                            else {
                                asyncFailed.incrementAndGet();
                            }
                        });
                        async.put(key, sent);
                        // About 2,000 a second: a stream, not a flood that the read-back
                        // would drown in.
                        if (i % 2 == 1) {
                            sleep(1);
                        }
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                }
            }, "async-stream");
            Thread onewayStream = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    producer.sendOneway(message(topic, "oneway-" + i));
                    oneway.incrementAndGet();
                    sleep(10);
                }
            }, "oneway-stream");
            asyncStream.start();
            onewayStream.start();
            TimeUnit.SECONDS.sleep(3);
            killedAt = System.nanoTime();
            this.rocketmq.kill("broker-b");
            TimeUnit.SECONDS.sleep(3);
            this.rocketmq.restart("broker-b");
            routableAt = System.nanoTime();
            backAfterMillis = awaitStoredOn(sync, brokerB, routableAt);
            TimeUnit.SECONDS.sleep(1);
            running.set(false);
            for (SteadySends load : sync) {
                load.close();
            }
            asyncStream.join(30_000);
            onewayStream.join(30_000);
            CompletableFuture.allOf(async.values().toArray(new CompletableFuture<?>[0]))
                .handle((r, e) -> null)
                .get(SEND_TIMEOUT.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            incomplete = (int) async.values().stream().filter((future) -> !future.isDone()).count();
        }

        List<String> syncAcknowledged = new ArrayList<>();
        int syncFailed = 0;
        for (SteadySends load : sync) {
            syncAcknowledged.addAll(load.acknowledgedKeys());
            syncFailed += load.failures().size();
        }
        Map<String, Integer> stored = storedKeys(topic, syncAcknowledged.size() + asyncAcknowledged.size());
        List<String> missing = new ArrayList<>();
        for (String key : syncAcknowledged) {
            if (!stored.containsKey(key)) {
                missing.add(key);
            }
        }
        for (String key : asyncAcknowledged) {
            if (!stored.containsKey(key)) {
                missing.add(key);
            }
        }
        long duplicates = stored.values().stream().filter((count) -> count > 1).count();
        long detected = attempts.firstFailureOn("broker-b", killedAt);
        int afterDetection = attempts.failedOn("broker-b", detected + TimeUnit.MILLISECONDS.toNanos(1), routableAt);
        System.out.printf(
                "RocketMQ %s, broker-b SIGKILLed under mixed load and restarted: sync %d acknowledged, %d failed; async "
                        + "%d acknowledged, %d failed, %d incomplete; oneway %d sent, %d stored; acknowledged missing "
                        + "from the store: %d; keys stored twice: %d (retries of sends whose answer was lost in the "
                        + "crash); failed attempts on broker-b after the first: %d; broker-b took sync sends %d ms "
                        + "after it was routable%n",
                VERSION, syncAcknowledged.size(), syncFailed, asyncAcknowledged.size(), asyncFailed.get(), incomplete,
                oneway.get(), stored.keySet().stream().filter((key) -> key.startsWith("oneway-")).count(),
                missing.size(), duplicates, afterDetection, backAfterMillis);

        assertThat(syncFailed).as("sync sends failed after retries").isZero();
        assertThat(asyncFailed.get()).as("async sends failed").isZero();
        assertThat(incomplete).as("async futures left incomplete").isZero();
        assertThat(missing).as("acknowledged messages missing from the store").isEmpty();
        assertThat(afterDetection).as("failed attempts on the dead broker after it was detected")
            .isLessThanOrEqualTo(1);
        assertThat(backAfterMillis).as("ms until broker-b took sends after it was routable").isBetween(0L, 10_000L);
    }

    @Test
    @Timeout(180)
    void aHungBrokerIsIsolatedWithinOneTimeoutEverySendEndsByItsDeadlineAndItReturnsAfterItContinues()
            throws Exception {
        String topic = "faults-hang";
        this.rocketmq.createTopic(topic, 4);
        String brokerB = this.rocketmq.brokerAddress("broker-b");
        List<SteadySends> sync = new ArrayList<>();
        long pausedAt;
        long resumedAt;
        long isolatedAfterMillis = -1;
        long backAfterMillis;
        try (Producer producer = producer("faults-hang", new Attempts())) {
            for (int t = 0; t < 4; t++) {
                sync.add(new SteadySends("hang-" + t, 10, (key) -> ControllerModeFailoverIntegrationTests
                    .storeAddress(producer.send(message(topic, key)).offsetMessageId())).start());
            }
            TimeUnit.SECONDS.sleep(2);
            pausedAt = System.nanoTime();
            this.rocketmq.pause("broker-b");
            try {
                long pauseEnd = pausedAt + TimeUnit.SECONDS.toNanos(8);
                while (System.nanoTime() < pauseEnd) {
                    if (isolatedAfterMillis < 0 && isolated(producer, "broker-b")) {
                        isolatedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
                    }
                    TimeUnit.MILLISECONDS.sleep(20);
                }
            }
            finally {
                this.rocketmq.resume("broker-b");
            }
            resumedAt = System.nanoTime();
            backAfterMillis = awaitStoredOn(sync, brokerB, resumedAt);
            for (SteadySends load : sync) {
                load.close();
            }
        }

        List<SteadySends.Outcome> outcomes = new ArrayList<>();
        sync.forEach((load) -> outcomes.addAll(load.outcomes()));
        long slowest = outcomes.stream().mapToLong((o) -> o.endNanos() - o.startNanos()).max().orElse(0);
        long failed = outcomes.stream().filter((o) -> o.error() != null).count();
        List<String> acknowledged = new ArrayList<>();
        sync.forEach((load) -> acknowledged.addAll(load.acknowledgedKeys()));
        Map<String, Integer> stored = storedKeys(topic, acknowledged.size());
        long duplicates = stored.values().stream().filter((count) -> count > 1).count();
        System.out.printf(
                "RocketMQ %s, broker-b stopped (SIGSTOP) for 8 s under 4 threads of sync sends: %d sends, %d failed, "
                        + "slowest %d ms (timeout %d ms); broker-b isolated %d ms after it stopped, took sends again "
                        + "%d ms after SIGCONT; %d acknowledged, %d read back, keys stored twice: %d (requests the "
                        + "stopped broker stored when it continued, after they had been retried elsewhere)%n",
                VERSION, outcomes.size(), failed, TimeUnit.NANOSECONDS.toMillis(slowest), SEND_TIMEOUT.toMillis(),
                isolatedAfterMillis, backAfterMillis, acknowledged.size(),
                acknowledged.stream().filter(stored::containsKey).count(), duplicates);

        assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).as("every send ends by its timeout + 100 ms")
            .isLessThanOrEqualTo(SEND_TIMEOUT.toMillis() + 100);
        assertThat(isolatedAfterMillis).as("isolated within one timeout").isBetween(0L, SEND_TIMEOUT.toMillis());
        assertThat(backAfterMillis).as("back in rotation within 10 s of SIGCONT").isBetween(0L, 10_000L);
        assertThat(acknowledged).allMatch(stored::containsKey);
    }

    @Test
    @Timeout(180)
    void withTheNameServerGoneCachedTopicsLoseNoSendANewTopicFailsNamingItAndRoutesReturnWithoutARestart()
            throws Exception {
        String cached = "faults-cached";
        this.rocketmq.createTopic(cached, 4);
        String nameServer = this.rocketmq.nameServerAddress();
        List<SteadySends> sync = new ArrayList<>();
        long unknownMillis;
        String unknownError = null;
        long routesBackMillis = -1;
        long newTopicMillis = -1;
        int refreshFailuresWhileDown;
        Producer producer = Producer.builder()
            .nameServer(nameServer)
            .group("faults-nameserver")
            .instanceName("faults-nameserver")
            .routeOptions(RouteOptions.builder().refreshInterval(Duration.ofSeconds(5)).build())
            .build();
        AtomicInteger refreshFailures = new AtomicInteger();
        try (producer) {
            producer.start();
            for (int t = 0; t < 2; t++) {
                sync.add(new SteadySends("cached-" + t, 10, (key) -> ControllerModeFailoverIntegrationTests
                    .storeAddress(producer.send(message(cached, key)).offsetMessageId())).start());
            }
            TimeUnit.SECONDS.sleep(2);
            this.rocketmq.killNameServer();
            long killedAt = System.nanoTime();
            long start = System.nanoTime();
            try {
                producer.send(message("faults-never-seen", "unknown"));
            }
            catch (RuntimeException ex) {
                unknownError = ex.getMessage();
            }
            unknownMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Four background refreshes (every 5 s) fail while it is gone.
            while (System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(NAME_SERVER_DOWN_SECONDS)) {
                if (producer.snapshot()
                    .nameServers()
                    .stream()
                    .anyMatch((state) -> Boolean.FALSE.equals(state.reachable()))) {
                    refreshFailures.set(1);
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            refreshFailuresWhileDown = refreshFailures.get();
            this.rocketmq.restartNameServer();
            long restartedAt = System.nanoTime();
            long deadline = restartedAt + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && newTopicMillis < 0) {
                try {
                    producer.send(message("faults-after-restart", "after"));
                    newTopicMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
                }
                catch (RuntimeException ex) {
                    TimeUnit.MILLISECONDS.sleep(500);
                }
            }
            producer.refreshRoutes().get(10, TimeUnit.SECONDS);
            routesBackMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
            for (SteadySends load : sync) {
                load.close();
            }
        }
        long sends = sync.stream().mapToLong((load) -> load.outcomes().size()).sum();
        long failed = sync.stream().mapToLong((load) -> load.failures().size()).sum();
        System.out.printf(
                "RocketMQ %s, the NameServer SIGKILLed for %d s under sync sends to a cached topic (routes refreshed "
                        + "every 5 s): %d sends, %d failed; a never-seen topic failed after %d ms: %s; after the "
                        + "NameServer restarted empty, a new topic took a send after %d ms and every route refreshed "
                        + "after %d ms, without a producer restart%n",
                VERSION, NAME_SERVER_DOWN_SECONDS, sends, failed, unknownMillis, unknownError, newTopicMillis,
                routesBackMillis);

        assertThat(failed).as("sends to the cached topic that failed").isZero();
        assertThat(refreshFailuresWhileDown).as("the producer saw the NameServer unreachable").isOne();
        assertThat(unknownError).as("the never-seen topic's failure")
            .isNotNull()
            .contains("faults-never-seen", nameServer);
        assertThat(unknownMillis).as("it fails within its timeout").isLessThanOrEqualTo(SEND_TIMEOUT.toMillis() + 100);
        assertThat(newTopicMillis).as("a new topic is routed again after the restart").isBetween(0L, 60_000L);
    }

    /**
     * Waits up to 30 s for a sync send started after a time to be stored on a broker.
     * @return the ms from that time to its acknowledgement, or -1
     */
    private static long awaitStoredOn(List<SteadySends> loads, String address, long sinceNanos)
            throws InterruptedException {
        long deadline = sinceNanos + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (SteadySends load : loads) {
                SteadySends.Outcome back = load.outcomes()
                    .stream()
                    .filter((outcome) -> address.equals(outcome.storeAddress())
                            && outcome.startNanos() - sinceNanos >= 0)
                    .findFirst()
                    .orElse(null);
                if (back != null) {
                    return TimeUnit.NANOSECONDS.toMillis(back.endNanos() - sinceNanos);
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return -1;
    }

    private Producer producer(String group, ProducerListener listener) {
        Producer producer = Producer.builder()
            .nameServer(this.rocketmq.nameServerAddress())
            .group(group)
            .instanceName(group)
            .listener(listener)
            .build();
        producer.start();
        return producer;
    }

    private Map<String, Integer> storedKeys(String topic, int expected) {
        Map<String, Integer> stored = new HashMap<>();
        for (StoredMessage message : this.rocketmq.read(Map.of(topic, expected), Duration.ofSeconds(120)).of(topic)) {
            stored.merge(message.property("KEYS"), 1, Integer::sum);
        }
        return stored;
    }

    private static boolean isolated(Producer producer, String broker) {
        return producer.snapshot()
            .brokers()
            .stream()
            .anyMatch((state) -> state.name().equals(broker) && state.isolated());
    }

    private static Message message(String topic, String key) {
        return Message.builder(topic).keys(key).body(key.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every attempt's end, broker and outcome. */
    private static final class Attempts implements ProducerListener {

        private final List<long[]> failures = new CopyOnWriteArrayList<>();

        private final Map<String, Integer> brokerIds = new ConcurrentHashMap<>();

        private final AtomicLong ignored = new AtomicLong();

        @Override
        public void attemptFinished(AttemptEvent event) {
            if (event.failure() != null) {
                int id = this.brokerIds.computeIfAbsent(event.brokerName(), (name) -> this.brokerIds.size());
                long end = System.nanoTime();
                this.failures.add(new long[] { id, end - event.durationNanos(), end });
            }
            else {
                this.ignored.incrementAndGet();
            }
        }

        /** The end of the first failed attempt on a broker that started after a time. */
        long firstFailureOn(String broker, long sinceNanos) {
            Integer id = this.brokerIds.get(broker);
            return this.failures.stream()
                .filter((f) -> id != null && f[0] == id && f[1] - sinceNanos >= 0)
                .mapToLong((f) -> f[2])
                .min()
                .orElse(Long.MAX_VALUE);
        }

        /** Failed attempts on a broker that started in a window. */
        int failedOn(String broker, long fromNanos, long toNanos) {
            Integer id = this.brokerIds.get(broker);
            Set<Long> starts = new HashSet<>();
            this.failures.stream()
                .filter((f) -> id != null && f[0] == id && f[1] - fromNanos >= 0 && toNanos - f[1] > 0)
                .forEach((f) -> starts.add(f[1]));
            return starts.size();
        }

    }

}
