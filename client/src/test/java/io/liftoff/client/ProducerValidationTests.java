package io.liftoff.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.liftoff.client.testing.FakeRemotingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every validation rule is enforced before any network I/O: a fake NameServer counts
 * connections and must see none.
 */
class ProducerValidationTests {

    private static final byte[] BODY = "x".getBytes(StandardCharsets.UTF_8);

    private static final AtomicInteger requests = new AtomicInteger();

    private static FakeRemotingServer nameServer;

    private static Producer producer;

    @BeforeAll
    static void start() throws IOException {
        nameServer = new FakeRemotingServer((request, replier) -> requests.incrementAndGet());
        producer = Producer.builder()
            .nameServer(nameServer.address())
            .group("validation")
            .sendOptions(SendOptions.builder().maxMessageSize(1024).build())
            .build();
        producer.start();
    }

    @AfterAll
    static void stop() throws IOException {
        producer.close();
        nameServer.close();
    }

    static Stream<Arguments> invalidSends() {
        return Stream.of(rule("blank topic", (p) -> p.send(Message.of(" ", BODY)), "Topic"),
                rule("topic over 127 characters", (p) -> p.send(Message.of("t".repeat(128), BODY)), "127"),
                rule("topic with illegal characters", (p) -> p.send(Message.of("a b", BODY)), "illegal characters"),
                rule("reserved default topic", (p) -> p.send(Message.of("TBW102", BODY)), "reserved"),
                rule("topic not allowed to send", (p) -> p.send(Message.of("SCHEDULE_TOPIC_XXXX", BODY)), "reserved"),
                rule("null body", (p) -> p.send(Message.builder("t").build()), "body"),
                rule("empty body", (p) -> p.send(Message.of("t", new byte[0])), "empty"),
                rule("body over the maximum size", (p) -> p.send(Message.of("t", new byte[1025])), "1024"),
                rule("reserved property name",
                        (p) -> p.send(Message.builder("t").property("UNIQ_KEY", "v").body(BODY).build()), "UNIQ_KEY"),
                rule("blank property value", (p) -> p.send(Message.builder("t").property("k", " ").body(BODY).build()),
                        "k"),
                rule("tag with ||", (p) -> p.send(Message.builder("t").tag("a||b").body(BODY).build()), "||"),
                rule("tag with a control character",
                        (p) -> p.send(Message.builder("t").tag("a\u0001").body(BODY).build()), "control"),
                rule("key with a space", (p) -> p.send(Message.builder("t").keys("a b").body(BODY).build()), "space"),
                rule("delay level out of range", (p) -> p.send(Message.builder("t").delayLevel(19).body(BODY).build()),
                        "19"),
                rule("two kinds of delay", (p) -> p
                    .send(Message.builder("t").delayLevel(2).deliveryDelay(Duration.ofSeconds(1)).body(BODY).build()),
                        "delay"),
                rule("batch mixing topics", (p) -> p.sendBatch(List.of(Message.of("a", BODY), Message.of("b", BODY))),
                        "mixes topics"),
                rule("batch with a delayed message",
                        (p) -> p.sendBatch(List.of(Message.of("a", BODY),
                                Message.builder("a").deliveryDelay(Duration.ofSeconds(5)).body(BODY).build())),
                        "delayed"),
                rule("empty batch", (p) -> p.sendBatch(List.of()), "empty"),
                rule("async send of an invalid message", (p) -> p.sendAsync(Message.of("a b", BODY)),
                        "illegal characters"),
                rule("oneway send of an invalid message", (p) -> p.sendOneway(Message.of("t", new byte[0])), "empty"),
                rule("ordered send without a key", (p) -> p.sendOrderly(Message.of("t", BODY), null), "hash key"),
                rule("non-positive send timeout", (p) -> p.send(Message.of("t", BODY), Duration.ZERO), "timeout"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSends")
    void anInvalidSendIsRejectedWithItsRuleAndNothingIsSent(String rule, Consumer<Producer> send, String naming) {
        assertThatThrownBy(() -> send.accept(producer)).isInstanceOf(InvalidMessageException.class)
            .hasMessageContaining(naming);

        // start() opens the connection to the NameServer in advance; nothing is sent on
        // it.
        assertThat(nameServer.acceptedConnections()).isLessThanOrEqualTo(1);
        assertThat(requests.get()).isZero();
        assertThat(producer.snapshot().routes()).isEmpty();
    }

    @Test
    void aProducerNeedsANameServerAndAGroupAndNamesWhatIsWrong() {
        assertThatThrownBy(() -> Producer.builder().group("g").build()).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("NameServer address is required");
        assertThatThrownBy(() -> Producer.builder().nameServer("localhost").group("g").build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'localhost'");
        assertThatThrownBy(() -> Producer.builder().nameServer("127.0.0.1:9876;127.0.0.1:99999").group("g").build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("99999");
        assertThatThrownBy(() -> Producer.builder().nameServer("127.0.0.1:9876").build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("group is required");
    }

    @Test
    void sendingBeforeStartOrAfterCloseIsRefusedClearly() {
        Producer notStarted = Producer.builder().nameServer(nameServer.address()).group("g").build();
        assertThatThrownBy(() -> notStarted.send(Message.of("t", BODY))).isInstanceOf(ProducerClosedException.class)
            .hasMessageContaining("call start()");
        notStarted.start();
        notStarted.close();
        assertThatThrownBy(() -> notStarted.send(Message.of("t", BODY))).isInstanceOf(ProducerClosedException.class)
            .hasMessageContaining("closed");
    }

    private static Arguments rule(String name, Consumer<Producer> send, String naming) {
        return Arguments.of(name, send, naming);
    }

}
