package io.liftoff.compat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerSnapshot.BrokerState;
import io.liftoff.client.SendResult;
import io.liftoff.client.TransportOptions.HeaderFormat;
import io.liftoff.embedded.process.RocketMQProcesses;
import io.liftoff.embedded.process.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Master-slave groups with fixed roles on real RocketMQ 4.9.7 processes (the version most
 * production master-slave clusters run): {@code broker-a} and {@code broker-b}, each a
 * master ({@code -0}, broker id 0) and a slave ({@code -1}, broker id 1). Liftoff writes
 * to masters only, skips a dead master's queues without failing a send, never writes to
 * its slave, and takes the master back when it returns.
 */
class MasterSlaveGroupsIntegrationTests {

    private static final String VERSION = "4.9.7";

    @Test
    @Timeout(240)
    void sendsGoToMastersOnlyAndADeadMastersQueuesAreSkippedUntilItReturns() throws Exception {
        try (RocketMQProcesses rocketmq = RocketMQProcesses.builder(CompatVersions.load(VERSION))
            .brokers(2)
            .replicas(2)
            .start()) {
            String topic = "master-slave";
            rocketmq.createTopic(topic, 4);
            Set<String> masters = Set.of(rocketmq.brokerAddress("broker-a-0"), rocketmq.brokerAddress("broker-b-0"));
            Set<String> slaves = Set.of(rocketmq.brokerAddress("broker-a-1"), rocketmq.brokerAddress("broker-b-1"));
            List<String> acknowledged = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            Map<String, Integer> before = new HashMap<>();
            Map<String, Integer> whileDead = new HashMap<>();
            Map<String, Integer> afterReturn = new HashMap<>();
            List<BrokerState> brokers;
            long backMillis;
            try (Producer producer = Producers.start(rocketmq, "compat-master-slave", HeaderFormat.ROCKETMQ)) {
                send(producer, topic, "before", 200, before, acknowledged, failures);
                brokers = producer.snapshot().brokers();

                rocketmq.kill("broker-a-0");
                send(producer, topic, "dead", 200, whileDead, acknowledged, failures);

                rocketmq.restart("broker-a-0");
                long restarted = System.nanoTime();
                long deadline = restarted + TimeUnit.SECONDS.toNanos(30);
                int round = 0;
                while (!afterReturn.containsKey(rocketmq.brokerAddress("broker-a-0")) && System.nanoTime() < deadline) {
                    send(producer, topic, "back-" + (round++), 10, afterReturn, acknowledged, failures);
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                backMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
            }
            List<StoredMessage> stored = rocketmq.read(Map.of(topic, acknowledged.size()), Duration.ofSeconds(60))
                .of(topic);
            Set<String> storedBodies = new HashSet<>();
            stored.forEach((message) -> storedBodies.add(message.text()));
            System.out.printf(
                    "RocketMQ %s master-slave: stored on (address: sends) before the kill %s, with broker-a's master "
                            + "dead %s, after its restart %s (broker-a back in %d ms); slaves %s; %d failed, "
                            + "%d acknowledged, %d read back%n",
                    VERSION, before, whileDead, afterReturn, backMillis, slaves, failures.size(), acknowledged.size(),
                    acknowledged.stream().filter(storedBodies::contains).count());

            assertThat(failures).isEmpty();
            assertThat(before.keySet()).as("both masters, no slave").containsExactlyInAnyOrderElementsOf(masters);
            assertThat(whileDead.keySet()).containsExactly(rocketmq.brokerAddress("broker-b-0"));
            assertThat(afterReturn).containsKey(rocketmq.brokerAddress("broker-a-0"));
            assertThat(afterReturn.keySet()).doesNotContainAnyElementsOf(slaves);
            assertThat(storedBodies).containsAll(acknowledged);
            assertThat(brokers).extracting(BrokerState::name).containsExactly("broker-a", "broker-b");
            assertThat(brokers).allSatisfy((broker) -> {
                assertThat(broker.masterAddress()).isEqualTo(rocketmq.brokerAddress(broker.name() + "-0"));
                assertThat(broker.slaveAddresses()).containsExactly(rocketmq.brokerAddress(broker.name() + "-1"));
            });
        }
    }

    private static void send(Producer producer, String topic, String prefix, int count, Map<String, Integer> storedOn,
            List<String> acknowledged, List<String> failures) {
        for (int i = 0; i < count; i++) {
            String body = prefix + "-" + i;
            try {
                SendResult result = producer.send(Message.of(topic, body.getBytes(StandardCharsets.UTF_8)));
                acknowledged.add(body);
                storedOn.merge(ControllerModeFailoverIntegrationTests.storeAddress(result.offsetMessageId()), 1,
                        Integer::sum);
            }
            catch (RuntimeException ex) {
                failures.add(body + ": " + ex);
            }
        }
    }

}
