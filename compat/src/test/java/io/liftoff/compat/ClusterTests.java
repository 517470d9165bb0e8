package io.liftoff.compat;

import io.liftoff.compat.SharedClusters.Clusters;
import io.liftoff.embedded.process.RocketMQProcesses;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of each concern of the version suite: a concern is an abstract class named for
 * what it proves, and {@link RocketMQVersionsIntegrationTests} runs it against each
 * version as a nested class that names the version.
 */
abstract class ClusterTests {

    private RocketMQProcesses rocketmq;

    /**
     * @return the RocketMQ version the concern runs against
     */
    abstract String version();

    @BeforeEach
    void cluster(Clusters clusters) {
        this.rocketmq = clusters.of(version());
    }

    /**
     * @return the version's running cluster: a NameServer and two brokers
     */
    RocketMQProcesses rocketmq() {
        return this.rocketmq;
    }

}
