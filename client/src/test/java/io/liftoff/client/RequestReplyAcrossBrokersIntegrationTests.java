package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.client.testing.OfficialConsumers;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request to a topic on broker-a only, answered by an official replier whose replies go
 * to the cluster's reply topic on either broker: the requester registered on broker-b too
 * (every master of the cluster), so the replies stored there reach it. With registration
 * on the request topic's brokers only, broker-b would find no connection for the
 * requester's client id and its replies would be lost.
 */
class RequestReplyAcrossBrokersIntegrationTests {

    private static EmbeddedRocketMQ rocketmq;

    private static Producer producer;

    private static DefaultMQProducer replier;

    private static DefaultMQPushConsumer consumer;

    /** Which broker stored each reply, by the request body it answers. */
    private static final Map<String, String> replyBrokers = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        rocketmq = EmbeddedRocketMQ.builder().brokers(2).topicOnBrokers("rr-a-only", 1, "broker-a").start();
        replier = new DefaultMQProducer("rr-across-replier");
        replier.setNamesrvAddr(rocketmq.nameServerAddress());
        replier.start();
        consumer = new DefaultMQPushConsumer("rr-across-replier");
        consumer.setNamesrvAddr(rocketmq.nameServerAddress());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe("rr-a-only", "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt request : messages) {
                try {
                    String body = new String(request.getBody(), StandardCharsets.UTF_8);
                    SendResult sent = replier
                        .send(MessageUtil.createReplyMessage(request, ("re:" + body).getBytes(StandardCharsets.UTF_8)));
                    replyBrokers.put(body, sent.getMessageQueue().getBrokerName());
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        OfficialConsumers.awaitAssigned(consumer, "rr-a-only");
        producer = Producer.builder().nameServer(rocketmq.nameServerAddress()).group("rr-across-requester").build();
        producer.start();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (consumer != null) {
            consumer.shutdown();
        }
        if (replier != null) {
            replier.shutdown();
        }
        if (rocketmq != null) {
            rocketmq.close();
        }
    }

    @Test
    void repliesStoredOnABrokerTheRequestTopicIsNotOnReachTheRequester() {
        assertThat(producer.writeQueues("rr-a-only")).extracting(MessageQueue::brokerName).containsOnly("broker-a");
        ReplyMessage first = producer.request(Message.of("rr-a-only", "req-0".getBytes(StandardCharsets.UTF_8)),
                Duration.ofSeconds(30));
        assertThat(first.body()).asString(StandardCharsets.UTF_8).isEqualTo("re:req-0");
        AtomicInteger answered = new AtomicInteger(1);
        for (int i = 1; i < 20; i++) {
            ReplyMessage reply = producer
                .request(Message.of("rr-a-only", ("req-" + i).getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(5));
            assertThat(reply.body()).asString(StandardCharsets.UTF_8).isEqualTo("re:req-" + i);
            answered.incrementAndGet();
        }
        long viaBrokerB = replyBrokers.values().stream().filter("broker-b"::equals).count();
        System.out.println("Requests to broker-a answered: " + answered + " of 20; replies stored on broker-b: "
                + viaBrokerB + ", on broker-a: " + (replyBrokers.size() - viaBrokerB));
        assertThat(viaBrokerB).as("some replies went through broker-b").isPositive();
    }

}
