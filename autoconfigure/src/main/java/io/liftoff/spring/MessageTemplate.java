package io.liftoff.spring;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerSnapshot;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendResult;
import io.liftoff.spring.observation.RocketMQSenderContext;
import io.liftoff.spring.observation.RocketMQTemplateObservation;
import io.liftoff.spring.observation.RocketMQTemplateObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.BeanNameAware;
import org.springframework.messaging.converter.MessageConversionException;

/**
 * Sends payloads through a {@link Producer}, the Spring way: a destination string, any payload, Spring
 * {@link org.springframework.messaging.Message}s with headers. Thread-safe; the auto-configuration defines one.
 *
 * <pre>{@code
 * SendResult result = template.send("orders:created", orderCreated, order.id());
 * template.sendAsync("orders:created", orderCreated).thenAccept(...);
 * }</pre>
 *
 * <h2>Destinations</h2>
 * {@code topic} or {@code topic:tag}, split once at the first {@code ':'} as rocketmq-spring does. A message
 * carries exactly one tag: a destination such as {@code orders:created||updated} is rejected, since no consumer
 * could match the literal tag {@code created||updated} ({@code ||} combines tags only in subscriptions).
 *
 * <h2>Payloads</h2>
 * A {@code byte[]} is sent as is (no content type); a {@code String} as UTF-8 with user property
 * {@code contentType=text/plain;charset=UTF-8}; anything else through the {@link MessagePayloadConverter}, by
 * default as JSON with the application's Jackson mapper and {@code contentType=application/json}. A payload that
 * is itself a Spring {@code Message} has its payload converted so and its headers mapped by the
 * {@link RocketMQHeaderMapper} (keys, tag, delay, user properties), whichever method it is passed to.
 *
 * <h2>Failures</h2>
 * Every method throws the client's exceptions ({@link io.liftoff.client.LiftoffException} and subclasses):
 * {@link InvalidMessageException} before any I/O for a message that breaks a rule (also for a destination
 * naming several tags, and a {@code null} payload), {@link io.liftoff.client.SendFailedException} naming each
 * attempt, {@link io.liftoff.client.RouteNotFoundException} when no NameServer answers or the topic does not
 * exist. A payload the converter cannot write raises {@link MessageConversionException}.
 *
 * <h2>Observation</h2>
 * With an {@link #setObservationRegistry(ObservationRegistry) ObservationRegistry} (the auto-configuration sets
 * the application's unless {@code rocketmq.template.observation-enabled=false}), each send, or batch, is one
 * {@link RocketMQTemplateObservation#TEMPLATE_OBSERVATION rocketmq.send} observation: a producer span when a
 * tracer is present, whose trace context a propagating handler writes into the message's user properties
 * ({@code traceparent}) before the message is sent. Without a registry nothing is allocated for it.
 */
public class MessageTemplate implements BeanNameAware {

    /** Content type of {@code String} payloads: {@value}. */
    public static final String TEXT_CONTENT_TYPE = "text/plain;charset=UTF-8";

    private final Producer producer;

    private final MessagePayloadConverter payloadConverter;

    private final RocketMQHeaderMapper headerMapper;

    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private RocketMQTemplateObservationConvention observationConvention;

    private String beanName = "messageTemplate";

    private volatile String producerGroup;

    /**
     * Creates a template with the default header mapping.
     *
     * @param producer the producer, started by its owner
     * @param payloadConverter converts payloads that are neither {@code byte[]} nor {@code String}
     */
    public MessageTemplate(Producer producer, MessagePayloadConverter payloadConverter) {
        this(producer, payloadConverter, new RocketMQHeaderMapper());
    }

    /**
     * Creates a template.
     *
     * @param producer the producer, started by its owner
     * @param payloadConverter converts payloads that are neither {@code byte[]} nor {@code String}
     * @param headerMapper maps the headers of Spring messages
     */
    public MessageTemplate(Producer producer, MessagePayloadConverter payloadConverter,
            RocketMQHeaderMapper headerMapper) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.payloadConverter = Objects.requireNonNull(payloadConverter, "payloadConverter");
        this.headerMapper = Objects.requireNonNull(headerMapper, "headerMapper");
    }

    /**
     * Sends a payload and waits for the broker's answer, retrying on other brokers within the send timeout.
     *
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @return the result
     */
    public SendResult send(String destination, Object payload) {
        return observeSend(SendMode.SYNC, createMessage(destination, payload), this.producer::send);
    }

    /**
     * Sends a payload with its own time budget (all attempts included).
     *
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param timeout the budget, instead of {@code rocketmq.producer.send-message-timeout}
     * @return the result
     */
    public SendResult send(String destination, Object payload, Duration timeout) {
        return observeSend(SendMode.SYNC, createMessage(destination, payload),
                (message) -> this.producer.send(message, timeout));
    }

    /**
     * Sends a payload with a key that indexes the message for look-up (an order id, a user id).
     *
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param key the key, without spaces; {@code null} for none
     * @return the result
     */
    public SendResult send(String destination, Object payload, String key) {
        return observeSend(SendMode.SYNC, createMessage(destination, payload, key), this.producer::send);
    }

    /**
     * Sends a payload with a key and its own time budget.
     *
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param key the key, without spaces; {@code null} for none
     * @param timeout the budget, instead of {@code rocketmq.producer.send-message-timeout}
     * @return the result
     */
    public SendResult send(String destination, Object payload, String key, Duration timeout) {
        return observeSend(SendMode.SYNC, createMessage(destination, payload, key),
                (message) -> this.producer.send(message, timeout));
    }

    /**
     * Sends a Spring message: its payload is converted, and its headers give the keys, tag, delay and user
     * properties (see {@link RocketMQHeaderMapper}).
     *
     * @param destination {@code topic} or {@code topic:tag}; a tag here takes precedence over a
     *        {@value RocketMQHeaders#TAGS} header
     * @param message the message
     * @return the result
     */
    public SendResult send(String destination, org.springframework.messaging.Message<?> message) {
        return observeSend(SendMode.SYNC, createMessage(destination, message), this.producer::send);
    }

    /**
     * Sends a payload without blocking on I/O. The caller blocks only when too many sends are in flight
     * ({@code rocketmq.producer.async.*}). The future completes on a Liftoff I/O thread: do not block in its
     * callbacks.
     *
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @return the result's future; completed exceptionally with the send's failure
     * @throws InvalidMessageException when the message breaks a rule (nothing was sent)
     */
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload) {
        return observeSendAsync(createMessage(destination, payload), this.producer::sendAsync);
    }

    /**
     * Sends a payload without blocking on I/O, with its own time budget: all attempts, and the longest wait for
     * room when too many sends are in flight.
     *
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param timeout the budget, instead of {@code rocketmq.producer.send-message-timeout}
     * @return the result's future
     * @throws InvalidMessageException when the message breaks a rule (nothing was sent)
     * @see #sendAsync(String, Object)
     */
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload, Duration timeout) {
        return observeSendAsync(createMessage(destination, payload),
                (message) -> this.producer.sendAsync(message, timeout));
    }

    /**
     * Sends a payload with a key without blocking on I/O.
     *
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param key the key, without spaces; {@code null} for none
     * @return the result's future
     * @throws InvalidMessageException when the message breaks a rule (nothing was sent)
     * @see #sendAsync(String, Object)
     */
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload, String key) {
        return observeSendAsync(createMessage(destination, payload, key), this.producer::sendAsync);
    }

    /**
     * Sends a payload with a key without blocking on I/O, with its own time budget.
     *
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param key the key, without spaces; {@code null} for none
     * @param timeout the budget, instead of {@code rocketmq.producer.send-message-timeout}
     * @return the result's future
     * @throws InvalidMessageException when the message breaks a rule (nothing was sent)
     * @see #sendAsync(String, Object, Duration)
     */
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload, String key,
            Duration timeout) {
        return observeSendAsync(createMessage(destination, payload, key),
                (message) -> this.producer.sendAsync(message, timeout));
    }

    /**
     * Sends a payload without waiting for, or reading, an answer: one attempt, no retries, and no way to know
     * whether it was stored. For data that may be lost (logs, metrics).
     *
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     */
    public void sendOneway(String destination, Object payload) {
        observeSend(SendMode.ONEWAY, createMessage(destination, payload), (message) -> {
            this.producer.sendOneway(message);
            return null;
        });
    }

    /**
     * Sends a payload to the queue its hash key maps to, so that the messages of one key (one order, one
     * account) are stored, and consumed, in send order. One attempt: never retried onto another queue.
     *
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @param hashKey chooses the queue by its {@code hashCode}; it is not stored as a message key
     * @return the result
     */
    public SendResult sendOrderly(String destination, Object payload, Object hashKey) {
        return observeSend(SendMode.ORDERLY, createMessage(destination, payload),
                (message) -> this.producer.sendOrderly(message, hashKey));
    }

    /**
     * Sends a payload that consumers receive only after a delay (a RocketMQ 5.x timer message; the broker's
     * {@code timerMaxDelaySec} bounds it, 3 days by default).
     *
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message} without a {@value RocketMQHeaders#DELAY} header
     * @param delay the delay, at least 1 ms
     * @return the result
     */
    public SendResult sendDelayed(String destination, Object payload, Duration delay) {
        return observeSend(SendMode.SYNC, builder(destination, payload).deliveryDelay(delay).build(),
                this.producer::send);
    }

    /**
     * Sends several payloads to one destination in one request. Batches are never compressed, and the whole
     * batch body must fit {@code rocketmq.producer.max-message-size}.
     *
     * @param destination {@code topic} or {@code topic:tag}, for every payload
     * @param payloads the payloads (or Spring {@code Message}s, none delayed), at least one
     * @return the result; its message id lists every message's id, comma-joined
     */
    public SendResult sendBatch(String destination, Collection<?> payloads) {
        if (payloads == null || payloads.isEmpty()) {
            throw new InvalidMessageException("Batch is empty: pass at least one payload");
        }
        List<Message> messages = new ArrayList<>(payloads.size());
        for (Object payload : payloads) {
            messages.add(createMessage(destination, payload));
        }
        if (!isObserved()) {
            return this.producer.sendBatch(messages);
        }
        List<Message.Builder> builders = new ArrayList<>(messages.size());
        for (Message message : messages) {
            builders.add(message.mutate());
        }
        RocketMQSenderContext context = new RocketMQSenderContext(builders, messages.get(0).topic(),
                messages.get(0).tag(), SendMode.BATCH, this.beanName, producerGroup());
        return observe(context, () -> {
            List<Message> observed = new ArrayList<>(builders.size());
            for (Message.Builder builder : builders) {
                observed.add(builder.build());
            }
            return this.producer.sendBatch(observed);
        });
    }

    /**
     * Builds the message this template would send, for sending with the {@link #getProducer() producer} directly
     * (with a queue selector, say) or for tests.
     *
     * @param destination {@code topic} or {@code topic:tag}
     * @param payload the payload, or a Spring {@code Message}
     * @return the message
     */
    public Message createMessage(String destination, Object payload) {
        return builder(destination, payload).build();
    }

    /** @return the producer this template sends through */
    public Producer getProducer() {
        return this.producer;
    }

    /**
     * Sets the registry that observes sends. Call before the template is used.
     *
     * @param observationRegistry the registry; {@link ObservationRegistry#NOOP} (the default) observes nothing
     */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = (observationRegistry != null) ? observationRegistry : ObservationRegistry.NOOP;
    }

    /**
     * Sets a convention that replaces the default one's name or key values. Call before the template is used.
     *
     * @param observationConvention the convention, or {@code null} for
     *        {@link RocketMQTemplateObservation.DefaultRocketMQTemplateObservationConvention the default}
     */
    public void setObservationConvention(RocketMQTemplateObservationConvention observationConvention) {
        this.observationConvention = observationConvention;
    }

    /**
     * Sets the name the observations' {@code rocketmq.template.name} key carries; the container calls it with the
     * bean name.
     *
     * @param beanName the name, default {@code messageTemplate}
     */
    @Override
    public void setBeanName(String beanName) {
        this.beanName = beanName;
    }

    /** @return whether sends are observed: a registry other than the no-op one is set */
    public boolean isObserved() {
        return !this.observationRegistry.isNoop();
    }

    private SendResult observeSend(SendMode mode, Message message, Function<Message, SendResult> send) {
        if (!isObserved()) {
            return send.apply(message);
        }
        Message.Builder builder = message.mutate();
        RocketMQSenderContext context = new RocketMQSenderContext(List.of(builder), message.topic(), message.tag(),
                mode, this.beanName, producerGroup());
        return observe(context, () -> send.apply(builder.build()));
    }

    private SendResult observe(RocketMQSenderContext context, Supplier<SendResult> send) {
        Observation observation = observation(context);
        observation.start();
        try (Observation.Scope scope = observation.openScope()) {
            SendResult result = send.get();
            context.setSendResult(result);
            return result;
        }
        catch (RuntimeException | Error ex) {
            observation.error(ex);
            throw ex;
        }
        finally {
            observation.stop();
        }
    }

    private CompletableFuture<SendResult> observeSendAsync(Message message,
            Function<Message, CompletableFuture<SendResult>> send) {
        if (!isObserved()) {
            return send.apply(message);
        }
        Message.Builder builder = message.mutate();
        RocketMQSenderContext context = new RocketMQSenderContext(List.of(builder), message.topic(), message.tag(),
                SendMode.ASYNC, this.beanName, producerGroup());
        Observation observation = observation(context);
        observation.start();
        CompletableFuture<SendResult> sent;
        try (Observation.Scope scope = observation.openScope()) {
            sent = send.apply(builder.build());
        }
        catch (RuntimeException | Error ex) {
            observation.error(ex);
            observation.stop();
            throw ex;
        }
        // A future of its own, completed after the observation stopped and with the producer's outcome unwrapped,
        // so that callers see what Producer.sendAsync gives them.
        CompletableFuture<SendResult> observed = new CompletableFuture<>();
        sent.whenComplete((result, error) -> {
            try {
                if (error != null) {
                    observation.error(unwrap(error));
                }
                else {
                    context.setSendResult(result);
                }
                observation.stop();
            }
            finally {
                if (error != null) {
                    observed.completeExceptionally(unwrap(error));
                }
                else {
                    observed.complete(result);
                }
            }
        });
        return observed;
    }

    private Observation observation(RocketMQSenderContext context) {
        return RocketMQTemplateObservation.TEMPLATE_OBSERVATION.observation(this.observationConvention,
                RocketMQTemplateObservation.DefaultRocketMQTemplateObservationConvention.INSTANCE, () -> context,
                this.observationRegistry);
    }

    private String producerGroup() {
        String group = this.producerGroup;
        if (group == null) {
            ProducerSnapshot snapshot = this.producer.snapshot();
            group = (snapshot != null && snapshot.group() != null) ? snapshot.group() : "unknown";
            this.producerGroup = group;
        }
        return group;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private Message createMessage(String destination, Object payload, String key) {
        Message.Builder builder = builder(destination, payload);
        if (key != null) {
            builder.keys(key);
        }
        return builder.build();
    }

    private Message.Builder builder(String destination, Object payload) {
        Destination parsed = Destination.parse(destination);
        Message.Builder builder = Message.builder(parsed.topic());
        if (payload instanceof org.springframework.messaging.Message<?> message) {
            body(builder, message.getPayload());
            this.headerMapper.fromHeaders(message.getHeaders(), builder);
        }
        else {
            body(builder, payload);
        }
        if (parsed.tag() != null) {
            builder.tag(parsed.tag());
        }
        return builder;
    }

    private void body(Message.Builder builder, Object payload) {
        if (payload == null) {
            throw new InvalidMessageException("Payload is null: send a byte[], a String or an object");
        }
        if (payload instanceof byte[] bytes) {
            builder.body(bytes);
        }
        else if (payload instanceof String text) {
            builder.body(text.getBytes(StandardCharsets.UTF_8));
            builder.property(RocketMQHeaders.CONTENT_TYPE, TEXT_CONTENT_TYPE);
        }
        else {
            MessageBody converted = this.payloadConverter.convert(payload);
            if (converted == null || converted.bytes() == null) {
                throw new MessageConversionException(this.payloadConverter.getClass().getName()
                        + " returned no body for a payload of type " + payload.getClass().getName());
            }
            builder.body(converted.bytes());
            if (converted.contentType() != null) {
                builder.property(RocketMQHeaders.CONTENT_TYPE, converted.contentType());
            }
        }
    }
}
