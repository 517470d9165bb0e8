package io.liftoff.client.testing;

import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;

/**
 * Helpers for the official consumers that tests use as repliers.
 */
public final class OfficialConsumers {

    private OfficialConsumers() {
    }

    /**
     * Waits until a push consumer took a queue of a topic, nudging its route and
     * rebalance: on a loaded machine its first rebalance may find no route, and the next
     * comes 20 s later (requests to it would time out meanwhile).
     * @param consumer the started consumer
     * @param topic the topic it subscribed to
     * @throws InterruptedException when interrupted
     * @throws IllegalStateException when it took no queue within 60 s
     */
    public static void awaitAssigned(DefaultMQPushConsumer consumer, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (consumer.getDefaultMQPushConsumerImpl()
            .getRebalanceImpl()
            .getProcessQueueTable()
            .keySet()
            .stream()
            .noneMatch((queue) -> queue.getTopic().equals(topic))) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("The consumer took no queue of '" + topic + "' in 60 s");
            }
            consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().updateTopicRouteInfoFromNameServer();
            consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().rebalanceImmediately();
            Thread.sleep(200);
        }
    }

}
