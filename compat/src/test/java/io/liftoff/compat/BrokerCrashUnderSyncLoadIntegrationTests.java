package io.liftoff.compat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.client.SendResult;
import io.liftoff.client.TransportOptions.HeaderFormat;
import io.liftoff.embedded.process.RocketMQProcesses;
import io.liftoff.embedded.process.StoredMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker SIGKILLed in the middle of sync sends to a topic on two brokers fails no send
 * on any RocketMQ version: the sends meant for it are retried on the other broker. Every
 * acknowledged message is stored (read back after the broker restarted on its store).
 */
abstract class BrokerCrashUnderSyncLoadIntegrationTests extends ClusterTests {

    private static final int SENDS = 1_500;

    private static final int KILL_AFTER = 300;

    @Test
    void killingABrokerUnderSyncLoadFailsNoSend() {
        RocketMQProcesses rocketmq = rocketmq();
        String version = version();
        String topic = Producers.topic("crash", version, HeaderFormat.ROCKETMQ);
        rocketmq.createTopic(topic, 4);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> perBroker = new HashMap<>();
        Map<String, Integer> afterKill = new HashMap<>();
        List<String> acknowledged = new ArrayList<>();
        long killedAt = 0;
        try (Producer producer = Producers.start(rocketmq, "compat-crash", HeaderFormat.ROCKETMQ)) {
            for (int i = 0; i < SENDS; i++) {
                if (i == KILL_AFTER) {
                    killedAt = System.nanoTime();
                    rocketmq.kill("broker-b");
                }
                String body = "crash-" + i;
                try {
                    SendResult result = producer.send(Message.of(topic, body.getBytes(StandardCharsets.UTF_8)));
                    acknowledged.add(body);
                    perBroker.merge(result.queue().brokerName(), 1, Integer::sum);
                    if (i >= KILL_AFTER) {
                        afterKill.merge(result.queue().brokerName(), 1, Integer::sum);
                    }
                }
                catch (RuntimeException ex) {
                    failures.add(i + ": " + ex);
                }
            }
        }
        long sendMillis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        rocketmq.awaitRoute(RocketMQProcesses.DEFAULT_TOPIC, (route) -> route.master("broker-b") == null,
                Duration.ofSeconds(30));
        rocketmq.restart("broker-b");
        assertThat(rocketmq.route(topic).orElseThrow().master("broker-b"))
            .isEqualTo(rocketmq.brokerAddress("broker-b"));
        List<StoredMessage> stored = rocketmq.read(Map.of(topic, acknowledged.size()), Duration.ofSeconds(30))
            .of(topic);
        System.out.printf(
                "RocketMQ %s: broker-b SIGKILLed after %d of %d sync sends: %d failed, %d acknowledged (per broker %s; "
                        + "after the kill %s, in %d ms), %d read back after its restart%n",
                version, KILL_AFTER, SENDS, failures.size(), acknowledged.size(), perBroker, afterKill, sendMillis,
                stored.size());
        assertThat(failures).isEmpty();
        assertThat(perBroker.get("broker-b")).as("broker-b took sends before the kill").isPositive();
        assertThat(afterKill).containsOnlyKeys("broker-a");
        assertThat(stored.stream().map(StoredMessage::text)).containsAll(acknowledged);
    }

}
