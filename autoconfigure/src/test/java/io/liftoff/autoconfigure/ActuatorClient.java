package io.liftoff.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls an application's actuator over HTTP, as an operator's tools do, and reads the
 * JSON.
 */
public final class ActuatorClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    /**
     * Creates a client.
     * @param port the application's HTTP port
     */
    public ActuatorClient(int port) {
        this.port = port;
    }

    /**
     * GETs a path.
     * @param path for example {@code /actuator/health/rocketmq}
     * @return the response
     * @throws IOException on a transport failure
     * @throws InterruptedException when interrupted
     */
    public Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    /**
     * POSTs to a path without a body.
     * @param path for example {@code /actuator/rocketmq/refresh}
     * @return the response
     * @throws IOException on a transport failure
     * @throws InterruptedException when interrupted
     */
    public Response post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + this.port + path);
    }

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param body the body as text
     */
    public record Response(int status, String body) {

        /**
         * @return the body as JSON
         */
        public JsonNode json() {
            return JsonMapper.shared().readTree(this.body);
        }
    }

}
