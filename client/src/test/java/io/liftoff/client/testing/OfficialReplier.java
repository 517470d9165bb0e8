package io.liftoff.client.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import io.liftoff.client.Producer;
import io.liftoff.client.ReplyMessage;
import io.liftoff.client.ReplyTimeoutException;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * The official client as a replier: a push consumer on the request topic answering each
 * request with {@code MessageUtil.createReplyMessage} ("re:" and the request's body)
 * through an official producer, so the reply takes the broker's own path to the
 * requester. Records what became of every request it saw (taken from which broker, reply
 * stored where, or why its reply failed), so that a test whose request got no reply can
 * say whether the request arrived and where its reply went ({@link #history(String)}).
 * Its start returns once its consumer took a probe from each queue of the topic.
 */
public final class OfficialReplier implements AutoCloseable {

    private static final String PROBE = "replier-probe:";

    private final DefaultMQProducer producer;

    private final DefaultMQPushConsumer consumer;

    private final String topic;

    private final long started = System.nanoTime();

    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

    private final Map<String, String> replyBrokers = new ConcurrentHashMap<>();

    private final Set<String> probesSeen = ConcurrentHashMap.newKeySet();

    private OfficialReplier(DefaultMQProducer producer, DefaultMQPushConsumer consumer, String topic) {
        this.producer = producer;
        this.consumer = consumer;
        this.topic = topic;
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
        OfficialReplier replier = new OfficialReplier(producer, consumer, topic);
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
            replier.probe();
        }
        catch (Exception ex) {
            replier.close();
            throw ex;
        }
        return replier;
    }

    /**
     * Sends a probe to every queue of the topic the consumer holds and waits until the
     * consumer took each: a request sent right after start then finds the consumer
     * pulling, and a consumer that does not deliver fails the start, not a test.
     */
    private void probe() throws Exception {
        List<MessageQueue> held = OfficialConsumers.heldQueues(this.consumer, this.topic);
        for (MessageQueue queue : held) {
            Message probe = new Message(this.topic,
                    (PROBE + queue.getBrokerName() + "/" + queue.getQueueId()).getBytes(StandardCharsets.UTF_8));
            this.producer.send(probe, queue);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (this.probesSeen.size() < held.size()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("The replier's consumer took " + this.probesSeen + " of the probes "
                        + "sent to its " + held.size() + " queues of '" + this.topic + "' in 30 s");
            }
            Thread.sleep(20);
        }
    }

    private void answer(MessageExt request, BiConsumer<MessageExt, Message> decorate) {
        String body = new String(request.getBody(), StandardCharsets.UTF_8);
        if (body.startsWith(PROBE)) {
            this.probesSeen.add(body);
            return;
        }
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
     * The broker that stored each reply, by the body of the request it answers, once that
     * many replies are recorded: a reply reaches the requester while the replier's send
     * is still returning, before it is recorded here.
     * @param count how many replies to wait for
     * @param timeout how long at most
     * @return what was recorded by then
     * @throws InterruptedException when interrupted
     */
    public Map<String, String> awaitReplyBrokers(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (this.replyBrokers.size() < count && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        return Map.copyOf(this.replyBrokers);
    }

    /**
     * Sends a request and waits for its reply; a missing reply fails with what the
     * replier saw of the request ({@link #unanswered}).
     * @param requester the producer that sends the request
     * @param request the request, its body text unique among the test's requests
     * @param timeout how long to wait for the reply
     * @return the reply
     */
    public ReplyMessage request(Producer requester, io.liftoff.client.Message request, Duration timeout) {
        try {
            return requester.request(request, timeout);
        }
        catch (ReplyTimeoutException ex) {
            throw unanswered(new String(request.body(), StandardCharsets.UTF_8), ex);
        }
    }

    /**
     * A test failure for a request that got no reply: the requester's reason and the
     * replier's {@link #history(String)} of it.
     * @param body the request's body
     * @param failure why the requester gave up
     * @return the failure to throw
     */
    public AssertionError unanswered(String body, Throwable failure) {
        return new AssertionError(failure.getMessage() + "; " + history(body), failure);
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
        String queues = OfficialConsumers.heldQueues(this.consumer, this.topic)
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
