package io.liftoff.samples.quickstart;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample as {@code docs/getting-started.md} does (its own application.yml, so
 * on the embedded RocketMQ) on a random port, and uses it over HTTP.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "quickstart.demo.burst-size=20")
class QuickstartApplicationTests {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper jsonMapper;

    @Test
    void postOrderAnswersWithTheSendResult() throws Exception {
        HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/orders"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"o-42\",\"customer\":\"ada\",\"amount\":12.50}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = this.jsonMapper.readTree(response.body());
        assertThat(body.get("orderId").asString()).isEqualTo("o-42");
        assertThat(body.get("status").asString()).isEqualTo("SEND_OK");
        assertThat(body.get("messageId").asString()).isNotBlank();
        assertThat(body.get("queue").asString()).startsWith("orders@broker-a#");
    }

    @Test
    void healthIsUpOnTheSamePort() throws Exception {
        HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(this.jsonMapper.readTree(response.body()).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void rocketmqHealthShowsTheNameServerAndTheBroker() throws Exception {
        HttpResponse<String> response = get("/actuator/health/rocketmq");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = this.jsonMapper.readTree(response.body());
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.at("/details/group").asString()).isEqualTo("quickstart");
        assertThat(health.at("/details/nameServers/0/reachable").asBoolean()).isTrue();
        assertThat(health.at("/details/brokers/0/name").asString()).isEqualTo("broker-a");
        assertThat(health.at("/details/brokers/0/isolated").asBoolean()).isFalse();
        assertThat(health.at("/details/isolatedBrokers")).isEmpty();
    }

    @Test
    void rocketmqEndpointShowsRoutesAndTheFaultTableAndRefreshes() throws Exception {
        HttpResponse<String> response = get("/actuator/rocketmq");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode endpoint = this.jsonMapper.readTree(response.body());
        assertThat(endpoint.at("/producer/state").asString()).isEqualTo("RUNNING");
        assertThat(endpoint.at("/configuration/group").asString()).isEqualTo("quickstart");
        assertThat(endpoint.at("/routes/orders/brokers/0").asString()).isEqualTo("broker-a");
        assertThat(endpoint.at("/routes/orders/writeQueues").asInt()).isEqualTo(4);
        assertThat(endpoint.at("/brokers/0/name").asString()).isEqualTo("broker-a");
        JsonNode orders = this.jsonMapper.readTree(get("/actuator/rocketmq/orders").body());
        assertThat(orders.get("queues")).hasSize(4);
        assertThat(orders.get("queues").valueStream().mapToLong((queue) -> queue.get("sent").asLong()).sum())
            .isPositive();
        HttpResponse<String> refresh = this.http.send(HttpRequest.newBuilder(uri("/actuator/rocketmq/refresh"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(this.jsonMapper.readTree(refresh.body()).get("refreshed").asBoolean()).isTrue();
    }

    @Test
    void sendsAreMetered() throws Exception {
        HttpResponse<String> response = get("/actuator/metrics/rocketmq.producer.send?tag=topic:orders&tag=mode:sync");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode metric = this.jsonMapper.readTree(response.body());
        assertThat(metric.at("/measurements/0/statistic").asString()).isEqualTo("COUNT");
        assertThat(metric.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void startupLogsOneSummaryLinePerSendMode(CapturedOutput output) {
        for (String mode : new String[] { "sync", "oneway", "orderly", "delayed", "async", "batch" }) {
            assertThat(output).contains("Demo burst " + mode + ": 20 of 20 sent in");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return this.http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + this.port + path);
    }

}
