package io.liftoff.autoconfigure.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.liftoff.autoconfigure.RocketMQProperties;
import io.liftoff.autoconfigure.StubProducer;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.ProducerListener.SendEvent;
import io.liftoff.client.RouteNotFoundException;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What the {@code rocketmq} endpoint shows and does, on a stubbed producer state. */
class RocketMQEndpointTests {

    private final StubProducer producer = new StubProducer().nameServer("10.0.0.1:9876", true)
        .route("orders", 2, "broker-a", "broker-b")
        .healthyBroker("broker-a", 4)
        .isolatedBroker("broker-b")
        .inFlight(2, 300);

    private final RocketMQProperties properties = new RocketMQProperties();

    private final QueueSendCounts counts = new QueueSendCounts();

    private final RocketMQEndpoint endpoint = new RocketMQEndpoint(this.producer.producer(), this.properties,
            List.of("10.0.0.1:9876"), true, this.counts, Duration.ofSeconds(1));

    @Test
    void readShowsTheProducerItsConfigurationRoutesFaultTableAndSendsInFlight() {
        this.properties.getProducer().setGroup("orders-service");
        Map<String, Object> body = this.endpoint.rocketmq();
        assertThat(body).containsOnlyKeys("producer", "configuration", "nameServers", "routes", "brokers", "inFlight");
        assertThat(map(body, "producer")).containsEntry("group", "stub-group").containsEntry("state", "RUNNING");
        assertThat(map(body, "configuration")).containsEntry("group", "orders-service")
            .containsEntry("nameServers", List.of("10.0.0.1:9876"))
            .containsEntry("sendMessageTimeout", "PT3S")
            .containsEntry("source", "rocketmq.* properties")
            .doesNotContainKeys("accessKey", "secretKey");
        assertThat(map(map(body, "routes"), "orders")).containsEntry("brokers", List.of("broker-a", "broker-b"))
            .containsEntry("writeQueues", 4)
            .containsEntry("queues", List.of("broker-a#0", "broker-a#1", "broker-b#0", "broker-b#1"))
            .containsEntry("fromDefaultTopic", false)
            .containsEntry("lastRefresh", "2026-01-02T03:04:05Z");
        assertThat(list(body, "brokers")).extracting((broker) -> broker.get("name") + " " + broker.get("isolated"))
            .containsExactly("broker-a false", "broker-b true");
        assertThat(map(body, "inFlight")).containsEntry("requests", 2L).containsEntry("bytes", 300L);
    }

    @Test
    void credentialsAreMasked() {
        this.properties.getProducer().setAccessKey("AK-visible-nowhere");
        this.properties.getProducer().setSecretKey("very-secret-value");
        Map<String, Object> configuration = map(this.endpoint.rocketmq(), "configuration");
        assertThat(configuration).containsEntry("accessKey", "******").containsEntry("secretKey", "******");
        assertThat(JsonMapper.shared().writeValueAsString(this.endpoint.rocketmq())).doesNotContain("very-secret-value",
                "AK-visible-nowhere");
    }

    @Test
    void topicShowsItsRouteAndSendsPerQueue() {
        sent("broker-a", 1);
        sent("broker-a", 1);
        sent("broker-c", 0);
        Map<String, Object> body = this.endpoint.topic("orders");
        assertThat(body).containsEntry("topic", "orders").containsKey("route").containsEntry("failed", 0L);
        assertThat(list(body, "queues"))
            .extracting((queue) -> queue.get("broker") + "#" + queue.get("queueId") + " " + queue.get("inRoute") + " "
                    + queue.get("sent") + " " + queue.get("sentLastMinute"))
            .containsExactly("broker-a#0 true 0 0", "broker-a#1 true 2 2", "broker-b#0 true 0 0", "broker-b#1 true 0 0",
                    "broker-c#0 false 1 1");
    }

    @Test
    void anUnknownTopicIsNotFound() {
        assertThat(this.endpoint.topic("payments")).isNull();
    }

    @Test
    void refreshRefreshesTheRoutes() {
        Map<String, Object> body = this.endpoint.refresh("refresh");
        assertThat(this.producer.refreshes()).isEqualTo(1);
        assertThat(body).containsEntry("refreshed", true)
            .containsKeys("durationMillis", "routes")
            .doesNotContainKey("error");
        assertThat(map(body, "routes")).containsKey("orders");
    }

    @Test
    void aFailedRefreshSaysWhy() {
        this.producer.refresh(CompletableFuture.failedFuture(
                new RouteNotFoundException("orders", "No route for topic 'orders': no NameServer answered", null)));
        assertThat(this.endpoint.refresh("refresh")).containsEntry("refreshed", false)
            .containsEntry("error", "No route for topic 'orders': no NameServer answered");
        this.producer.refresh(new CompletableFuture<>());
        assertThat(this.endpoint.refresh("refresh")).containsEntry("refreshed", false)
            .containsEntry("error", "no outcome within 1000 ms");
    }

    @Test
    void anotherWriteOperationIsABadRequest() {
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> this.endpoint.refresh("delete"))
            .withMessageContaining("/actuator/rocketmq/refresh");
        assertThat(this.producer.refreshes()).isZero();
    }

    private void sent(String broker, int queueId) {
        this.counts
            .sendFinished(new SendEvent("orders", broker, SendMode.SYNC, 1, 1, 10, new SendResult(SendStatus.SEND_OK,
                    "id", "offset", new MessageQueue("orders", broker, queueId), 1, null, null), null));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> body, String key) {
        return (Map<String, Object>) body.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> body, String key) {
        return (List<Map<String, Object>>) body.get(key);
    }

}
