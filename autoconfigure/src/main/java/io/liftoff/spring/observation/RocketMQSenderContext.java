package io.liftoff.spring.observation;

import java.util.List;

import io.liftoff.client.Message;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendResult;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@link RocketMQTemplateObservation}: what is being sent, and, once
 * answered, the broker's {@link SendResult}. Its carrier is the message being built, so
 * that a propagating tracing handler writes the trace context (W3C {@code traceparent},
 * and {@code tracestate} or baggage when present) into the message's user properties
 * before the message is built and sent. For a batch, every message of the batch gets the
 * fields.
 */
public class RocketMQSenderContext extends SenderContext<Message.Builder> {

    private final String destination;

    private final @Nullable String messageTag;

    private final SendMode mode;

    private final int messageCount;

    private final String beanName;

    private final String producerGroup;

    private volatile @Nullable SendResult sendResult;

    /**
     * Creates a context.
     * @param messages the messages being built (one, or a batch), not built yet; not
     * empty
     * @param destination the topic
     * @param messageTag the tag of the messages, if they have one
     * @param mode how they are sent
     * @param beanName the template's bean name
     * @param producerGroup the producer group
     */
    public RocketMQSenderContext(List<Message.Builder> messages, String destination, @Nullable String messageTag,
            SendMode mode, String beanName, String producerGroup) {
        super((carrier, key, value) -> {
            for (Message.Builder message : messages) {
                message.property(key, value);
            }
        }, Kind.PRODUCER);
        setCarrier(messages.get(0));
        setRemoteServiceName("RocketMQ");
        this.destination = destination;
        this.messageTag = messageTag;
        this.mode = mode;
        this.messageCount = messages.size();
        this.beanName = beanName;
        this.producerGroup = producerGroup;
    }

    /**
     * @return the topic, without namespace
     */
    public String getDestination() {
        return this.destination;
    }

    /**
     * @return the messages' tag, if they have one
     */
    public @Nullable String getMessageTag() {
        return this.messageTag;
    }

    /**
     * @return how the message is sent
     */
    public SendMode getMode() {
        return this.mode;
    }

    /**
     * @return how many messages are sent: 1, or the size of a batch
     */
    public int getMessageCount() {
        return this.messageCount;
    }

    /**
     * @return the template's bean name
     */
    public String getBeanName() {
        return this.beanName;
    }

    /**
     * @return the producer group
     */
    public String getProducerGroup() {
        return this.producerGroup;
    }

    /**
     * @return the broker's answer; absent before it, on failure, and for oneway sends
     */
    public @Nullable SendResult getSendResult() {
        return this.sendResult;
    }

    /**
     * Records the broker's answer.
     * @param sendResult the answer; none for a oneway send
     */
    public void setSendResult(@Nullable SendResult sendResult) {
        this.sendResult = sendResult;
    }

}
