package io.liftoff.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.apache.rocketmq.remoting.protocol.body.ProducerInfo;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the brokers' producer tables say about a Liftoff producer, read with the official
 * admin API ({@code GET_ALL_PRODUCER_INFO} on each broker): registered by heartbeats on
 * every master of its routes (of the whole cluster with a transaction listener) while it
 * runs, gone once it closed.
 */
@WithEmbeddedRocketMQ(brokers = 2, topics = { "reg-a:2", "reg-b:2" })
class ProducerRegistrationIntegrationTests {

    private static DefaultMQAdminExt admin;

    @BeforeAll
    static void startAdmin(EmbeddedRocketMQ rocketmq) throws Exception {
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(rocketmq.nameServerAddress());
        admin.setInstanceName("reg-admin");
        admin.start();
    }

    @AfterAll
    static void stopAdmin() {
        admin.shutdown();
    }

    @Test
    void heartbeatsRegisterTheGroupOnEveryMasterOfACachedRouteWithoutASendAndCloseUnregistersIt(
            EmbeddedRocketMQ rocketmq) throws Exception {
        Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("reg-heartbeat")
            .heartbeatInterval(Duration.ofMillis(500))
            .build();
        producer.start();
        try {
            // Caches the route; nothing is sent to a broker.
            producer.writeQueues("reg-a");

            assertThat(awaitBrokersListing(rocketmq, "reg-heartbeat")).containsExactly("broker-a", "broker-b");
        }
        finally {
            producer.close();
        }
        assertThat(brokersListing(rocketmq, "reg-heartbeat")).isEmpty();
    }

    @Test
    void aProducerThatSentIsListedByEveryBrokerItSentToWhileItRunsAndByNoneAfterClose(EmbeddedRocketMQ rocketmq)
            throws Exception {
        Producer producer = Producer.builder().nameServer(rocketmq.nameServerAddress()).group("reg-sender").build();
        producer.start();
        try {
            for (int i = 0; i < 4; i++) {
                producer.send(Message.of("reg-b", new byte[] { 1 }));
            }

            assertThat(awaitBrokersListing(rocketmq, "reg-sender")).containsExactly("broker-a", "broker-b");
        }
        finally {
            producer.close();
        }
        assertThat(brokersListing(rocketmq, "reg-sender")).isEmpty();
    }

    @Test
    void aProducerWithATransactionListenerIsListedByEveryBrokerOfTheClusterWithoutARouteOrASend(
            EmbeddedRocketMQ rocketmq) throws Exception {
        Producer plain = Producer.builder().nameServer(rocketmq.nameServerAddress()).group("reg-plain").build();
        Producer transactional = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("reg-checked")
            .transactionListener((half) -> LocalTransactionState.UNKNOWN)
            .build();
        plain.start();
        transactional.start();
        try {
            assertThat(awaitBrokersListing(rocketmq, "reg-checked")).containsExactly("broker-a", "broker-b");
            assertThat(brokersListing(rocketmq, "reg-plain")).as("a producer without routes registers nowhere")
                .isEmpty();
        }
        finally {
            transactional.close();
            plain.close();
        }
        assertThat(brokersListing(rocketmq, "reg-checked")).isEmpty();
    }

    private static Set<String> awaitBrokersListing(EmbeddedRocketMQ rocketmq, String group) throws Exception {
        // Heartbeats go every 500 ms; the bound only ends a wait that would fail.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Set<String> listing = brokersListing(rocketmq, group);
        while (listing.size() < rocketmq.brokerNames().size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            listing = brokersListing(rocketmq, group);
        }
        return listing;
    }

    private static Set<String> brokersListing(EmbeddedRocketMQ rocketmq, String group) throws Exception {
        Set<String> brokers = new TreeSet<>();
        for (String broker : rocketmq.brokerNames()) {
            Map<String, List<ProducerInfo>> table = admin.getAllProducerInfo(rocketmq.brokerAddress(broker)).getData();
            List<ProducerInfo> producers = table.get(group);
            if (producers != null && !producers.isEmpty()) {
                brokers.add(broker);
            }
        }
        return brokers;
    }

}
