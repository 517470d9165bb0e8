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
 * Starts the sample as its README does (its own application.yml, so on the embedded RocketMQ) on a random port,
 * and uses it over HTTP.
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
    void startupLogsOneSummaryLinePerSendMode(CapturedOutput output) {
        for (String mode : new String[] { "sync", "oneway", "orderly", "delayed", "async", "batch" }) {
            assertThat(output).contains("Demo burst " + mode + ": 20 of 20 sent in");
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + this.port + path);
    }
}
