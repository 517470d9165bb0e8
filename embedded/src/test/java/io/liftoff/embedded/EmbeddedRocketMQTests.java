package io.liftoff.embedded;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Builder validation and state checks; nothing is started.
 */
class EmbeddedRocketMQTests {

    @Test
    void namesBrokersInOrder() {
        assertThat(EmbeddedRocketMQ.builder().build().brokerNames()).containsExactly("broker-a");
        assertThat(EmbeddedRocketMQ.builder().brokers(3).build().brokerNames()).containsExactly("broker-a", "broker-b",
                "broker-c");
    }

    @Test
    void rejectsInvalidSettings() {
        EmbeddedRocketMQ.Builder builder = EmbeddedRocketMQ.builder();
        assertThatThrownBy(() -> builder.brokers(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.brokers(27)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.topic("bad topic", 4)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bad topic");
        assertThatThrownBy(() -> builder.topic("t".repeat(128), 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.topic("orders", 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("orders");
        assertThatThrownBy(() -> builder.topicOnBrokers("orders", 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        builder.topic("orders", 4);
        assertThatThrownBy(() -> builder.topic("orders", 2)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("already");
    }

    @Test
    void rejectsTopicOnUnknownBroker() {
        EmbeddedRocketMQ.Builder builder = EmbeddedRocketMQ.builder().brokers(2).topicOnBrokers("audit", 1, "broker-c");
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("broker-c");
    }

    @Test
    void acceptsOnlyAnIpv4LoopbackListenHostForAKnownBroker() {
        EmbeddedRocketMQ.Builder builder = EmbeddedRocketMQ.builder().brokers(2);
        for (String host : new String[] { "10.0.0.1", "::1", "localhost", "127.0.0", "0.0.0.0" }) {
            assertThatThrownBy(() -> builder.brokerListenHost("broker-a", host))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + host + "'");
        }
        builder.brokerListenHost("broker-b", "127.0.0.2");
        builder.brokerListenHost("broker-c", "127.0.0.3");
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("broker-c");
    }

    @Test
    void refusesOperationsBeforeStart() {
        EmbeddedRocketMQ rocketmq = EmbeddedRocketMQ.builder().build();
        assertThatThrownBy(rocketmq::nameServerAddress).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("start()");
        assertThatThrownBy(() -> rocketmq.stopBroker("broker-a")).isInstanceOf(IllegalStateException.class);
        assertThat(rocketmq.isNameServerRunning()).isFalse();
        rocketmq.close();
        rocketmq.close();
    }

}
