package io.liftoff.compat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerSnapshot.BrokerState;
import io.liftoff.client.TransportOptions.HeaderFormat;
import io.liftoff.embedded.process.RocketMQProcesses;
import io.liftoff.embedded.process.StoredMessage;
import io.liftoff.embedded.process.TopicRoute;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Controller mode on real processes (RocketMQ 5.5.x: a controller inside the NameServer,
 * broker names {@code broker-a} and {@code broker-b} with two replicas each): the master
 * of {@code broker-a} is SIGKILLed under steady sync sends, the controller promotes its
 * slave, which registers as the new master under the same broker name. Liftoff and the
 * official producer send side by side, each to a topic on {@code broker-a} only and to a
 * topic on both broker names; the figures of both are printed.
 */
class ControllerModeFailoverIntegrationTests {

    private static final String VERSION = "5.5.x";

    private static final long PERIOD_MILLIS = 50;

    /**
     * How long the official producer is given to find the new master (its route poll is
     * 30 s).
     */
    private static final Duration OFFICIAL_WINDOW = Duration.ofSeconds(40);

    @Test
    @Timeout(300)
    void aNewMasterTakesLiftoffsSendsWithinFiveSecondsOfItsRegistrationAndAnotherBrokerNameFailsNoSyncSend()
            throws Exception {
        try (RocketMQProcesses rocketmq = RocketMQProcesses.builder(CompatVersions.load(VERSION))
            .brokers(2)
            .replicas(2)
            .controllerMode(true)
            .start()) {
            String single = "failover-single";
            String spread = "failover-spread";
            rocketmq.createTopic(single, 4, "broker-a");
            rocketmq.createTopic(spread, 4);
            String oldMasterNode = rocketmq.masterNode("broker-a").orElseThrow();
            String oldMaster = rocketmq.brokerAddress(oldMasterNode);
            String newMasterNode = rocketmq.nodes("broker-a")
                .stream()
                .filter((node) -> !node.equals(oldMasterNode))
                .findFirst()
                .orElseThrow();
            String newMaster = rocketmq.brokerAddress(newMasterNode);
            assertThat(rocketmq.route(single).orElseThrow().brokerAddresses().get("broker-a"))
                .as("broker-a's master and its slave")
                .containsValues(oldMaster, newMaster);

            DefaultMQProducer official = new DefaultMQProducer("official-failover");
            official.setNamesrvAddr(rocketmq.nameServerAddress());
            official.setInstanceName("official-failover");
            official.setSendMsgTimeout(3000);
            official.start();
            long killedAt;
            long registeredAt;
            Result liftoffSingle;
            Result liftoffSpread;
            Result officialSingle;
            Result officialSpread;
            List<BrokerState> brokersAfter;
            try (Producer liftoff = Producers.start(rocketmq, "liftoff-failover", HeaderFormat.ROCKETMQ)) {
                SteadySends[] loads = { liftoffLoad(liftoff, single, "liftoff-single"),
                        liftoffLoad(liftoff, spread, "liftoff-spread"),
                        officialLoad(official, single, "official-single"),
                        officialLoad(official, spread, "official-spread") };
                try {
                    for (SteadySends load : loads) {
                        load.start();
                    }
                    TimeUnit.SECONDS.sleep(3);
                    // The controller elects only a replica in its sync state set: under
                    // load on a slow machine the slave may join it late.
                    rocketmq.awaitInSync("broker-a", Duration.ofSeconds(60));
                    killedAt = System.nanoTime();
                    rocketmq.kill(oldMasterNode);
                    TopicRoute promoted = rocketmq.awaitRoute(single,
                            (route) -> newMaster.equals(route.master("broker-a")), Duration.ofSeconds(60));
                    registeredAt = System.nanoTime();
                    assertThat(promoted.master("broker-a")).isEqualTo(newMaster);
                    long deadline = registeredAt + OFFICIAL_WINDOW.toNanos();
                    while (System.nanoTime() - deadline < 0 && (loads[0].firstAcknowledgedStartedAfter(killedAt) == null
                            || loads[2].firstAcknowledgedStartedAfter(killedAt) == null)) {
                        TimeUnit.MILLISECONDS.sleep(100);
                    }
                    TimeUnit.SECONDS.sleep(1);
                }
                finally {
                    for (SteadySends load : loads) {
                        load.close();
                    }
                }
                brokersAfter = liftoff.snapshot().brokers();
                liftoffSingle = Result.of("Liftoff", single, loads[0], killedAt, registeredAt);
                liftoffSpread = Result.of("Liftoff", spread, loads[1], killedAt, registeredAt);
                officialSingle = Result.of("official", single, loads[2], killedAt, registeredAt);
                officialSpread = Result.of("official", spread, loads[3], killedAt, registeredAt);
            }
            finally {
                official.shutdown();
            }

            System.out.printf(
                    "RocketMQ %s controller mode: master of broker-a (%s) SIGKILLed; %s registered as its new "
                            + "master %d ms later; sync sends every %d ms per client and topic%n",
                    VERSION, oldMaster, newMaster, TimeUnit.NANOSECONDS.toMillis(registeredAt - killedAt),
                    PERIOD_MILLIS);
            for (Result result : List.of(liftoffSingle, officialSingle, liftoffSpread, officialSpread)) {
                System.out.println("  " + result);
            }

            Set<String> acknowledged = new HashSet<>();
            acknowledged.addAll(liftoffSingle.acknowledged);
            acknowledged.addAll(liftoffSpread.acknowledged);
            Map<String, List<StoredMessage>> stored = rocketmq
                .read(Map.of(single, liftoffSingle.acknowledged.size() + officialSingle.acknowledged.size(), spread,
                        liftoffSpread.acknowledged.size() + officialSpread.acknowledged.size()), Duration.ofSeconds(60))
                .messages();
            Set<String> storedKeys = new HashSet<>();
            stored.values()
                .forEach((messages) -> messages.forEach((message) -> storedKeys.add(message.property("KEYS"))));
            System.out.printf("  Liftoff: %d acknowledged, %d of them read back from the new master and broker-b%n",
                    acknowledged.size(), acknowledged.stream().filter(storedKeys::contains).count());

            assertThat(liftoffSpread.failures).as("a topic with another broker name loses no sync send").isZero();
            assertThat(liftoffSingle.firstAckAfterRegistrationMillis)
                .as("Liftoff sends to the new master within 5 s of its registration")
                .isNotNull()
                .isLessThanOrEqualTo(5_000L);
            assertThat(liftoffSingle.afterRecoveryStoredOn).as("and only to it").containsExactly(newMaster);
            assertThat(storedKeys).as("every message Liftoff saw acknowledged is stored").containsAll(acknowledged);
            assertThat(brokersAfter).filteredOn((broker) -> broker.name().equals("broker-a"))
                .singleElement()
                .satisfies((broker) -> assertThat(broker.masterAddress()).isEqualTo(newMaster));
        }
    }

    private static SteadySends liftoffLoad(Producer producer, String topic, String name) {
        return new SteadySends(name, PERIOD_MILLIS,
                (key) -> storeAddress(producer
                    .send(Message.builder(topic).keys(key).body(key.getBytes(StandardCharsets.UTF_8)).build())
                    .offsetMessageId()));
    }

    private static SteadySends officialLoad(DefaultMQProducer producer, String topic, String name) {
        return new SteadySends(name, PERIOD_MILLIS, (key) -> {
            org.apache.rocketmq.common.message.Message message = new org.apache.rocketmq.common.message.Message(topic,
                    key.getBytes(StandardCharsets.UTF_8));
            message.setKeys(key);
            return storeAddress(producer.send(message).getOffsetMsgId());
        });
    }

    /**
     * The store host an offset message id names: 4 bytes of IPv4, 4 of port, 8 of offset,
     * in hex.
     */
    static String storeAddress(@Nullable String offsetMessageId) {
        if (offsetMessageId == null || offsetMessageId.length() < 16) {
            return "unknown";
        }
        long ip = Long.parseLong(offsetMessageId.substring(0, 8), 16);
        int port = Integer.parseInt(offsetMessageId.substring(8, 16), 16);
        return ((ip >> 24) & 0xff) + "." + ((ip >> 16) & 0xff) + "." + ((ip >> 8) & 0xff) + "." + (ip & 0xff) + ":"
                + port;
    }

    /** One client's figures on one topic. */
    private record Result(String client, String topic, int sends, int failures, @Nullable Long firstAckAfterKillMillis,
            @Nullable Long firstAckAfterRegistrationMillis, Set<String> afterRecoveryStoredOn,
            List<String> acknowledged, @Nullable String firstError) {

        static Result of(String client, String topic, SteadySends load, long killedAt, long registeredAt) {
            List<SteadySends.Outcome> outcomes = load.outcomes();
            List<SteadySends.Outcome> failures = load.failures();
            SteadySends.Outcome firstAfterKill = load.firstAcknowledgedStartedAfter(killedAt);
            SteadySends.Outcome firstAfterRegistration = load.firstAcknowledgedEndedAfter(registeredAt);
            Set<String> storedOn = new HashSet<>();
            outcomes.stream()
                .filter((outcome) -> outcome.error() == null && outcome.startNanos() - registeredAt >= 0)
                .forEach((outcome) -> storedOn.add(outcome.storeAddress()));
            return new Result(client, topic, outcomes.size(), failures.size(),
                    (firstAfterKill != null) ? TimeUnit.NANOSECONDS.toMillis(firstAfterKill.endNanos() - killedAt)
                            : null,
                    (firstAfterRegistration != null)
                            ? Math.max(0,
                                    TimeUnit.NANOSECONDS.toMillis(firstAfterRegistration.endNanos() - registeredAt))
                            : null,
                    storedOn, load.acknowledgedKeys(), failures.isEmpty() ? null : failures.get(0).error());
        }

        @Override
        public String toString() {
            return String.format(
                    "%-8s topic %-15s: %4d sends, %3d failed; first acknowledged send %s ms after the kill, %s ms after "
                            + "the new master's registration%s",
                    this.client, this.topic, this.sends, this.failures, this.firstAckAfterKillMillis,
                    this.firstAckAfterRegistrationMillis,
                    (this.firstError != null) ? "; first failure: " + this.firstError : "");
        }

    }

}
