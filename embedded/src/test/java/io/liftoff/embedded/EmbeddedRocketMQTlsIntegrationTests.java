package io.liftoff.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.liftoff.embedded.internal.LoopbackPorts;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.common.TlsMode;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster that enforces TLS beside plain ones in the same JVM: RocketMQ's TLS settings
 * are JVM-wide static fields, set only while the TLS cluster's servers start.
 */
class EmbeddedRocketMQTlsIntegrationTests {

    @Test
    void tlsClusterEnforcesTlsWithItsOwnCaAndLeavesPlainClustersPlain() throws Exception {
        try (EmbeddedRocketMQ before = EmbeddedRocketMQ.builder().start()) {
            // Read only now: TlsSystemConfig reads the system properties the first start
            // sets when it loads.
            TlsMode modeBefore = TlsSystemConfig.tlsMode;
            String certBefore = TlsSystemConfig.tlsServerCertPath;
            boolean testModeBefore = TlsSystemConfig.tlsTestModeEnable;
            try (EmbeddedRocketMQ tls = EmbeddedRocketMQ.builder().tls(true).start()) {
                assertThat(TlsSystemConfig.tlsMode).isEqualTo(modeBefore);
                assertThat(TlsSystemConfig.tlsServerCertPath).isEqualTo(certBefore);
                assertThat(TlsSystemConfig.tlsTestModeEnable).isEqualTo(testModeBefore);
                try (EmbeddedRocketMQ after = EmbeddedRocketMQ.builder().start()) {
                    assertThat(tls.isTlsEnforcing()).isTrue();
                    assertThat(tls.tls().serverNames()).containsExactly("127.0.0.1", "localhost");
                    // The NameServer and the broker present the cluster's certificate,
                    // valid
                    // for 127.0.0.1 (host name checked).
                    X509Certificate nameServer = handshake(tls, tls.nameServerAddress());
                    assertThat(nameServer.getSubjectAlternativeNames()).hasSize(2);
                    handshake(tls, tls.brokerAddress("broker-a"));
                    // Plain text is refused: the server closes the connection.
                    assertThat(plainConnectionClosed(tls.nameServerAddress())).isTrue();
                    // The official client with TLS sends (the broker registered over TLS)
                    // and
                    // reads back.
                    String topic = "tls-" + UUID.randomUUID().toString().substring(0, 8);
                    send(tls, topic, true);
                    List<MessageExt> read = StoredMessages.read(tls.nameServerAddress(), topic, 1,
                            Duration.ofSeconds(20), true);
                    assertThat(read).hasSize(1);
                    assertThat(new String(read.get(0).getBody(), StandardCharsets.UTF_8)).isEqualTo("over TLS");
                    // The plain clusters started before and after stay plain.
                    send(before, topic, false);
                    send(after, topic, false);
                    assertThat(StoredMessages.read(after.nameServerAddress(), topic, 1, Duration.ofSeconds(20)))
                        .hasSize(1);
                }
            }
            assertThat(TlsSystemConfig.tlsMode).isEqualTo(modeBefore);
        }
    }

    @Test
    void tlsIsOnlyAvailableWhenAskedFor() {
        EmbeddedRocketMQ plain = EmbeddedRocketMQ.builder().build();
        assertThat(plain.isTlsEnforcing()).isFalse();
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
            .isThrownBy(plain::tls)
            .withMessageContaining("tls(true)");
    }

    private static void send(EmbeddedRocketMQ rocketmq, String topic, boolean useTls) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("tls-test-" + UUID.randomUUID());
        producer.setNamesrvAddr(rocketmq.nameServerAddress());
        producer.setInstanceName(UUID.randomUUID().toString());
        producer.setUseTLS(useTls);
        producer.setSendMsgTimeout(5000);
        producer.start();
        try {
            SendResult result = producer
                .send(new Message(topic, (useTls ? "over TLS" : "plain").getBytes(StandardCharsets.UTF_8)));
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        finally {
            producer.shutdown();
        }
    }

    private static X509Certificate handshake(EmbeddedRocketMQ rocketmq, String address) throws Exception {
        String[] hostPort = address.split(":");
        try (SSLSocket socket = (SSLSocket) rocketmq.tls()
            .sslContext()
            .getSocketFactory()
            .createSocket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** Writes bytes that are not a ClientHello and tells whether the server hung up. */
    private static boolean plainConnectionClosed(String address) throws IOException {
        String[] hostPort = address.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LoopbackPorts.LOOPBACK, Integer.parseInt(hostPort[1])), 2000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(new byte[64]);
            InputStream in = socket.getInputStream();
            try {
                return in.read() == -1;
            }
            catch (java.net.SocketTimeoutException ex) {
                return false;
            }
            catch (IOException ex) {
                return true;
            }
        }
    }

}
