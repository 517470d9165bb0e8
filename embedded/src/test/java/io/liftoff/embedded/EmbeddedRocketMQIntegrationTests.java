package io.liftoff.embedded;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drives a real two-broker cluster with the official RocketMQ 5.3.3 client. Tests that
 * stop a server start it again, so they can run in any order against the one cluster of
 * this class.
 */
@WithEmbeddedRocketMQ(brokers = 2, topics = { "orders:4", "audit:2@broker-a" })
class EmbeddedRocketMQIntegrationTests {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** How far two readings of the wall clock may disagree. */
    private static final long CLOCK_GRANULARITY_MILLIS = 20;

    private final EmbeddedRocketMQ rocketmq;

    EmbeddedRocketMQIntegrationTests(EmbeddedRocketMQ rocketmq) {
        this.rocketmq = rocketmq;
    }

    @Test
    void namesBrokersAndAddressesOnLoopback() {
        assertThat(this.rocketmq.brokerNames()).containsExactly("broker-a", "broker-b");
        assertThat(this.rocketmq.nameServerAddress()).startsWith("127.0.0.1:");
        assertThat(this.rocketmq.brokerAddress("broker-a")).startsWith("127.0.0.1:")
            .isNotEqualTo(this.rocketmq.brokerAddress("broker-b"));
        assertThatThrownBy(() -> this.rocketmq.brokerAddress("broker-z")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("broker-a, broker-b");
    }

    @Test
    void brokerAlsoServesOnItsFastPortTwoBelowTheListenPort() throws Exception {
        String address = this.rocketmq.brokerAddress("broker-a");
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
        try (Socket fast = new Socket("127.0.0.1", port - 2)) {
            assertThat(fast.isConnected()).isTrue();
        }
    }

    @Test
    void topicCreatedAtStartHasQueuesOnBothBrokers() throws Exception {
        DefaultMQProducer producer = OfficialClients.producer(this.rocketmq);
        try {
            List<MessageQueue> queues = producer.fetchPublishMessageQueues("orders");
            assertThat(queues).hasSize(8);
            assertThat(queuesPerBroker(queues)).containsOnly(Map.entry("broker-a", 4L), Map.entry("broker-b", 4L));
        }
        finally {
            producer.shutdown();
        }
        TopicRouteData route = route("orders");
        assertThat(route.getBrokerDatas()).extracting(BrokerData::getCluster).containsOnly("DefaultCluster");
        assertThat(route.getBrokerDatas()).extracting((data) -> data.getBrokerAddrs().get(0L))
            .containsExactlyInAnyOrder(this.rocketmq.brokerAddress("broker-a"),
                    this.rocketmq.brokerAddress("broker-b"));
        assertThat(route.getQueueDatas()).extracting(QueueData::getPerm).containsOnly(6);
    }

    @Test
    void topicOnOneBrokerIsRoutedToThatBrokerOnly() throws Exception {
        DefaultMQProducer producer = OfficialClients.producer(this.rocketmq);
        try {
            assertThat(queuesPerBroker(producer.fetchPublishMessageQueues("audit")))
                .containsExactly(Map.entry("broker-a", 2L));
        }
        finally {
            producer.shutdown();
        }
    }

    @Test
    void autoCreateTopicIsOnByDefault() {
        assertThat(route("TBW102")).isNotNull();
        assertThat(this.rocketmq.brokerController("broker-a").getBrokerConfig().isAutoCreateTopicEnable()).isTrue();
    }

    @Test
    void topicCreatedAtRunTimeIsRoutableAtOnce() throws Exception {
        this.rocketmq.createTopic("created-later", 3);
        this.rocketmq.createTopic("created-later-on-b", 1, "broker-b");
        DefaultMQProducer producer = OfficialClients.producer(this.rocketmq);
        try {
            assertThat(queuesPerBroker(producer.fetchPublishMessageQueues("created-later")))
                .containsOnly(Map.entry("broker-a", 3L), Map.entry("broker-b", 3L));
            assertThat(queuesPerBroker(producer.fetchPublishMessageQueues("created-later-on-b")))
                .containsExactly(Map.entry("broker-b", 1L));
            SendResult result = producer.send(new Message("created-later", body("hello")));
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        finally {
            producer.shutdown();
        }
    }

    @Test
    void messageSentBeforeStopBrokerIsReadableAfterStartBroker() throws Exception {
        String brokerAddress = this.rocketmq.brokerAddress("broker-b");
        MessageQueue queue = new MessageQueue("orders", "broker-b", 1);
        SendResult sent;
        DefaultMQProducer producer = OfficialClients.producer(this.rocketmq);
        try {
            sent = producer.send(new Message("orders", "tag", "key-1", body("survives a restart")), queue);
        }
        finally {
            producer.shutdown();
        }
        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        this.rocketmq.stopBroker("broker-b");
        assertThat(this.rocketmq.isBrokerRunning("broker-b")).isFalse();
        TopicRouteData whileStopped = route("orders");
        assertThat(whileStopped.getQueueDatas()).extracting(QueueData::getBrokerName).containsOnly("broker-a");
        assertThat(whileStopped.getBrokerDatas()).extracting(BrokerData::getBrokerName).containsOnly("broker-a");
        assertThat(this.rocketmq.nameServerController().getRouteInfoManager().getAllClusterInfo().getBrokerAddrTable())
            .doesNotContainKey("broker-b");

        this.rocketmq.startBroker("broker-b");
        assertThat(this.rocketmq.brokerAddress("broker-b")).isEqualTo(brokerAddress);
        assertThat(this.rocketmq.brokerController("broker-b").getMessageStore().getMaxOffsetInQueue("orders", 1))
            .isGreaterThan(sent.getQueueOffset());
        DefaultLitePullConsumer consumer = OfficialClients.consumer(this.rocketmq);
        try {
            assertThat(consumer.fetchMessageQueues("orders")).hasSize(8);
            List<MessageExt> read = OfficialClients.read(consumer, queue, sent.getQueueOffset(), 1, READ_TIMEOUT);
            assertThat(read).isNotEmpty();
            MessageExt message = read.get(0);
            assertThat(message.getMsgId()).isEqualTo(sent.getMsgId());
            assertThat(message.getKeys()).isEqualTo("key-1");
            assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("survives a restart");
        }
        finally {
            consumer.shutdown();
        }
    }

    @Test
    void routesComeBackAfterNameServerRestart() throws Exception {
        String address = this.rocketmq.nameServerAddress();
        DefaultMQProducer producer = OfficialClients.producer(this.rocketmq);
        try {
            this.rocketmq.stopNameServer();
            assertThat(this.rocketmq.isNameServerRunning()).isFalse();
            assertThatThrownBy(() -> producer.fetchPublishMessageQueues("orders"))
                .isInstanceOf(MQClientException.class);

            this.rocketmq.startNameServer();
            assertThat(this.rocketmq.nameServerAddress()).isEqualTo(address);
            assertThat(queuesPerBroker(producer.fetchPublishMessageQueues("orders")))
                .containsOnly(Map.entry("broker-a", 4L), Map.entry("broker-b", 4L));
            assertThat(queuesPerBroker(producer.fetchPublishMessageQueues("audit")))
                .containsExactly(Map.entry("broker-a", 2L));
        }
        finally {
            producer.shutdown();
        }
    }

    @Test
    void timerAndDelayLevelMessagesAreDeliveredNoEarlierThanTheirTime() throws Exception {
        MessageQueue queue = new MessageQueue("orders", "broker-a", 3);
        long start = this.rocketmq.brokerController("broker-a").getMessageStore().getMaxOffsetInQueue("orders", 3);
        long sentAt = System.currentTimeMillis();
        DefaultMQProducer producer = OfficialClients.producer(this.rocketmq);
        try {
            Message timer = new Message("orders", body("timer"));
            timer.setDeliverTimeMs(sentAt + 1500);
            Message delay = new Message("orders", body("delay level 1"));
            delay.setDelayTimeLevel(1);
            assertThat(producer.send(timer, queue).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(producer.send(delay, queue).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        finally {
            producer.shutdown();
        }
        DefaultLitePullConsumer consumer = OfficialClients.consumer(this.rocketmq);
        try {
            List<MessageExt> read = OfficialClients.read(consumer, queue, start, 2, READ_TIMEOUT);
            Map<String, Long> storedAfterMillis = read.stream()
                .collect(Collectors.toMap((message) -> new String(message.getBody(), StandardCharsets.UTF_8),
                        (message) -> message.getStoreTimestamp() - sentAt));
            // The store timestamp in the topic is when the broker's timer wrote the
            // message
            // there, from which on consumers see it: a bound that holds however slow the
            // machine. The timer fires once the broker's clock passed the time, never
            // before; delay level 1 is 1 s after the broker received the message.
            assertThat(storedAfterMillis).containsOnlyKeys("timer", "delay level 1");
            assertThat(storedAfterMillis.get("timer")).as("timer message, ms after the send")
                .isGreaterThanOrEqualTo(1500 - CLOCK_GRANULARITY_MILLIS);
            assertThat(storedAfterMillis.get("delay level 1")).as("delay level 1, ms after the send")
                .isGreaterThanOrEqualTo(1000 - CLOCK_GRANULARITY_MILLIS);
        }
        finally {
            consumer.shutdown();
        }
    }

    private TopicRouteData route(String topic) {
        return this.rocketmq.nameServerController().getRouteInfoManager().pickupTopicRouteData(topic);
    }

    private static Map<String, Long> queuesPerBroker(List<MessageQueue> queues) {
        return queues.stream().collect(Collectors.groupingBy(MessageQueue::getBrokerName, Collectors.counting()));
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
