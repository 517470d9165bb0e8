package io.liftoff.client.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Helpers for the official consumers that tests use as repliers.
 */
public final class OfficialConsumers {

    private OfficialConsumers() {
    }

    /**
     * Waits until a push consumer holds every queue of a topic, nudging its route and
     * rebalance: on a loaded machine a rebalance may find no route, or fail to read the
     * starting offset of some queues and leave them out, and the next rebalance comes 20
     * s later (requests to the queues left out would wait that long). Then registers the
     * consumer with every broker it knows: a broker answers the pulls of a group it has
     * had no heartbeat from with SUBSCRIPTION_NOT_EXIST, and the consumer's next
     * heartbeat comes 30 s later when its first one went out before it knew the brokers
     * (a route query that failed on a loaded machine); meanwhile it holds the queues and
     * delivers nothing.
     * @param consumer the started consumer, the only one of its group
     * @param topic the topic it subscribed to
     * @param queues how many queues the topic has on all brokers together
     * @throws InterruptedException when interrupted
     * @throws IllegalStateException when it holds fewer within 60 s
     */
    public static void awaitAssigned(DefaultMQPushConsumer consumer, String topic, int queues)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (held(consumer, topic) < queues) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("The consumer holds " + held(consumer, topic) + " of the " + queues
                        + " queues of '" + topic + "' after 60 s");
            }
            consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().updateTopicRouteInfoFromNameServer();
            consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().rebalanceImmediately();
            Thread.sleep(200);
        }
        consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().sendHeartbeatToAllBrokerWithLock();
    }

    private static int held(DefaultMQPushConsumer consumer, String topic) {
        return heldQueues(consumer, topic).size();
    }

    /**
     * The queues of a topic a push consumer holds now (after its last rebalance).
     * @param consumer the started consumer
     * @param topic the topic it subscribed to
     * @return the queues
     */
    public static List<MessageQueue> heldQueues(DefaultMQPushConsumer consumer, String topic) {
        return consumer.getDefaultMQPushConsumerImpl()
            .getRebalanceImpl()
            .getProcessQueueTable()
            .keySet()
            .stream()
            .filter((queue) -> queue.getTopic().equals(topic))
            .toList();
    }

}
