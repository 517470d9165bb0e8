package io.liftoff.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.liftoff.client.ProducerListener;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import io.liftoff.spring.MessageTemplate;
import io.liftoff.spring.observation.W3CTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Health, the {@code rocketmq} endpoint, the meters and the traces of one application
 * against a real NameServer and two brokers, over HTTP as an operator sees them, while
 * brokers go down and come back. The tests run in order on one cluster and one
 * application: healthy, broker-b stopped, both stopped, both restarted. Stored messages
 * are read back with the official RocketMQ consumer.
 */
@WithEmbeddedRocketMQ(brokers = 2, topics = "orders:4")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIntegrationTests {

    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-01");

    private static final W3CTracing tracing = new W3CTracing();

    private static ConfigurableApplicationContext context;

    private static ActuatorClient actuator;

    private static MessageTemplate template;

    private static MeterRegistry meters;

    private static EventCounts events;

    @BeforeAll
    static void startApplication(EmbeddedRocketMQ rocketmq) {
        context = new SpringApplicationBuilder(Application.class).web(WebApplicationType.SERVLET)
            .run("--server.port=0", "--rocketmq.name-server=" + rocketmq.nameServerAddress(),
                    "--rocketmq.producer.group=observability-it",
                    // Generous budgets: a cold broker's first write on a busy 2-core
                    // machine may take seconds, and
                    // a slow attempt retried elsewhere would add attempts the test does
                    // not expect.
                    "--rocketmq.producer.send-message-timeout=15s", "--rocketmq.producer.attempt-timeout=5s",
                    // A send to a stopped broker must find it in the cached route: no
                    // background refresh in between.
                    "--rocketmq.producer.route.refresh-interval=10m",
                    "--management.endpoints.web.exposure.include=health,rocketmq,metrics",
                    "--management.endpoint.health.show-details=always");
        actuator = new ActuatorClient(((WebServerApplicationContext) context).getWebServer().getPort());
        template = context.getBean(MessageTemplate.class);
        meters = context.getBean(MeterRegistry.class);
        events = context.getBean(EventCounts.class);
        // Look the route up before the first send (a NameServer request, no message).
        template.getProducer().writeQueues("orders");
    }

    @AfterAll
    static void closeApplication() {
        if (context != null) {
            context.close();
        }
        tracing.close();
    }

    @Test
    @Order(1)
    void healthyClusterIsUpAndEachSendIsMeteredObservedAndTraced(EmbeddedRocketMQ rocketmq) throws Exception {
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(template.send("orders:created", "order-" + i));
        }
        CompletableFuture<SendResult> async1 = template.sendAsync("orders", "async-1");
        CompletableFuture<SendResult> async2 = template.sendAsync("orders", "async-2", Duration.ofSeconds(5));
        results.add(async1.get());
        results.add(async2.get());
        results.add(template.sendOrderly("orders", "orderly", "order-7"));
        results.add(template.sendBatch("orders", List.of("batch-1", "batch-2")));
        assertThat(results).extracting(SendResult::status).containsOnly(SendStatus.SEND_OK);

        JsonNode health = awaitHealth(200, Duration.ofSeconds(5));
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(strings(health.at("/details/writableBrokers"))).containsExactly("broker-a", "broker-b");
        assertThat(strings(health.at("/details/isolatedBrokers"))).isEmpty();
        assertThat(health.at("/details/nameServers/0/address").asString()).isEqualTo(rocketmq.nameServerAddress());
        assertThat(health.at("/details/nameServers/0/reachable").asBoolean()).isTrue();

        // Meters: 8 sends (the batch is one), 8 successful attempts, none failed.
        assertThat(sends("success")).isEqualTo(8);
        assertThat(attempts("success")).isEqualTo(8);
        assertThat(attempts("failure")).isZero();
        assertThat(events.sends.get()).isEqualTo(8);
        assertThat(events.attempts.get()).isEqualTo(8);
        assertThat(meters.get("rocketmq.producer.send")
            .tags("topic", "orders", "mode", "async", "outcome", "success", "status", "SEND_OK")
            .timers()
            .stream()
            .mapToLong(Timer::count)
            .sum()).isEqualTo(2);
        assertThat(meters.get("rocketmq.producer.send").tag("mode", "batch").timer().count()).isEqualTo(1);
        assertThat(meters.get("rocketmq.producer.message.size").tag("topic", "orders").summary().count()).isEqualTo(8);
        ActuatorClient.Response metric = actuator.get("/actuator/metrics/rocketmq.producer.send");
        assertThat(metric.status()).isEqualTo(200);
        assertThat(metric.json().get("availableTags").valueStream().map((tag) -> tag.get("tag").asString()))
            .containsExactlyInAnyOrder("topic", "broker", "mode", "outcome", "status");

        // Observations and spans: one per send; every stored message carries its send's
        // traceparent.
        TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
            .hasNumberOfObservationsWithNameEqualTo("rocketmq.send", 8);
        List<SpanData> spans = tracing.finishedSpans()
            .stream()
            .filter((span) -> span.getKind() == SpanKind.PRODUCER)
            .toList();
        assertThat(spans).hasSize(8).extracting(SpanData::getName).containsOnly("orders send");
        Set<String> traceparents = new HashSet<>();
        spans.forEach((span) -> traceparents.add(W3CTracing.traceparent(span)));
        assertThat(traceparents).hasSize(8);
        List<MessageExt> stored = StoredMessages.read(rocketmq.nameServerAddress(), "orders", 9,
                Duration.ofSeconds(20));
        assertThat(stored).hasSize(9)
            .allSatisfy((message) -> assertThat(message.getUserProperty("traceparent")).matches(TRACEPARENT)
                .isIn(traceparents));
        assertThat(stored.stream()
            .filter((message) -> StoredMessages.text(message).startsWith("batch-"))
            .map((message) -> message.getUserProperty("traceparent"))
            .distinct()).hasSize(1);

        // The endpoint: configuration, routes, fault table, sends in flight, per-queue
        // counts, refresh.
        JsonNode endpoint = actuator.get("/actuator/rocketmq").json();
        assertThat(endpoint.at("/producer/group").asString()).isEqualTo("observability-it");
        assertThat(endpoint.at("/configuration/group").asString()).isEqualTo("observability-it");
        assertThat(strings(endpoint.at("/routes/orders/brokers"))).containsExactly("broker-a", "broker-b");
        assertThat(endpoint.at("/routes/orders/writeQueues").asInt()).isEqualTo(8);
        assertThat(endpoint.get("brokers")
            .valueStream()
            .map((broker) -> broker.get("name").asString() + " " + broker.get("isolated").asBoolean()))
            .containsExactly("broker-a false", "broker-b false");
        assertThat(endpoint.at("/inFlight/requests").asLong()).isZero();
        JsonNode orders = actuator.get("/actuator/rocketmq/orders").json();
        assertThat(orders.get("queues")).hasSize(8);
        assertThat(orders.get("queues").valueStream().mapToLong((queue) -> queue.get("sent").asLong()).sum())
            .isEqualTo(8);
        assertThat(actuator.get("/actuator/rocketmq/no-such-topic").status()).isEqualTo(404);
        ActuatorClient.Response refresh = actuator.post("/actuator/rocketmq/refresh");
        assertThat(refresh.status()).isEqualTo(200);
        assertThat(refresh.json().get("refreshed").asBoolean()).isTrue();
        assertThat(refresh.json().at("/routes/orders/writeQueues").asInt()).isEqualTo(8);
        assertThat(actuator.post("/actuator/rocketmq/purge").status()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void withBrokerBStoppedSendsFailOverAndHealthShowsItIsolatedButUp(EmbeddedRocketMQ rocketmq) throws Exception {
        rocketmq.stopBroker("broker-b");
        double sendsBefore = sends("success");
        double successfulAttemptsBefore = attempts("success");
        double failedAttemptsBefore = attempts("failure");
        double brokerBFailuresBefore = brokerBFailures();
        int attemptEventsBefore = events.attempts.get();
        for (int i = 0; i < 10; i++) {
            assertThat(template.send("orders", "failover-" + i).status()).isEqualTo(SendStatus.SEND_OK);
        }

        double sends = sends("success") - sendsBefore;
        double successfulAttempts = attempts("success") - successfulAttemptsBefore;
        double failedAttempts = attempts("failure") - failedAttemptsBefore;
        assertThat(sends).isEqualTo(10);
        assertThat(successfulAttempts).isEqualTo(10);
        assertThat(failedAttempts).isPositive();
        assertThat(successfulAttempts + failedAttempts).isEqualTo(events.attempts.get() - attemptEventsBefore)
            .isGreaterThan(sends);
        assertThat(brokerBFailures() - brokerBFailuresBefore).isEqualTo(failedAttempts);
        assertThat(meters.get("rocketmq.producer.broker.isolated").tag("broker", "broker-b").gauge().value())
            .isEqualTo(1);

        JsonNode health = awaitHealth(200, Duration.ofSeconds(5));
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(strings(health.at("/details/isolatedBrokers"))).containsExactly("broker-b");
        assertThat(strings(health.at("/details/writableBrokers"))).containsExactly("broker-a");
        JsonNode brokerB = broker(health.at("/details/brokers"), "broker-b");
        assertThat(brokerB.get("isolated").asBoolean()).isTrue();
        assertThat(brokerB.get("reachable").asBoolean()).isFalse();
        assertThat(brokerB.get("isolatedUntil").asString()).isNotBlank();
        assertThat(brokerB.get("lastError").asString()).isNotBlank();

        JsonNode faults = actuator.get("/actuator/rocketmq").json().get("brokers");
        assertThat(broker(faults, "broker-b").get("totalFailures").asLong())
            .isGreaterThanOrEqualTo((long) failedAttempts);
        assertThat(broker(faults, "broker-a").get("isolated").asBoolean()).isFalse();
    }

    @Test
    @Order(3)
    void withBothBrokersStoppedHealthIsDown(EmbeddedRocketMQ rocketmq) throws Exception {
        rocketmq.stopBroker("broker-a");
        double failedBefore = sends("failure");
        for (int i = 0; i < 3; i++) {
            assertThatException().isThrownBy(() -> template.send("orders", "lost", Duration.ofSeconds(2)));
        }
        assertThat(sends("failure") - failedBefore).isEqualTo(3);

        JsonNode health = awaitHealth(503, Duration.ofSeconds(5));
        assertThat(health.get("status").asString()).isEqualTo("DOWN");
        assertThat(strings(health.at("/details/writableBrokers"))).isEmpty();
        assertThat(health.at("/details/reason").asString()).startsWith("no broker can take writes");
        assertThat(actuator.get("/actuator/health").status()).isEqualTo(503);
    }

    @Test
    @Order(4)
    void afterBothBrokersRestartHealthIsUpWithin15Seconds(EmbeddedRocketMQ rocketmq) throws Exception {
        rocketmq.startBroker("broker-a");
        rocketmq.startBroker("broker-b");
        long restarted = System.nanoTime();
        JsonNode health = awaitHealth(200, Duration.ofSeconds(15));
        Duration recovery = Duration.ofNanos(System.nanoTime() - restarted);
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(recovery).isLessThan(Duration.ofSeconds(15));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos() - (System.nanoTime() - restarted);
        while (!strings(health.at("/details/isolatedBrokers")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            health = actuator.get("/actuator/health/rocketmq").json();
        }
        assertThat(strings(health.at("/details/isolatedBrokers"))).isEmpty();
        assertThat(template.send("orders", "back").status()).isEqualTo(SendStatus.SEND_OK);
    }

    /**
     * Polls {@code /actuator/health/rocketmq} until it answers with the HTTP status, at
     * most for the wait.
     */
    private static JsonNode awaitHealth(int status, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        ActuatorClient.Response response = actuator.get("/actuator/health/rocketmq");
        while (response.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = actuator.get("/actuator/health/rocketmq");
        }
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response.json();
    }

    private static double sends(String outcome) {
        return meters.find("rocketmq.producer.send")
            .tags("topic", "orders", "outcome", outcome)
            .timers()
            .stream()
            .mapToLong(Timer::count)
            .sum();
    }

    private static double brokerBFailures() {
        return meters.find("rocketmq.producer.attempts")
            .tags("topic", "orders", "broker", "broker-b", "outcome", "failure")
            .counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum();
    }

    private static double attempts(String outcome) {
        return meters.find("rocketmq.producer.attempts")
            .tags("topic", "orders", "outcome", outcome)
            .counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum();
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    private static JsonNode broker(JsonNode brokers, String name) {
        return brokers.valueStream()
            .filter((broker) -> broker.get("name").asString().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no broker " + name + " in " + brokers));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        TestObservationRegistry observationRegistry() {
            return tracing.install(TestObservationRegistry.create());
        }

        @Bean
        EventCounts eventCounts() {
            return new EventCounts();
        }

    }

    /** Counts the producer's events, to check the meters against. */
    static class EventCounts implements ProducerListener {

        final AtomicInteger sends = new AtomicInteger();

        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public void sendFinished(SendEvent event) {
            this.sends.incrementAndGet();
        }

        @Override
        public void attemptFinished(AttemptEvent event) {
            this.attempts.incrementAndGet();
        }

    }

}
