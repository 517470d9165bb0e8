package io.liftoff.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * The official Apache RocketMQ 5.3.3 Java client, configured for tests against
 * {@link EmbeddedRocketMQ}: short timeouts, no retries, its own client instance each (so
 * that shutting one down does not affect another).
 */
final class OfficialClients {

    private static final int TIMEOUT_MILLIS = 3000;

    private OfficialClients() {
    }

    static DefaultMQProducer producer(EmbeddedRocketMQ rocketmq) throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer("liftoff-test-producer-" + UUID.randomUUID());
        producer.setNamesrvAddr(rocketmq.nameServerAddress());
        producer.setInstanceName(UUID.randomUUID().toString());
        producer.setSendMsgTimeout(TIMEOUT_MILLIS);
        producer.setMqClientApiTimeout(TIMEOUT_MILLIS);
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        return producer;
    }

    static DefaultLitePullConsumer consumer(EmbeddedRocketMQ rocketmq) throws MQClientException {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("liftoff-test-consumer-" + UUID.randomUUID());
        consumer.setNamesrvAddr(rocketmq.nameServerAddress());
        consumer.setInstanceName(UUID.randomUUID().toString());
        consumer.setMqClientApiTimeout(TIMEOUT_MILLIS);
        consumer.setAutoCommit(false);
        consumer.setPullThreadNums(2);
        consumer.setPollTimeoutMillis(500);
        consumer.start();
        return consumer;
    }

    /**
     * Reads one queue from {@code offset} until {@code expected} messages arrived or
     * {@code timeout} passed.
     */
    static List<MessageExt> read(DefaultLitePullConsumer consumer, MessageQueue queue, long offset, int expected,
            Duration timeout) throws MQClientException {
        consumer.assign(List.of(queue));
        consumer.seek(queue, offset);
        List<MessageExt> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < expected && System.nanoTime() < deadline) {
            received.addAll(consumer.poll(500));
        }
        return received;
    }

}
