package io.liftoff.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.liftoff.embedded.EmbeddedRocketMQ;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.jspecify.annotations.Nullable;

/**
 * What the brokers stored for the topic, read with the official pull consumer (the same
 * approach as the client's integration tests), or, for the embedded brokers, straight
 * from their message stores. Counts are the sum of the topic's queues' max offsets: every
 * message a broker stored, whoever sent it.
 */
@SuppressWarnings("deprecation")
final class StoredMessages implements AutoCloseable {

    private final DefaultMQPullConsumer consumer;

    private final String topic;

    private final EmbeddedRocketMQ embedded;

    private final int queuesPerBroker;

    private List<MessageQueue> queues;

    /**
     * Starts the consumer and connects it to the NameServer and every broker of the
     * topic, so that all its threads exist before any client under test is created.
     */
    StoredMessages(String nameServer, String topic, EmbeddedRocketMQ embedded, int queuesPerBroker,
            @Nullable RPCHook aclHook) {
        this.topic = topic;
        this.embedded = embedded;
        this.queuesPerBroker = queuesPerBroker;
        this.consumer = new DefaultMQPullConsumer("bench-reader", aclHook);
        this.consumer.setNamesrvAddr(nameServer);
        this.consumer.setInstanceName("bench-reader");
        try {
            this.consumer.start();
            List<MessageQueue> found = new ArrayList<>(this.consumer.fetchSubscribeMessageQueues(topic));
            found.sort(Comparator.comparing(MessageQueue::getBrokerName).thenComparingInt(MessageQueue::getQueueId));
            this.queues = List.copyOf(found);
            for (MessageQueue queue : this.queues) {
                this.consumer.maxOffset(queue);
            }
        }
        catch (Exception ex) {
            this.consumer.shutdown();
            throw new IllegalStateException("Could not read topic '" + topic + "' with the official consumer: " + ex,
                    ex);
        }
    }

    /**
     * @return the topic's queues, by broker then id
     */
    List<MessageQueue> queues() {
        return this.queues;
    }

    /**
     * Asks the NameServer for the topic's route with the consumer's client.
     * @return the route: brokers with their addresses, and queues per broker
     * @throws IllegalStateException when the NameServer did not answer with a route
     */
    TopicRouteData route() {
        try {
            return this.consumer.getDefaultMQPullConsumerImpl()
                .getRebalanceImpl()
                .getmQClientFactory()
                .getMQClientAPIImpl()
                .getTopicRouteInfoFromNameServer(this.topic, 3000);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not get the route of topic '" + this.topic + "': " + ex, ex);
        }
    }

    /**
     * Counts the messages stored in the topic: from the embedded brokers' stores (no
     * network, no client thread), else with the consumer.
     * @return the sum of the queues' max offsets
     */
    long count() {
        long total = 0;
        try {
            if (this.embedded != null) {
                for (String broker : this.embedded.brokerNames()) {
                    BrokerController controller = this.embedded.brokerController(broker);
                    for (int queue = 0; queue < this.queuesPerBroker; queue++) {
                        total += Math.max(0, controller.getMessageStore().getMaxOffsetInQueue(this.topic, queue));
                    }
                }
                return total;
            }
            for (MessageQueue queue : this.queues) {
                total += this.consumer.maxOffset(queue);
            }
            return total;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not count messages of topic '" + this.topic + "': " + ex, ex);
        }
    }

    /**
     * Reads one stored message back with the official consumer.
     * @param broker the broker
     * @param queueId the queue
     * @param offset the offset
     * @return the message, or {@code null} when none is there
     */
    MessageExt read(String broker, int queueId, long offset) {
        try {
            PullResult result = this.consumer.pull(new MessageQueue(this.topic, broker, queueId), "*", offset, 1, 3000);
            if (result.getPullStatus() != PullStatus.FOUND || result.getMsgFoundList().isEmpty()) {
                return null;
            }
            return result.getMsgFoundList().get(0);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not read " + broker + "#" + queueId + "@" + offset + ": " + ex, ex);
        }
    }

    @Override
    public void close() {
        this.consumer.shutdown();
    }

}
