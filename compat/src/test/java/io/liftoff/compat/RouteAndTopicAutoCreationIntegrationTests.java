package io.liftoff.compat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import io.liftoff.client.Message;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.Producer;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.client.TransportOptions.HeaderFormat;
import io.liftoff.embedded.process.RocketMQProcesses;
import io.liftoff.embedded.process.StoredMessage;
import io.liftoff.embedded.process.TopicRoute;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liftoff reads each RocketMQ version's routes (both header formats), and a send to a
 * topic no broker has yet is stored through the default topic's route: the broker that
 * took it creates the topic and registers it with the NameServer.
 */
abstract class RouteAndTopicAutoCreationIntegrationTests extends ClusterTests {

    @ParameterizedTest(name = "{0} headers")
    @EnumSource(HeaderFormat.class)
    void routesAreReadAndANewTopicIsCreatedByItsFirstSend(HeaderFormat format) {
        RocketMQProcesses rocketmq = rocketmq();
        String version = version();
        String created = Producers.topic("route", version, format);
        rocketmq.createTopic(created, 3);
        String fresh = Producers.topic("auto", version, format);
        try (Producer producer = Producers.start(rocketmq, "compat-route-" + format, format)) {
            Map<String, Long> queuesPerBroker = producer.writeQueues(created)
                .stream()
                .collect(Collectors.groupingBy(MessageQueue::brokerName, Collectors.counting()));
            assertThat(queuesPerBroker).isEqualTo(Map.of("broker-a", 3L, "broker-b", 3L));

            assertThat(rocketmq.route(fresh)).isEmpty();
            SendResult result = producer.send(Message.of(fresh, "first".getBytes(StandardCharsets.UTF_8)));
            assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
            TopicRoute route = rocketmq.awaitRoute(fresh, (r) -> r.master(result.queue().brokerName()) != null,
                    Duration.ofSeconds(30));
            System.out.printf("RocketMQ %s, %s headers: new topic created on %s by its first send; route %s%n", version,
                    format, result.queue().brokerName(), route.writeQueues());
        }
        assertThat(rocketmq.read(Map.of(fresh, 1), Duration.ofSeconds(20)).of(fresh)).map(StoredMessage::text)
            .containsExactly("first");
    }

}
