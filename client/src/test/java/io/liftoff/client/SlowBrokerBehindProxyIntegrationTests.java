package io.liftoff.client;

import java.time.Duration;

import io.liftoff.client.testing.BrokerProxy;
import io.liftoff.client.testing.KeyedLoad;
import io.liftoff.client.testing.KeyedLoad.Tally;
import io.liftoff.embedded.EmbeddedRocketMQ;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker that stalls but answers, as one stuck in its put lock: a real two-broker
 * cluster in which clients reach broker-a only through a {@link BrokerProxy} (a test
 * proxy; the broker listens on 127.0.0.2 and registers 127.0.0.1, where the proxy
 * listens). Under steady load (3 threads of sync sends, an async stream with up to 256 in
 * flight, every message with its own key), the proxy holds each byte of broker-a's
 * answers back by 1.5 s for 5 s, while requests reach it at once: every message sent
 * there is stored, only its answer is late, well within the 3 s send timeout. The same
 * scenario runs with Liftoff and with the official {@code DefaultMQProducer}, both with
 * default settings, each on its own topic, and the topics are read back with the official
 * consumer.
 *
 * <p>
 * A send that gives up on the slow broker and resends elsewhere stores its message twice.
 * The official client waits for its first attempt as long as the whole send timeout, so
 * it stores (next to) no duplicate here; Liftoff must not store more. No slack: a client
 * that waits for a broker that answers within the send timeout has no reason to resend,
 * and one resend of an auto-batch can duplicate many keys at once, so a slack would hide
 * exactly what this test looks for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class SlowBrokerBehindProxyIntegrationTests {

    private static final Duration STALL = Duration.ofMillis(1500);

    private static final Duration STALL_PERIOD = Duration.ofSeconds(5);

    private static final Duration LOAD_BEFORE_STALL = Duration.ofMillis(1500);

    private static final Duration LOAD_AFTER_STALL = Duration.ofSeconds(3);

    private static final long DUPLICATE_SLACK = 0;

    private EmbeddedRocketMQ rocketmq;

    private BrokerProxy proxy;

    @BeforeAll
    void start() throws Exception {
        this.rocketmq = EmbeddedRocketMQ.builder()
            .brokers(2)
            .topic("slow-liftoff", 4)
            .topic("slow-official", 4)
            .brokerListenHost("broker-a", "127.0.0.2")
            .start();
        this.proxy = BrokerProxy.start(this.rocketmq.brokerAddress("broker-a"),
                this.rocketmq.brokerListenAddress("broker-a"));
    }

    @AfterAll
    void stop() {
        if (this.proxy != null) {
            this.proxy.close();
        }
        if (this.rocketmq != null) {
            this.rocketmq.close();
        }
    }

    @Test
    void aBrokerAnsweringLateLosesNoAcknowledgedMessageAndLiftoffStoresNoMoreDuplicatesThanTheOfficialClient()
            throws Exception {
        String nameServer = this.rocketmq.nameServerAddress();
        KeyedLoad liftoffLoad;
        try (Producer producer = Producer.builder().nameServer(nameServer).group("slow-liftoff").build()) {
            producer.start();
            producer.writeQueues("slow-liftoff");
            liftoffLoad = loadThroughAStall("liftoff", KeyedLoad.Sender.liftoff(producer, "slow-liftoff"));
        }
        DefaultMQProducer official = new DefaultMQProducer("slow-official");
        official.setNamesrvAddr(nameServer);
        official.setInstanceName("slow-official-" + System.nanoTime());
        official.start();
        KeyedLoad officialLoad;
        try {
            official.fetchPublishMessageQueues("slow-official");
            officialLoad = loadThroughAStall("official", KeyedLoad.Sender.official(official, "slow-official"));
        }
        finally {
            official.shutdown();
        }

        Tally liftoffTally = liftoffLoad.tally(nameServer, "slow-liftoff");
        Tally officialTally = officialLoad.tally(nameServer, "slow-official");
        System.out.printf(
                "broker-a's answers held back %d ms for %d s (through a proxy) under 3 sync threads and an "
                        + "async stream of up to 256 in flight, send timeout 3000 ms:%n%s%n%s%n%s%n",
                STALL.toMillis(), STALL_PERIOD.toSeconds(), Tally.HEADER, liftoffTally.row(), officialTally.row());

        assertThat(liftoffTally.missing()).as("Liftoff's acknowledged sends missing from the store").isZero();
        assertThat(officialTally.missing()).as("the official client's acknowledged sends missing from the store")
            .isZero();
        assertThat(liftoffTally.duplicateKeys())
            .as("keys Liftoff stored more than once (the official client: %d)", officialTally.duplicateKeys())
            .isLessThanOrEqualTo(officialTally.duplicateKeys() + DUPLICATE_SLACK);
    }

    /**
     * Sends for a while, has the proxy delay broker-a's answers for the stall period,
     * sends a while longer, then stops and waits for every send to end.
     */
    private KeyedLoad loadThroughAStall(String client, KeyedLoad.Sender sender) throws InterruptedException {
        long delayedBefore = this.proxy.delayedBytes();
        KeyedLoad load = KeyedLoad.start(client, sender, 3, Duration.ofMillis(5), 256, Duration.ofMillis(2));
        try {
            Thread.sleep(LOAD_BEFORE_STALL.toMillis());
            this.proxy.delayAnswers(STALL, STALL_PERIOD);
            Thread.sleep(STALL_PERIOD.plus(LOAD_AFTER_STALL).toMillis());
        }
        finally {
            load.stop(Duration.ofSeconds(15));
        }
        assertThat(load.outcomes()).as("%s's sends that broker-a (behind the proxy) acknowledged", client)
            .anyMatch((outcome) -> "broker-a".equals(outcome.broker()));
        assertThat(this.proxy.delayedBytes()).as("bytes of answers to %s the proxy held back", client)
            .isGreaterThan(delayedBefore);
        return load;
    }

}
