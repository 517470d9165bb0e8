package io.liftoff.compat;

import io.liftoff.compat.SharedClusters.Clusters;
import io.liftoff.embedded.process.RocketMQProcesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

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
    void cluster(Clusters clusters, TestInfo test) {
        // Surefire's reports name the nested class and method, not the version: say it
        // here.
        System.out.printf("RocketMQ %s: %s %s%n", version(), getClass().getSimpleName(), test.getDisplayName());
        this.rocketmq = clusters.of(version());
    }

    /**
     * @return the version's running cluster: a NameServer and two brokers
     */
    RocketMQProcesses rocketmq() {
        return this.rocketmq;
    }

}
