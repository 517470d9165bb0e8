package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import io.liftoff.client.internal.send.ProducerInternals;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * TLS against a real cluster that enforces it (NameServer and broker), with a CA made for
 * the test: what a trusted producer sends is stored (read back with the official consumer
 * over TLS), and an untrusted certificate, a host name the certificate does not name, a
 * producer without TLS and one without the client certificate a server requires are
 * refused with messages that say why.
 */
class TlsIntegrationTests {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private static EmbeddedRocketMQ rocketmq;

    @BeforeAll
    static void startCluster() {
        rocketmq = EmbeddedRocketMQ.builder().tls(true).topic("tls-modes", 2).topic("tls-misc", 2).start();
    }

    @AfterAll
    static void stopCluster() {
        rocketmq.close();
    }

    @Test
    void everySendModeOverTlsIsStoredAndTheContextFactoryIsAskedForEachNewConnection() {
        AtomicInteger contexts = new AtomicInteger();
        TlsOptions tls = TlsOptions.builder().sslContext(() -> {
            contexts.incrementAndGet();
            return rocketmq.tls().sslContext();
        }).build();
        try (Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("tls-modes")
            .tls(tls)
            .build()) {
            producer.start();
            for (int i = 0; i < 3; i++) {
                assertThat(producer.send(message("tls-modes", "sync-" + i)).status()).isEqualTo(SendStatus.SEND_OK);
            }
            List<CompletableFuture<SendResult>> async = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                async.add(producer.sendAsync(message("tls-modes", "async-" + i)));
            }
            async.forEach((future) -> assertThat(future.join().status()).isEqualTo(SendStatus.SEND_OK));
            for (int i = 0; i < 3; i++) {
                producer.sendOneway(message("tls-modes", "oneway-" + i));
            }
            assertThat(producer.sendBatch(List.of(message("tls-modes", "batch-0"), message("tls-modes", "batch-1")))
                .status()).isEqualTo(SendStatus.SEND_OK);
            // With TLS every byte goes through the SslHandler: sync callers never write
            // to
            // the socket themselves.
            assertThat(ProducerInternals.framesWrittenByCallers(producer)).isZero();
            // One NameServer connection and one broker connection.
            assertThat(contexts.get()).isEqualTo(2);
        }
        List<MessageExt> stored = StoredMessages.read(rocketmq.nameServerAddress(), "tls-modes", 11, READ_TIMEOUT,
                true);
        assertThat(stored).extracting((message) -> new String(message.getBody(), StandardCharsets.UTF_8))
            .containsExactlyInAnyOrder("sync-0", "sync-1", "sync-2", "async-0", "async-1", "async-2", "oneway-0",
                    "oneway-1", "oneway-2", "batch-0", "batch-1");
    }

    @Test
    void aNameServerReachedByHostNameIsVerifiedWithItsDnsNameAndSni() {
        String port = rocketmq.nameServerAddress().substring(rocketmq.nameServerAddress().indexOf(':') + 1);
        try (Producer producer = Producer.builder()
            .nameServer("localhost:" + port)
            .group("tls-localhost")
            .tls(TlsOptions.builder().sslContext(rocketmq.tls().sslContext()).build())
            .build()) {
            producer.start();
            assertThat(producer.send(message("tls-misc", "via localhost")).status()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    @Test
    void aCertificateFromAnUnknownCaIsRefusedAndTheMessageSaysSo() {
        try (Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("tls-untrusted")
            .tls(TlsOptions.builder().build())
            .build()) {
            producer.start();
            Throwable failure = catchThrowable(() -> producer.send(message("tls-misc", "never")));
            System.out.println("Sample (untrusted NameServer): " + failure);
            assertThat(messages(failure)).contains("TLS handshake with " + rocketmq.nameServerAddress() + " failed")
                .contains("certificate not trusted");
            TlsHandshakeException tls = find(failure, TlsHandshakeException.class);
            assertThat(tls.reason()).isEqualTo(TlsHandshakeException.Reason.CERTIFICATE_NOT_TRUSTED);
            assertThat(tls.getCause()).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
            assertThat(producer.snapshot().nameServers().get(0).lastError()).contains("certificate not trusted");
        }
    }

    @Test
    void aBrokerWithAnUntrustedCertificateIsIsolatedLikeAnyConnectFailure() {
        // The first context (the NameServer's connection) trusts the cluster's CA, the
        // next ones (the broker's) do not.
        AtomicInteger contexts = new AtomicInteger();
        SSLContext trusted = rocketmq.tls().sslContext();
        List<String> isolations = new CopyOnWriteArrayList<>();
        try (Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("tls-untrusted-broker")
            .sendOptions(SendOptions.builder().retries(0).build())
            .tls(TlsOptions.builder()
                .sslContext(() -> (contexts.getAndIncrement() == 0) ? trusted : SSLContext.getDefault())
                .build())
            .listener(new ProducerListener() {
                @Override
                public void brokerIsolated(String brokerName, java.time.Instant until, String reason) {
                    isolations.add(brokerName + ": " + reason);
                }
            })
            .build()) {
            producer.start();
            Throwable failure = catchThrowable(() -> producer.send(message("tls-misc", "never")));
            System.out.println("Sample (untrusted broker): " + failure);
            assertThat(failure).isInstanceOf(SendFailedException.class);
            String broker = rocketmq.brokerAddress("broker-a");
            assertThat(messages(failure)).contains("TLS handshake with " + broker + " failed: certificate not trusted");
            ProducerSnapshot.BrokerState state = producer.snapshot().brokers().get(0);
            assertThat(state.lastError()).contains("certificate not trusted");
            assertThat(state.isolated()).isTrue();
            assertThat(isolations).singleElement().asString().contains("broker-a").contains("certificate not trusted");
        }
    }

    @Test
    void aCertificateThatDoesNotNameTheAddressIsRefusedAndTheMessageSaysSo() {
        try (EmbeddedRocketMQ misnamed = EmbeddedRocketMQ.builder().tls(true).tlsServerNames("broker.example").start();
                Producer producer = Producer.builder()
                    .nameServer(misnamed.nameServerAddress())
                    .group("tls-misnamed")
                    .tls(TlsOptions.builder().sslContext(misnamed.tls().sslContext()).build())
                    .build()) {
            producer.start();
            Throwable failure = catchThrowable(() -> producer.send(message("tls-misc", "never")));
            System.out.println("Sample (host name mismatch): " + failure);
            assertThat(messages(failure)).contains("TLS handshake with " + misnamed.nameServerAddress() + " failed")
                .contains("host name 127.0.0.1 does not match the certificate");
            assertThat(find(failure, TlsHandshakeException.class).reason())
                .isEqualTo(TlsHandshakeException.Reason.HOST_NAME_MISMATCH);

            // Without host name verification the same certificate is accepted (its CA is
            // trusted).
            try (Producer lenient = Producer.builder()
                .nameServer(misnamed.nameServerAddress())
                .group("tls-misnamed-lenient")
                .tls(TlsOptions.builder().sslContext(misnamed.tls().sslContext()).verifyHostName(false).build())
                .build()) {
                lenient.start();
                assertThat(lenient.send(message("tls-misc", "lenient")).status()).isEqualTo(SendStatus.SEND_OK);
            }
        }
    }

    @Test
    void trustAllAcceptsAnyCertificateOnlyWhenAskedFor() {
        try (Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("tls-trust-all")
            .tls(TlsOptions.builder().insecureTrustAll().build())
            .build()) {
            producer.start();
            assertThat(producer.send(message("tls-misc", "trusting all")).status()).isEqualTo(SendStatus.SEND_OK);
        }
        assertThat(TlsOptions.builder().build().trustAll()).isFalse();
        assertThatExceptionOfType(InvalidOptionException.class)
            .isThrownBy(() -> TlsOptions.builder().insecureTrustAll().sslContext(rocketmq.tls().sslContext()).build())
            .withMessageContaining("cannot be combined");
    }

    @Test
    void aProducerWithoutTlsIsRefusedByTheEnforcingClusterWithAHint() {
        try (Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("tls-plain")
            .build()) {
            producer.start();
            Throwable failure = catchThrowable(() -> producer.send(message("tls-misc", "never")));
            System.out.println("Sample (plain producer, enforcing cluster): " + failure);
            assertThat(messages(failure)).contains("closed by the server before any answer")
                .contains("tls.server.mode=enforcing");
        }
    }

    @Test
    void tlsAgainstAClusterWithoutTlsFailsWithAHint() {
        try (EmbeddedRocketMQ plain = EmbeddedRocketMQ.builder().start();
                Producer producer = Producer.builder()
                    .nameServer(plain.nameServerAddress())
                    .group("tls-to-plain")
                    .tls(TlsOptions.builder().insecureTrustAll().build())
                    .build()) {
            producer.start();
            Throwable failure = catchThrowable(() -> producer.send(message("tls-misc", "never")));
            System.out.println("Sample (TLS producer, plain cluster): " + failure);
            assertThat(find(failure, TlsHandshakeException.class).reason())
                .isEqualTo(TlsHandshakeException.Reason.NOT_TLS);
        }
    }

    @Test
    void mutualTlsNeedsTheClientCertificateWhenTheServersRequireIt() {
        try (EmbeddedRocketMQ mutual = EmbeddedRocketMQ.builder()
            .tls(true)
            .tlsClientAuth(EmbeddedRocketMQ.TlsClientAuth.REQUIRE)
            .topic("tls-mutual", 1)
            .start()) {
            try (Producer withCertificate = Producer.builder()
                .nameServer(mutual.nameServerAddress())
                .group("tls-mutual")
                .tls(TlsOptions.builder().sslContext(mutual.tls()::clientSslContext).build())
                .build()) {
                withCertificate.start();
                assertThat(withCertificate.send(message("tls-mutual", "mutual")).status())
                    .isEqualTo(SendStatus.SEND_OK);
            }
            try (Producer withoutCertificate = Producer.builder()
                .nameServer(mutual.nameServerAddress())
                .group("tls-mutual-none")
                .tls(TlsOptions.builder().sslContext(mutual.tls().sslContext()).build())
                .build()) {
                withoutCertificate.start();
                Throwable failure = catchThrowable(() -> withoutCertificate.send(message("tls-mutual", "never")));
                System.out.println("Sample (no client certificate): " + failure);
                assertThat(find(failure, TlsHandshakeException.class)).isNotNull();
            }
        }
    }

    private static Message message(String topic, String body) {
        return Message.builder(topic).body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append(" | ");
            for (Throwable suppressed : cause.getSuppressed()) {
                all.append(messages(suppressed));
            }
        }
        return all.toString();
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                T found = findOrNull(suppressed, type);
                if (found != null) {
                    return found;
                }
            }
        }
        throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
    }

    private static <T extends Throwable> T findOrNull(Throwable failure, Class<T> type) {
        try {
            return find(failure, type);
        }
        catch (AssertionError ex) {
            return null;
        }
    }

}
