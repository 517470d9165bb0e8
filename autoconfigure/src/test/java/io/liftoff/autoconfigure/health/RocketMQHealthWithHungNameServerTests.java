package io.liftoff.autoconfigure.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.liftoff.autoconfigure.RocketMQAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health check with a hung NameServer: a fake server that accepts connections and
 * reads requests forever without ever answering. The check must return within its
 * timeout, report the NameServer unreachable, and be {@code DOWN} (no NameServer
 * answered, no route cached), each time it runs.
 */
class RocketMQHealthWithHungNameServerTests {

    private ServerSocket server;

    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    private Thread acceptor;

    @BeforeEach
    void startHungNameServer() throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptAndReadForever, "hung-nameserver");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    @AfterEach
    void stopHungNameServer() throws IOException {
        this.server.close();
        for (Socket socket : this.accepted) {
            socket.close();
        }
    }

    @Test
    void healthAnswersWithinItsTimeoutAndIsDown() {
        String hung = "127.0.0.1:" + this.server.getLocalPort();
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RocketMQAutoConfiguration.class,
                    RocketMQHealthContributorAutoConfiguration.class))
            .withPropertyValues("rocketmq.name-server=" + hung, "rocketmq.producer.group=hung-test",
                    "rocketmq.health.timeout=1s")
            .run((context) -> {
                HealthIndicator indicator = context.getBean("rocketmqHealthIndicator", HealthIndicator.class);
                for (int check = 0; check < 3; check++) {
                    long start = System.nanoTime();
                    Health health = indicator.health();
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertThat(took).as("check %d", check).isLessThan(Duration.ofSeconds(1));
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("reason",
                            "no NameServer answered within 900 ms and no route is cached");
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> nameServers = (List<Map<String, Object>>) health.getDetails()
                        .get("nameServers");
                    assertThat(nameServers).singleElement()
                        .satisfies((nameServer) -> assertThat(nameServer).containsEntry("address", hung)
                            .containsEntry("reachable", false)
                            .containsKey("lastError"));
                }
                assertThat(this.accepted).as("the fake NameServer was asked").isNotEmpty();
            });
    }

    private void acceptAndReadForever() {
        while (!this.server.isClosed()) {
            try {
                Socket socket = this.server.accept();
                this.accepted.add(socket);
                Thread reader = new Thread(() -> readForever(socket), "hung-nameserver-reader");
                reader.setDaemon(true);
                reader.start();
            }
            catch (IOException ex) {
                return;
            }
        }
    }

    private static void readForever(Socket socket) {
        byte[] buffer = new byte[4096];
        try (InputStream in = socket.getInputStream()) {
            while (in.read(buffer) >= 0) {
                // Never answer.
            }
        }
        catch (IOException ex) {
            // Closed by the test.
        }
    }

}
