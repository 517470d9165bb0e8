package io.liftoff.client.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Reads what brokers stored for a topic with the official RocketMQ consumer, from every queue's first offset,
 * so tests check the real stored messages rather than what the producer believes it sent.
 */
public final class StoredMessages {

    private StoredMessages() {
    }

    /**
     * Reads a topic's messages until at least {@code expected} arrived or the timeout passed.
     *
     * @param nameServer the NameServer address
     * @param topic the topic
     * @param expected how many messages to wait for
     * @param timeout the longest wait
     * @return every message read, ordered by queue then offset
     */
    @SuppressWarnings("deprecation")
    public static List<MessageExt> read(String nameServer, String topic, int expected, Duration timeout) {
        String name = "reader-" + UUID.randomUUID().toString().substring(0, 8);
        DefaultMQPullConsumer consumer = new DefaultMQPullConsumer(name);
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName(name);
        consumer.setBrokerSuspendMaxTimeMillis(1000);
        consumer.setConsumerTimeoutMillisWhenSuspend(2000);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            consumer.start();
            List<MessageExt> messages = new ArrayList<>();
            while (true) {
                messages.clear();
                Set<MessageQueue> queues = consumer.fetchSubscribeMessageQueues(topic);
                List<MessageQueue> sorted = new ArrayList<>(queues);
                sorted.sort(Comparator.comparing(MessageQueue::getBrokerName).thenComparingInt(MessageQueue::getQueueId));
                for (MessageQueue queue : sorted) {
                    long offset = consumer.minOffset(queue);
                    while (true) {
                        PullResult result = consumer.pull(queue, "*", offset, 256, 3000);
                        if (result.getPullStatus() != PullStatus.FOUND) {
                            break;
                        }
                        messages.addAll(result.getMsgFoundList());
                        offset = result.getNextBeginOffset();
                    }
                }
                if (messages.size() >= expected || System.nanoTime() > deadline) {
                    return new ArrayList<>(messages);
                }
                Thread.sleep(200);
            }
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not read topic '" + topic + "' with the official consumer", ex);
        }
        finally {
            consumer.shutdown();
        }
    }
}
