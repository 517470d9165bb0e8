package io.liftoff.autoconfigure.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.liftoff.autoconfigure.StubProducer;
import io.liftoff.client.ProducerSnapshot;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The status rules and details of {@link RocketMQHealthIndicator}, on a stubbed producer
 * state.
 */
class RocketMQHealthIndicatorTests {

    private static final String BUSY_REMARK = "[TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, "
            + "period in queue: 206ms, size of queue: 5";

    private final StubProducer producer = new StubProducer();

    @Test
    void upWhenEveryKnownBrokerIsAvailable() {
        this.producer.nameServer("10.0.0.1:9876", true)
            .route("orders", 4, "broker-a", "broker-b")
            .healthyBroker("broker-a", 2)
            .healthyBroker("broker-b", 3);
        Health health = health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("group", "stub-group")
            .containsEntry("state", "RUNNING")
            .containsEntry("writableBrokers", List.of("broker-a", "broker-b"))
            .containsEntry("isolatedBrokers", List.of())
            .containsEntry("topics", 1)
            .doesNotContainKey("reason");
        assertThat(nameServers(health)).singleElement()
            .satisfies((nameServer) -> assertThat(nameServer).containsEntry("address", "10.0.0.1:9876")
                .containsEntry("reachable", true)
                .containsEntry("lastSuccess", "2026-01-02T03:04:05Z")
                .doesNotContainKey("lastError"));
        assertThat(brokers(health)).extracting((broker) -> broker.get("name")).containsExactly("broker-a", "broker-b");
        assertThat(brokers(health).get(0)).containsEntry("masterAddress", "127.0.0.1:10911")
            .containsEntry("slaveAddresses", List.of("127.0.0.1:10915"))
            .containsEntry("reachable", true)
            .containsEntry("latencyMillis", 2L)
            .containsEntry("isolated", false)
            .doesNotContainKey("isolatedUntil")
            .containsEntry("consecutiveFailures", 0)
            .containsEntry("totalFailures", 0L);
    }

    @Test
    void upWithTheIsolatedBrokersListedWhileAnotherTakesWrites() {
        this.producer.nameServer("10.0.0.1:9876", true)
            .route("orders", 4, "broker-a")
            .healthyBroker("broker-a", 2)
            .isolatedBroker("broker-b");
        Health health = health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("writableBrokers", List.of("broker-a"))
            .containsEntry("isolatedBrokers", List.of("broker-b"));
        assertThat(brokers(health).get(1)).containsEntry("name", "broker-b")
            .containsEntry("reachable", false)
            .containsEntry("isolated", true)
            .containsEntry("isolatedUntil", "2026-01-02T03:04:15Z")
            .containsEntry("consecutiveFailures", 2)
            .containsEntry("totalFailures", 5L)
            .containsEntry("lastError", "connect failed (Connection refused)");
    }

    @Test
    void upWithABrokerUnderFlowControlListedIsolatedButReachableWithItsSystemBusyAnswer() {
        this.producer.nameServer("10.0.0.1:9876", true)
            .route("orders", 4, "broker-a", "broker-b")
            .busyBroker("broker-a", BUSY_REMARK)
            .healthyBroker("broker-b", 1);
        Health health = health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("writableBrokers", List.of("broker-b"))
            .containsEntry("isolatedBrokers", List.of("broker-a"));
        assertThat(brokers(health).get(0)).containsEntry("name", "broker-a")
            .containsEntry("reachable", true)
            .containsEntry("isolated", true)
            .containsEntry("isolatedUntil", "2026-01-02T03:04:15Z")
            .containsEntry("lastError", "SYSTEM_BUSY (2) " + BUSY_REMARK);
    }

    @Test
    void downWhileATopicsOnlyBrokerIsUnderFlowControl() {
        this.producer.nameServer("10.0.0.1:9876", true)
            .route("orders", 4, "broker-a")
            .busyBroker("broker-a", BUSY_REMARK);
        Health health = health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("reason", "no broker can take writes: broker-a isolated");
        assertThat(brokers(health).get(0)).containsEntry("lastError", "SYSTEM_BUSY (2) " + BUSY_REMARK);
    }

    @Test
    void downWhenNoBrokerCanTakeWrites() {
        this.producer.nameServer("10.0.0.1:9876", true)
            .route("orders", 4, "broker-a", "broker-b")
            .isolatedBroker("broker-a")
            .isolatedBroker("broker-b");
        Health health = health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("writableBrokers", List.of())
            .containsEntry("isolatedBrokers", List.of("broker-a", "broker-b"))
            .containsEntry("reason", "no broker can take writes: broker-a, broker-b isolated");
    }

    @Test
    void downWhenNoNameServerAnsweredAndNoRouteIsCached() {
        this.producer.nameServer("10.0.0.1:9876", false).nameServer("10.0.0.2:9876", null);
        Health health = health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("reason")).startsWith("no NameServer answered within")
            .endsWith("and no route is cached");
        assertThat(nameServers(health).get(1)).containsOnlyKeys("address");
    }

    @Test
    void upWhenNoNameServerAnswersButCachedRoutesStillServe() {
        this.producer.nameServer("10.0.0.1:9876", false).route("orders", 4, "broker-a").healthyBroker("broker-a", 1);
        assertThat(health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void upBeforeTheFirstSendWhenANameServerAnswers() {
        this.producer.nameServer("10.0.0.1:9876", true);
        Health health = health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("topics", 0).containsEntry("brokers", List.of());
    }

    @Test
    void downWhenTheProducerIsNotRunning() {
        this.producer.nameServer("10.0.0.1:9876", true)
            .route("orders", 4, "broker-a")
            .healthyBroker("broker-a", 1)
            .state(ProducerSnapshot.State.CLOSED);
        Health health = health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("reason", "the producer is closed");
    }

    @Test
    void timeoutMustBePositive() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RocketMQHealthIndicator(this.producer.producer(), Duration.ZERO))
            .withMessageContaining("positive");
    }

    private Health health() {
        return new RocketMQHealthIndicator(this.producer.producer(), Duration.ofSeconds(1)).health();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> nameServers(Health health) {
        return (List<Map<String, Object>>) health.getDetails().get("nameServers");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> brokers(Health health) {
        return (List<Map<String, Object>>) health.getDetails().get("brokers");
    }

}
