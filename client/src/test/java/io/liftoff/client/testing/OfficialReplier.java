package io.liftoff.client.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * The official client as a replier: a push consumer on the request topic answering each
 * request with {@code MessageUtil.createReplyMessage} ("re:" and the request's body)
 * through an official producer, so the reply takes the broker's own path to the
 * requester. Records what became of every request it saw (taken from which broker, reply
 * stored where, or why its reply failed), so that a test whose request got no reply can
 * say whether the request arrived and where its reply went ({@link #history(String)}).
 */
public final class OfficialReplier implements AutoCloseable {

    private final DefaultMQProducer producer;

    private final DefaultMQPushConsumer consumer;

    private final long started = System.nanoTime();

    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

    private final Map<String, String> replyBrokers = new ConcurrentHashMap<>();

    private OfficialReplier(DefaultMQProducer producer, DefaultMQPushConsumer consumer) {
        this.producer = producer;
        this.consumer = consumer;
    }

    /**
     * Starts a replier and waits until its consumer holds every queue of the topic.
     * @param nameServer the NameServer address
     * @param group the consumer's and producer's group
     * @param topic the request topic
     * @param queues how many queues the topic has on all brokers together
     * @param decorate changes each reply before it is sent (tag, keys, properties)
     * @return the started replier
     * @throws Exception when it cannot start, or its consumer took not every queue
     */
    public static OfficialReplier start(String nameServer, String group, String topic, int queues,
            BiConsumer<MessageExt, Message> decorate) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(nameServer);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(nameServer);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        OfficialReplier replier = new OfficialReplier(producer, consumer);
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt request : messages) {
                replier.answer(request, decorate);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        try {
            producer.start();
            consumer.start();
            OfficialConsumers.awaitAssigned(consumer, topic, queues);
        }
        catch (Exception ex) {
            replier.close();
            throw ex;
        }
        return replier;
    }

    private void answer(MessageExt request, BiConsumer<MessageExt, Message> decorate) {
        String body = new String(request.getBody(), StandardCharsets.UTF_8);
        record(body, "taken from " + request.getBrokerName() + " queue " + request.getQueueId() + " (reconsumed "
                + request.getReconsumeTimes() + " times)");
        try {
            Message reply = MessageUtil.createReplyMessage(request, ("re:" + body).getBytes(StandardCharsets.UTF_8));
            decorate.accept(request, reply);
            SendResult sent = this.producer.send(reply);
            this.replyBrokers.put(body, sent.getMessageQueue().getBrokerName());
            record(body,
                    "reply stored on " + sent.getMessageQueue().getBrokerName() + " (" + sent.getSendStatus() + ")");
        }
        catch (Exception ex) {
            record(body, "reply failed: " + ex);
            // The consumer takes the request again later.
            throw new IllegalStateException(ex);
        }
    }

    private void record(String body, String event) {
        this.events
            .add("+" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.started) + " ms '" + body + "' " + event);
    }

    /**
     * @return the broker that stored each reply, by the body of the request it answers
     */
    public Map<String, String> replyBrokers() {
        return Map.copyOf(this.replyBrokers);
    }

    /**
     * What became of a request, for a failure's message.
     * @param body the request's body
     * @return the replier's events for that request, or that it never saw it, and which
     * queues its consumer holds
     */
    public String history(String body) {
        List<String> mine = new ArrayList<>();
        for (String event : this.events) {
            if (event.contains("'" + body + "'")) {
                mine.add(event);
            }
        }
        String queues = this.consumer.getDefaultMQPushConsumerImpl()
            .getRebalanceImpl()
            .getProcessQueueTable()
            .keySet()
            .stream()
            .map((queue) -> queue.getBrokerName() + "/" + queue.getQueueId())
            .sorted()
            .collect(Collectors.joining(", "));
        return "replier (now at +" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.started)
                + " ms, holding queues [" + queues + "]): "
                + (mine.isEmpty() ? "never saw request '" + body + "'" : String.join("; ", mine));
    }

    @Override
    public void close() {
        this.consumer.shutdown();
        this.producer.shutdown();
    }

}
