package io.liftoff.client;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No NameServer listens (a closed port): sends fail with a clear route exception, in
 * every mode.
 */
class ProducerWithoutNameServerTests {

    @Test
    void everySendModeFailsWithARouteExceptionNamingTheNameServer() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        List<ProducerListener.SendEvent> events = new CopyOnWriteArrayList<>();
        try (Producer producer = Producer.builder().nameServer(address).group("no-ns").listener(new ProducerListener() {
            @Override
            public void sendFinished(SendEvent event) {
                events.add(event);
            }
        }).build()) {
            producer.start();
            Message message = Message.of("orders", "x".getBytes(StandardCharsets.UTF_8));

            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> producer.send(message)).isInstanceOf(RouteNotFoundException.class)
                    .hasMessageContaining("orders")
                    .hasMessageContaining(address);
            }
            CompletableFuture<SendResult> async = producer.sendAsync(message);
            assertThatThrownBy(() -> async.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(RouteNotFoundException.class);
            assertThatThrownBy(() -> producer.sendOneway(message)).isInstanceOf(RouteNotFoundException.class);

            assertThat(events).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy((event) -> assertThat(event.failure()).isInstanceOf(RouteNotFoundException.class));
            assertThat(producer.snapshot().inFlightRequests()).isZero();
        }
    }

}
