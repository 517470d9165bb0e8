package io.liftoff.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.liftoff.client.ProducerListener.AttemptEvent;
import io.liftoff.client.ProducerSnapshot.BrokerState;
import io.liftoff.client.internal.remoting.RequestCode;
import io.liftoff.client.testing.BusySpell;
import io.liftoff.client.testing.FakeBroker;
import io.liftoff.client.testing.FakeBroker.SendSeen;
import io.liftoff.client.testing.FakeCluster;
import io.liftoff.client.testing.SteadyLoad;
import io.liftoff.client.testing.SteadyLoad.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow control (issue #16): a fake broker answers every send with SYSTEM_BUSY (2) and the
 * remark of a real broker's {@code BrokerFastFailure} ({@code [TIMEOUT_CLEAN_QUEUE]broker
 * busy, start flow control for a while, ...}) for 5 s, under a steady load of sync sends
 * (one thread, 10 ms apart) and async sends (100 a second), with the producer's defaults.
 * The fake broker counts the requests it gets in each second of the spell: a producer in
 * a tight retry loop would show thousands.
 */
class FlowControlWithFakeBrokerTests {

    private static final Logger logger = LoggerFactory.getLogger(FlowControlWithFakeBrokerTests.class);

    private static final String TOPIC = "flow-control";

    private static final Duration BUSY = Duration.ofSeconds(5);

    private static final Duration PACE = Duration.ofMillis(10);

    /** Sends offered a second: 100 async, and at most 100 sync. */
    private static final int OFFERED_PER_SECOND = 2 * (int) (1000 / PACE.toMillis());

    private static final Pattern MESSAGE_NAME = Pattern.compile("(?<![a-z])(a?sync)-[0-9]+");

    private static final String BUSY_ERROR = "SYSTEM_BUSY (2) [TIMEOUT_CLEAN_QUEUE]broker busy";

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
    void aBrokerBusyForFiveSecondsIsAskedOnlyInItsFirstSecondNoSendFailsAndItTakesSendsAgainWithinTenSeconds()
            throws Exception {
        BusySpell spell = new BusySpell();
        FakeBroker busy = this.cluster.broker("broker-a", spell);
        FakeBroker healthy = this.cluster.broker("broker-b", FakeBroker.stores(ResponseCodes.SUCCESS));
        Producer producer = producer(2);
        SteadyLoad load = load(producer);
        sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(busy.sendsSeen()).as("broker-a took sends before its spell").isNotEmpty();
        spell.start(BUSY);
        sleepUntil(spell.startNanos() + BUSY.toNanos() / 2);
        BrokerState duringSpell = broker(producer, "broker-a");
        assertThat(broker(producer, "broker-b").isolated()).isFalse();
        sleepUntil(spell.endNanos());
        int sendsAtEnd = busy.requestsSeen(RequestCode.SEND_MESSAGE_V2).size();
        busy.awaitRequests(RequestCode.SEND_MESSAGE_V2, sendsAtEnd + 1, Duration.ofSeconds(10));
        load.close();
        List<Outcome> outcomes = load.outcomes();
        long backNanos = firstArrivalFrom(busy, spell.endNanos());

        int[] refusedPerSecond = perSecond(spell.refusals(), spell.startNanos(), 5);
        int[] healthyPerSecond = perSecond(arrivals(healthy), spell.startNanos(), 5);
        long backAfterMillis = TimeUnit.NANOSECONDS.toMillis(backNanos - spell.endNanos());
        logger.info(
                "broker-a busy 5 s beside a healthy broker-b: requests to broker-a per second of the spell {}, "
                        + "to broker-b {}; sends {}; broker-a took sends again {} ms after the spell",
                refusedPerSecond, healthyPerSecond, summary(outcomes), backAfterMillis);

        assertThat(outcomes).as("sends made")
            .hasSizeGreaterThan(500)
            .allSatisfy((outcome) -> assertThat(outcome.failure()).as("%s", outcome.body()).isNull());
        // Its first SYSTEM_BUSY isolates broker-a for the failure isolation (10 s): only
        // the requests already on their way to it by then reach it (the sync send, and at
        // most 4 async ones before they are batched: 1 or 2 measured), all in the first
        // second, each retried on broker-b; then none until the isolation ends.
        assertThat(refusedPerSecond[0]).as("requests to broker-a in the first second").isBetween(1, 10);
        assertThat(Arrays.copyOfRange(refusedPerSecond, 1, 5)).as("requests to broker-a in seconds 2 to 5")
            .containsOnly(0);
        assertThat(this.events.failedAttempts()).hasSize(spell.refusals().size())
            .allSatisfy((attempt) -> assertThat(attempt.brokerName()).isEqualTo("broker-a"));
        assertThat(duringSpell.isolated()).isTrue();
        assertThat(duringSpell.reachable()).as("busy is not unreachable: no probes").isTrue();
        assertThat(duringSpell.lastError()).startsWith(BUSY_ERROR);
        assertThat(this.events.isolations).containsKey("broker-a");
        assertThat(this.events.isolations.get("broker-a")).startsWith(BUSY_ERROR);
        assertThat(backAfterMillis).as("broker-a takes sends again within 10 s of the spell's end")
            .isBetween(0L, 10_000L);
        assertThat(broker(producer, "broker-a").isolated()).isFalse();
    }

    @Test
    void aTopicsOnlyBrokerBusyForFiveSecondsIsAskedAtMostThreeTimesPerMessageBackingOffAndSendsFailNamingTheFlowControl()
            throws Exception {
        BusySpell spell = new BusySpell();
        FakeBroker busy = this.cluster.broker("broker-a", spell);
        Producer producer = producer(1);
        SteadyLoad load = load(producer);
        sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));
        spell.start(BUSY);
        sleepUntil(spell.startNanos() + BUSY.toNanos() / 2);
        BrokerState duringSpell = broker(producer, "broker-a");
        sleepUntil(spell.endNanos() + TimeUnit.MILLISECONDS.toNanos(500));
        load.close();
        List<Outcome> outcomes = load.outcomes();

        int[] refusedPerSecond = perSecond(spell.refusals(), spell.startNanos(), 5);
        List<Outcome> startedDuring = outcomes.stream()
            .filter((outcome) -> spell.during(outcome.startNanos()))
            .toList();
        Map<String, List<Long>> requestsByMessage = requestsByMessage(busy, spell);
        logger.info(
                "sole broker busy 5 s: requests per second of the spell {} (sends offered: {} a second); sends "
                        + "made during the spell {}; messages by the number of requests that carried them {}",
                refusedPerSecond, OFFERED_PER_SECOND, summary(startedDuring),
                requestsByMessage.values()
                    .stream()
                    .collect(Collectors.groupingBy(List::size, TreeMap::new, Collectors.counting())));

        assertThat(startedDuring).filteredOn((outcome) -> !outcome.succeeded()).hasSizeGreaterThan(100);
        assertThat(outcomes).filteredOn((outcome) -> !outcome.succeeded()).allSatisfy((outcome) -> {
            assertThat(outcome.failure()).isInstanceOf(SendFailedException.class).hasMessageContaining(BUSY_ERROR);
            assertThat(outcome.millis()).isLessThan(SendOptions.DEFAULT_SEND_TIMEOUT.toMillis());
        });
        assertThat(startedDuring).filteredOn(Outcome::succeeded).allSatisfy((outcome) -> {
            assertThat(outcome.endNanos()).isGreaterThanOrEqualTo(spell.endNanos());
            assertThat(outcome.millis()).isLessThan(SendOptions.DEFAULT_SEND_TIMEOUT.toMillis());
        });
        assertThat(outcomes).filteredOn((outcome) -> outcome.startNanos() >= spell.endNanos())
            .isNotEmpty()
            .allMatch(Outcome::succeeded);
        // No tight loop: each message is asked for at most retries + 1 times, each retry
        // after its back-off (50 ms, then 100 ms), alone or in an auto-batch.
        assertThat(requestsByMessage).hasSizeGreaterThan(100).allSatisfy((message, arrivals) -> {
            assertThat(arrivals).as(message).hasSizeLessThanOrEqualTo(SendOptions.DEFAULT_RETRIES + 1);
            for (int i = 1; i < arrivals.size(); i++) {
                assertThat(TimeUnit.NANOSECONDS.toMillis(arrivals.get(i) - arrivals.get(i - 1)))
                    .as("%s: back-off before attempt %d", message, i + 1)
                    .isGreaterThanOrEqualTo(50L << (i - 1));
            }
        });
        assertThat(Arrays.stream(refusedPerSecond).boxed()).as("requests to the busy broker in each second")
            .allSatisfy((requests) -> assertThat(requests).isBetween(1, OFFERED_PER_SECOND));
        assertThat(duringSpell.isolated()).isTrue();
        assertThat(duringSpell.lastError()).startsWith(BUSY_ERROR);
        assertThat(broker(producer, "broker-a").isolated()).as("back in rotation after a successful send").isFalse();
    }

    private SteadyLoad load(Producer producer) {
        SteadyLoad load = new SteadyLoad(producer, TOPIC, PACE);
        this.closeables.add(load);
        return load;
    }

    /**
     * The arrivals of the requests that carried each message during the spell, by the
     * message's body: a batch request carries several, each body whole in it.
     */
    private static Map<String, List<Long>> requestsByMessage(FakeBroker broker, BusySpell spell) {
        Map<String, List<Long>> arrivals = new HashMap<>();
        for (SendSeen seen : broker.sendsSeen()) {
            byte[] body = seen.request().body();
            if (body != null && spell.during(seen.arrivalNanos())) {
                Matcher names = MESSAGE_NAME.matcher(new String(body, StandardCharsets.ISO_8859_1));
                while (names.find()) {
                    arrivals.computeIfAbsent(names.group(), (name) -> new ArrayList<>()).add(seen.arrivalNanos());
                }
            }
        }
        return arrivals;
    }

    private static List<Long> arrivals(FakeBroker broker) {
        return broker.sendsSeen().stream().map(SendSeen::arrivalNanos).toList();
    }

    private static long firstArrivalFrom(FakeBroker broker, long fromNanos) {
        return arrivals(broker).stream()
            .filter((arrival) -> arrival >= fromNanos)
            .findFirst()
            .orElseThrow(() -> new AssertionError(broker.name() + " took no send within 10 s of its spell's end"));
    }

    private static int[] perSecond(List<Long> times, long fromNanos, int seconds) {
        int[] counts = new int[seconds];
        for (long time : times) {
            long second = TimeUnit.NANOSECONDS.toSeconds(time - fromNanos);
            if (time >= fromNanos && second < seconds) {
                counts[(int) second]++;
            }
        }
        return counts;
    }

    private static String summary(List<Outcome> outcomes) {
        long syncOk = outcomes.stream().filter((o) -> !o.async() && o.succeeded()).count();
        long asyncOk = outcomes.stream().filter((o) -> o.async() && o.succeeded()).count();
        long syncFailed = outcomes.stream().filter((o) -> !o.async() && !o.succeeded()).count();
        long asyncFailed = outcomes.stream().filter((o) -> o.async() && !o.succeeded()).count();
        return "sync " + syncOk + " ok / " + syncFailed + " failed, async " + asyncOk + " ok / " + asyncFailed
                + " failed";
    }

    private static void sleepUntil(long nanos) {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private Producer producer(int brokers) {
        Producer producer = Producer.builder()
            .nameServer(this.cluster.nameServerAddress())
            .group("flow-control-test")
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

    /** Records failed attempts and each broker's last isolation reason. */
    private static final class RecordingListener implements ProducerListener {

        private final List<AttemptEvent> attempts = new CopyOnWriteArrayList<>();

        private final Map<String, String> isolations = new ConcurrentHashMap<>();

        @Override
        public void attemptFinished(AttemptEvent event) {
            if (event.failure() != null) {
                this.attempts.add(event);
            }
        }

        @Override
        public void brokerIsolated(String brokerName, Instant until, String reason) {
            this.isolations.put(brokerName, reason);
        }

        List<AttemptEvent> failedAttempts() {
            return List.copyOf(this.attempts);
        }

    }

}
