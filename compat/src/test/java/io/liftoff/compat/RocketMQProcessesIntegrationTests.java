package io.liftoff.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.liftoff.embedded.process.RocketMQProcesses;
import io.liftoff.embedded.process.TopicRoute;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The out-of-process fixture itself: each version's brokers register with the NameServer
 * on loopback, and a paused broker ({@code SIGSTOP}) is stopped until resumed. Kill and
 * restart are proven by {@link BrokerCrashUnderSyncLoadIntegrationTests}.
 */
abstract class RocketMQProcessesIntegrationTests extends ClusterTests {

    @Test
    void everyBrokerIsRegisteredOnLoopbackAndAPausedBrokerIsStoppedUntilResumed() {
        RocketMQProcesses rocketmq = rocketmq();
        TopicRoute route = rocketmq.route(RocketMQProcesses.DEFAULT_TOPIC).orElseThrow();
        assertThat(route.brokerAddresses()).containsOnlyKeys("broker-a", "broker-b");
        assertThat(route.master("broker-a")).isEqualTo(rocketmq.brokerAddress("broker-a")).startsWith("127.0.0.1:");
        assertThat(route.master("broker-b")).isEqualTo(rocketmq.brokerAddress("broker-b"));

        long pid = rocketmq.pid("broker-b");
        rocketmq.pause("broker-b");
        try {
            assertThat(state(pid)).isEqualTo("T");
        }
        finally {
            rocketmq.resume("broker-b");
        }
        assertThat(state(pid)).isIn("S", "R");
        assertThat(rocketmq.pid("broker-b")).isEqualTo(pid);
    }

    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return stat.substring(end + 2, end + 3);
        }
        catch (IOException ex) {
            return "gone";
        }
    }

}
