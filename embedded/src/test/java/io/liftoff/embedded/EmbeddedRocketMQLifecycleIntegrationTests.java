package io.liftoff.embedded;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Starts and closes clusters: what a started cluster shows, what
 * {@link EmbeddedRocketMQ#close()} leaves behind, start failures. Start-up time is
 * logged, not asserted: a shared machine makes it vary too much for a bound.
 */
class EmbeddedRocketMQLifecycleIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRocketMQLifecycleIntegrationTests.class);

    @Test
    void startsWithItsTopicsRoutedAndCloseLeavesNoDirectoryAndNoThreads(@TempDir Path base) throws Exception {
        Path rocketmqLogs = Paths.get(System.getProperty("user.home"), "logs", "rocketmqlogs");
        boolean rocketmqLogsExisted = Files.exists(rocketmqLogs);
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();

        long started = System.nanoTime();
        EmbeddedRocketMQ rocketmq = EmbeddedRocketMQ.builder()
            .brokers(2)
            .topic("orders", 4)
            .autoCreateTopic(false)
            .baseDirectory(base)
            .start();
        long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        log.info("NameServer + 2 brokers started, route of 'orders' visible, in {} ms", startMillis);

        Path directory = rocketmq.directory();
        try {
            assertThat(directory).isDirectory().startsWith(base);
            assertThat(directory.resolve("broker-a/store/commitlog")).isDirectory();
            var routes = rocketmq.nameServerController().getRouteInfoManager();
            assertThat(routes.pickupTopicRouteData("orders").getQueueDatas()).extracting(QueueData::getBrokerName)
                .containsExactlyInAnyOrder("broker-a", "broker-b");
            assertThat(routes.pickupTopicRouteData("TBW102")).as("no default topic without auto-creation").isNull();
        }
        finally {
            long closing = System.nanoTime();
            rocketmq.close();
            log.info("Closed in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing));
        }

        assertThat(directory).doesNotExist();
        assertThat(rocketmq.isNameServerRunning()).isFalse();
        assertThat(rocketmq.isBrokerRunning("broker-a")).isFalse();
        rocketmq.close();
        log.info("Non-daemon threads still alive right after close: {}",
                leftoverNonDaemonThreads(threadsBefore, Duration.ZERO));
        assertThat(leftoverNonDaemonThreads(threadsBefore, Duration.ofSeconds(10))).isEmpty();
        if (!rocketmqLogsExisted) {
            assertThat(rocketmqLogs).as("RocketMQ must not log under user.home").doesNotExist();
        }
        assertThatThrownBy(rocketmq::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBrokerMovedToAnotherLoopbackAddressListensThereRegistersItsUsualAddressAndRestartsWhileAProxyHoldsIt(
            @TempDir Path base) throws Exception {
        try (EmbeddedRocketMQ rocketmq = EmbeddedRocketMQ.builder()
            .topic("orders", 2)
            .brokerListenHost("broker-a", "127.0.0.2")
            .baseDirectory(base)
            .start()) {
            String advertised = rocketmq.brokerAddress("broker-a");
            int port = Integer.parseInt(advertised.substring(advertised.indexOf(':') + 1));
            assertThat(rocketmq.brokerListenAddress("broker-a")).isEqualTo("127.0.0.2:" + port);
            assertThat(rocketmq.nameServerController()
                .getRouteInfoManager()
                .pickupTopicRouteData("orders")
                .getBrokerDatas()
                .get(0)
                .getBrokerAddrs()).containsEntry(0L, advertised);
            assertConnects("127.0.0.2", port);
            assertConnects("127.0.0.2", port - 2);
            // Where a test proxy would listen: nobody does yet, so it can be taken, and
            // the broker restarts while it is held.
            try (ServerSocket proxy = new ServerSocket()) {
                proxy.setReuseAddress(true);
                proxy.bind(new InetSocketAddress("127.0.0.1", port));
                rocketmq.stopBroker("broker-a");
                rocketmq.startBroker("broker-a");
                assertConnects("127.0.0.2", port);
            }
        }
    }

    private static void assertConnects(String host, int port) throws Exception {
        try (Socket socket = new Socket(host, port)) {
            assertThat(socket.isConnected()).as("connected to %s:%d", host, port).isTrue();
        }
    }

    @Test
    void failedStartShutsDownWhatStartedAndDeletesTheDirectory(@TempDir Path base) throws Exception {
        EmbeddedRocketMQ rocketmq = EmbeddedRocketMQ.builder()
            .brokers(2)
            .baseDirectory(base)
            .brokerCustomizer((name, brokerConfig, storeConfig) -> {
                if (name.equals("broker-b")) {
                    throw new IllegalStateException("no broker-b today");
                }
            })
            .build();

        assertThatThrownBy(rocketmq::start).isInstanceOf(EmbeddedRocketMQException.class)
            .hasMessageContaining("broker-b")
            .hasRootCauseMessage("no broker-b today");

        try (Stream<Path> left = Files.list(base)) {
            assertThat(left).isEmpty();
        }
        assertThat(rocketmq.isNameServerRunning()).isFalse();
    }

    /**
     * Non-daemon threads started since {@code before} that are still alive after waiting
     * up to {@code timeout}.
     */
    private static Set<String> leftoverNonDaemonThreads(Set<Thread> before, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> left = new TreeSet<>();
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (!before.contains(thread) && thread.isAlive() && !thread.isDaemon()) {
                    left.add(thread.getName());
                }
            }
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            Thread.sleep(100);
        }
    }

}
