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

import io.liftoff.client.HalfMessage;
import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.client.ReplyMessage;
import io.liftoff.client.ProducerSnapshot;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendResult;
import io.liftoff.client.TransactionListener;
import io.liftoff.client.TransactionResult;
import io.liftoff.spring.observation.ObservedTransactionChecker;
import io.liftoff.spring.observation.RocketMQSenderContext;
import io.liftoff.spring.observation.RocketMQTemplateObservation;
import io.liftoff.spring.observation.RocketMQTemplateObservationConvention;
import io.liftoff.spring.observation.TransactionObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanNameAware;
import org.springframework.messaging.converter.MessageConversionException;

/**
 * The {@link MessageOperations} that sends through a {@link Producer}, converting
 * payloads with a {@link MessagePayloadConverter} and mapping Spring message headers with
 * a {@link RocketMQHeaderMapper}. Thread-safe; the auto-configuration defines one.
 *
 * <h2>Observation</h2> With an {@link #setObservationRegistry(ObservationRegistry)
 * ObservationRegistry} (the auto-configuration sets the application's unless
 * {@code rocketmq.template.observation-enabled=false}), each send, or batch, is one
 * {@link RocketMQTemplateObservation#TEMPLATE_OBSERVATION rocketmq.send} observation: a
 * producer span when a tracer is present, whose trace context a propagating handler
 * writes into the message's user properties ({@code traceparent}) before the message is
 * sent. Without a registry nothing is allocated for it. Transactional sends are
 * {@link io.liftoff.spring.observation.RocketMQTransactionObservation#TRANSACTION
 * rocketmq.transaction} observations, with the decision as a key, and the checker's
 * answers to the broker's checks are
 * {@link io.liftoff.spring.observation.RocketMQTransactionObservation#CHECK
 * rocketmq.transaction.check} observations.
 */
public class MessageTemplate implements MessageOperations, BeanNameAware {

    /** Content type of {@code String} payloads: {@value}. */
    public static final String TEXT_CONTENT_TYPE = "text/plain;charset=UTF-8";

    private final Producer producer;

    private final MessagePayloadConverter payloadConverter;

    private final RocketMQHeaderMapper headerMapper;

    private LocalTransactionRunner localTransactionRunner = LocalTransactionRunner.DIRECT;

    private volatile @Nullable TransactionListener transactionChecker;

    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private @Nullable RocketMQTemplateObservationConvention observationConvention;

    private String beanName = "messageTemplate";

    private volatile @Nullable String producerGroup;

    /**
     * Creates a template with the default header mapping.
     * @param producer the producer, started by its owner
     * @param payloadConverter converts payloads that are neither {@code byte[]} nor
     * {@code String}
     */
    public MessageTemplate(Producer producer, MessagePayloadConverter payloadConverter) {
        this(producer, payloadConverter, new RocketMQHeaderMapper());
    }

    /**
     * Creates a template.
     * @param producer the producer, started by its owner
     * @param payloadConverter converts payloads that are neither {@code byte[]} nor
     * {@code String}
     * @param headerMapper maps the headers of Spring messages
     */
    public MessageTemplate(Producer producer, MessagePayloadConverter payloadConverter,
            RocketMQHeaderMapper headerMapper) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.payloadConverter = Objects.requireNonNull(payloadConverter, "payloadConverter");
        this.headerMapper = Objects.requireNonNull(headerMapper, "headerMapper");
    }

    @Override
    public SendResult send(String destination, Object payload) {
        return observeSend(SendMode.SYNC, createMessage(destination, payload), this.producer::send);
    }

    @Override
    public SendResult send(String destination, Object payload, Duration timeout) {
        return observeSend(SendMode.SYNC, createMessage(destination, payload),
                (message) -> this.producer.send(message, timeout));
    }

    @Override
    public SendResult send(String destination, Object payload, @Nullable String key) {
        return observeSend(SendMode.SYNC, createMessage(destination, payload, key), this.producer::send);
    }

    @Override
    public SendResult send(String destination, Object payload, @Nullable String key, Duration timeout) {
        return observeSend(SendMode.SYNC, createMessage(destination, payload, key),
                (message) -> this.producer.send(message, timeout));
    }

    @Override
    public SendResult send(String destination, org.springframework.messaging.Message<?> message) {
        return observeSend(SendMode.SYNC, createMessage(destination, message), this.producer::send);
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload) {
        return observeSendAsync(createMessage(destination, payload), this.producer::sendAsync);
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload, Duration timeout) {
        return observeSendAsync(createMessage(destination, payload),
                (message) -> this.producer.sendAsync(message, timeout));
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload, @Nullable String key) {
        return observeSendAsync(createMessage(destination, payload, key), this.producer::sendAsync);
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload, @Nullable String key,
            Duration timeout) {
        return observeSendAsync(createMessage(destination, payload, key),
                (message) -> this.producer.sendAsync(message, timeout));
    }

    @Override
    public void sendOneway(String destination, Object payload) {
        observeSend(SendMode.ONEWAY, createMessage(destination, payload), (message) -> {
            this.producer.sendOneway(message);
            return null;
        });
    }

    @Override
    public SendResult sendOrderly(String destination, Object payload, Object hashKey) {
        return observeSend(SendMode.ORDERLY, createMessage(destination, payload),
                (message) -> this.producer.sendOrderly(message, hashKey));
    }

    @Override
    public SendResult sendDelayed(String destination, Object payload, Duration delay) {
        return observeSend(SendMode.SYNC, builder(destination, payload).deliveryDelay(delay).build(),
                this.producer::send);
    }

    @Override
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

    @Override
    public <T> T sendAndReceive(String destination, Object payload, Class<T> replyType, Duration timeout) {
        Objects.requireNonNull(replyType, "replyType");
        return read(this.producer.request(createMessage(destination, payload), timeout), replyType);
    }

    @Override
    public <T> CompletableFuture<T> sendAndReceiveAsync(String destination, Object payload, Class<T> replyType,
            Duration timeout) {
        Objects.requireNonNull(replyType, "replyType");
        return this.producer.requestAsync(createMessage(destination, payload), timeout)
            .thenApply((reply) -> read(reply, replyType));
    }

    private <T> T read(ReplyMessage reply, Class<T> type) {
        if (type == ReplyMessage.class) {
            return type.cast(reply);
        }
        if (type == byte[].class) {
            return type.cast(reply.body());
        }
        if (type == String.class) {
            return type.cast(new String(reply.body(), StandardCharsets.UTF_8));
        }
        return this.payloadConverter.read(reply.body(), reply.properties().get(RocketMQHeaders.CONTENT_TYPE), type);
    }

    @Override
    public TransactionResult sendInTransaction(String destination, Object payload, TransactionListener listener,
            @Nullable Object arg) {
        Objects.requireNonNull(listener, "listener");
        return sendObserved(createMessage(destination, payload),
                (message) -> this.producer.sendInTransaction(message, listener, arg), () -> null);
    }

    @Override
    public TransactionResult sendInTransaction(String destination, Object payload, Runnable localTransaction) {
        Objects.requireNonNull(localTransaction, "localTransaction");
        LocalWork work = new LocalWork(localTransaction);
        TransactionResult result = sendObserved(createMessage(destination, payload),
                (message) -> this.producer.sendInTransaction(message, work, null), () -> work.failure);
        RuntimeException failure = work.failure;
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    private TransactionResult sendObserved(Message message, Function<Message, TransactionResult> send,
            Supplier<@Nullable Throwable> localFailure) {
        if (!isObserved()) {
            return send.apply(message);
        }
        return TransactionObservations.observe(this.observationRegistry, message.mutate(), this.beanName,
                producerGroup(), send, localFailure);
    }

    @Override
    public Message createMessage(String destination, Object payload) {
        return builder(destination, payload).build();
    }

    /**
     * Sets what runs the local transactions of
     * {@link #sendInTransaction(String, Object, Runnable)} (default: as they are; the
     * auto-configuration sets the application's {@code PlatformTransactionManager}).
     * @param localTransactionRunner the runner
     */
    public void setLocalTransactionRunner(LocalTransactionRunner localTransactionRunner) {
        this.localTransactionRunner = Objects.requireNonNull(localTransactionRunner, "localTransactionRunner");
    }

    /**
     * Sets the listener that answers the broker's checks of messages sent with
     * {@link #sendInTransaction(String, Object, Runnable)} (the auto-configuration sets
     * the context's {@link TransactionListener} bean); without one such checks are
     * answered UNKNOWN, and the broker asks again.
     * @param transactionChecker the listener, or none
     */
    public void setTransactionChecker(@Nullable TransactionListener transactionChecker) {
        this.transactionChecker = (transactionChecker != null)
                ? new ObservedTransactionChecker(transactionChecker, () -> this.observationRegistry, producerGroup())
                : null;
    }

    /**
     * @return the producer this template sends through
     */
    public Producer getProducer() {
        return this.producer;
    }

    /**
     * Sets the registry that observes sends. Call before the template is used.
     * @param observationRegistry the registry; {@link ObservationRegistry#NOOP} (the
     * default) observes nothing
     */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = (observationRegistry != null) ? observationRegistry : ObservationRegistry.NOOP;
    }

    /**
     * Sets a convention that replaces the default one's name or key values. Call before
     * the template is used.
     * @param observationConvention the convention; none for
     * {@link RocketMQTemplateObservation.DefaultRocketMQTemplateObservationConvention the
     * default}
     */
    public void setObservationConvention(@Nullable RocketMQTemplateObservationConvention observationConvention) {
        this.observationConvention = observationConvention;
    }

    /**
     * Sets the name the observations' {@code rocketmq.template.name} key carries; the
     * container calls it with the bean name.
     * @param beanName the name, default {@code messageTemplate}
     */
    @Override
    public void setBeanName(String beanName) {
        this.beanName = beanName;
    }

    /**
     * @return whether sends are observed: a registry other than the no-op one is set
     */
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
        return observation(context).observe(() -> {
            SendResult result = send.get();
            context.setSendResult(result);
            return result;
        });
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
        // A future of its own, completed after the observation stopped and with the
        // producer's outcome unwrapped,
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

    private Message createMessage(String destination, Object payload, @Nullable String key) {
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

    private void body(Message.Builder builder, @Nullable Object payload) {
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

    /**
     * The local transaction of {@link #sendInTransaction(String, Object, Runnable)}:
     * commit when it returns, roll back when it throws (kept to rethrow), checks to the
     * checker. Package-private for {@link MessageTemplateRuntimeHints}.
     */
    final class LocalWork implements TransactionListener {

        private final Runnable work;

        private @Nullable RuntimeException failure;

        LocalWork(Runnable work) {
            this.work = work;
        }

        @Override
        public LocalTransactionState executeLocalTransaction(Message message, @Nullable Object arg) {
            try {
                MessageTemplate.this.localTransactionRunner.run(this.work);
                return LocalTransactionState.COMMIT;
            }
            catch (RuntimeException ex) {
                this.failure = ex;
                return LocalTransactionState.ROLLBACK;
            }
        }

        @Override
        public LocalTransactionState checkLocalTransaction(HalfMessage message) {
            TransactionListener checker = MessageTemplate.this.transactionChecker;
            return (checker != null) ? checker.checkLocalTransaction(message) : LocalTransactionState.UNKNOWN;
        }

    }

}
