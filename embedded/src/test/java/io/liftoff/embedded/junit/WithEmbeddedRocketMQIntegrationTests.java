package io.liftoff.embedded.junit;

import io.liftoff.embedded.EmbeddedRocketMQ;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One cluster per test class, injected wherever JUnit resolves parameters, shared with
 * nested classes.
 */
@WithEmbeddedRocketMQ(topics = "orders:2")
class WithEmbeddedRocketMQIntegrationTests {

    private static EmbeddedRocketMQ fromBeforeAll;

    private final EmbeddedRocketMQ fromConstructor;

    private EmbeddedRocketMQ fromBeforeEach;

    WithEmbeddedRocketMQIntegrationTests(EmbeddedRocketMQ rocketmq) {
        this.fromConstructor = rocketmq;
    }

    @BeforeAll
    static void beforeAll(EmbeddedRocketMQ rocketmq) {
        fromBeforeAll = rocketmq;
    }

    @BeforeEach
    void beforeEach(EmbeddedRocketMQ rocketmq) {
        this.fromBeforeEach = rocketmq;
    }

    @Test
    void injectsOneStartedClusterEverywhere(EmbeddedRocketMQ rocketmq) {
        assertThat(rocketmq).isSameAs(fromBeforeAll).isSameAs(this.fromConstructor).isSameAs(this.fromBeforeEach);
        assertThat(rocketmq.isNameServerRunning()).isTrue();
        assertThat(rocketmq.brokerNames()).containsExactly("broker-a");
        assertThat(rocketmq.nameServerController().getRouteInfoManager().pickupTopicRouteData("orders").getQueueDatas())
            .singleElement()
            .satisfies((queues) -> assertThat(queues.getWriteQueueNums()).isEqualTo(2));
    }

    @Nested
    class Inner {

        @Test
        void sharesTheEnclosingClassCluster(EmbeddedRocketMQ rocketmq) {
            assertThat(rocketmq).isSameAs(fromBeforeAll);
        }

    }

}
