package io.liftoff.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test proxy in front of an echo server that notes when each byte arrived.
 */
@Timeout(30)
class BrokerProxyTests {

    private final EchoServer echo = new EchoServer();

    private BrokerProxy proxy;

    @AfterEach
    void closeAll() throws IOException {
        if (this.proxy != null) {
            this.proxy.close();
        }
        this.echo.close();
    }

    @Test
    void delayedAnswersReachTheClientLateWhileRequestsReachTheServerAtOnce() throws Exception {
        this.proxy = BrokerProxy.start("127.0.0.1:0", this.echo.address());
        try (Socket client = connect()) {
            assertThat(roundTripMillis(client, 'a')).isLessThan(300);

            this.proxy.delayAnswers(Duration.ofMillis(600), Duration.ofSeconds(10));
            long sent = System.nanoTime();
            client.getOutputStream().write('b');
            long received = this.echo.received.poll(5, TimeUnit.SECONDS);
            assertThat(client.getInputStream().read()).isEqualTo('b');
            long answered = System.nanoTime();

            assertThat(TimeUnit.NANOSECONDS.toMillis(received - sent)).as("request at the server").isLessThan(300);
            assertThat(TimeUnit.NANOSECONDS.toMillis(answered - sent)).as("answer at the client")
                .isBetween(600L, 1500L);
            assertThat(this.proxy.delayedBytes()).isEqualTo(1);
        }
    }

    @Test
    void aBlackHoleForwardsNothingKeepsTheConnectionOpenAndHealingDeliversWhatWasHeld() throws Exception {
        this.proxy = BrokerProxy.start("127.0.0.1:0", this.echo.address());
        try (Socket client = connect()) {
            assertThat(roundTripMillis(client, 'a')).isLessThan(300);

            this.proxy.blackHole();
            client.getOutputStream().write('b');
            assertThat(this.echo.received.poll(500, TimeUnit.MILLISECONDS)).as("request at the server").isNull();
            client.setSoTimeout(300);
            assertThatThrownBy(() -> client.getInputStream().read()).as("no answer, no end of stream")
                .isInstanceOf(SocketTimeoutException.class);
            assertThat(this.proxy.openConnections()).isEqualTo(1);

            this.proxy.heal();
            client.setSoTimeout(5000);
            assertThat(client.getInputStream().read()).isEqualTo('b');
            assertThat(this.echo.received.poll(1, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void closingEndsEveryConnectionAndThread() throws Exception {
        this.proxy = BrokerProxy.start("127.0.0.1:0", this.echo.address());
        try (Socket client = connect()) {
            assertThat(roundTripMillis(client, 'a')).isLessThan(300);
            this.proxy.blackHole();

            this.proxy.close();

            client.setSoTimeout(5000);
            assertThat(readOrFail(client.getInputStream())).as("end of stream or reset").isEqualTo(-1);
            assertThat(this.proxy.openConnections()).isZero();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch((thread) -> thread.isAlive()
                    && thread.getName().startsWith("broker-proxy-" + port(this.proxy.address())));
        }
    }

    private Socket connect() throws IOException {
        Socket client = new Socket();
        client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port(this.proxy.address())), 2000);
        client.setTcpNoDelay(true);
        return client;
    }

    private long roundTripMillis(Socket client, char c) throws Exception {
        long start = System.nanoTime();
        client.getOutputStream().write(c);
        assertThat(client.getInputStream().read()).isEqualTo(c);
        assertThat(this.echo.received.poll(1, TimeUnit.SECONDS)).isNotNull();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static int readOrFail(InputStream in) {
        try {
            return in.read();
        }
        catch (IOException ex) {
            return -1;
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** Echoes each byte, noting when it arrived. */
    private static final class EchoServer implements AutoCloseable {

        final BlockingQueue<Long> received = new LinkedBlockingQueue<>();

        private final ServerSocket server;

        private final Thread thread;

        EchoServer() {
            try {
                this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            this.thread = new Thread(this::serve, "echo-server");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        String address() {
            return "127.0.0.1:" + this.server.getLocalPort();
        }

        private void serve() {
            try (Socket socket = this.server.accept()) {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                for (int b = in.read(); b >= 0; b = in.read()) {
                    this.received.add(System.nanoTime());
                    socket.getOutputStream().write(b);
                }
            }
            catch (IOException ex) {
                // Closed by the test.
            }
        }

        @Override
        public void close() throws IOException {
            this.server.close();
        }

    }

}
