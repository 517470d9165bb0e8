package io.liftoff.client.internal.send;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import io.liftoff.client.internal.message.EncodedBatch;
import io.liftoff.client.internal.message.EncodedMessage;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.message.MessageValidator;
import io.liftoff.client.internal.remoting.PooledBody;
import org.jspecify.annotations.Nullable;

/**
 * Where a send is prepared: the message is validated (before any I/O), encoded once (id,
 * properties, flags), given its wire topic (namespace applied) and, when large, its body
 * compressed, here or on the compression pool. What comes out is a {@link PreparedSend}
 * that any number of attempts can write.
 */
final class SendPreparer {

    private final MessageValidator validator;

    private final MessageEncoder encoder;

    private final BodyCompressor compressor;

    private final @Nullable String namespace;

    private final int maxMessageSize;

    /**
     * @param validator checks messages
     * @param encoder encodes them
     * @param compressor compresses large bodies
     * @param namespace the producer's namespace, if any
     * @param maxMessageSize the largest body (or batch body) sent
     */
    SendPreparer(MessageValidator validator, MessageEncoder encoder, BodyCompressor compressor,
            @Nullable String namespace, int maxMessageSize) {
        this.validator = validator;
        this.encoder = encoder;
        this.compressor = compressor;
        this.namespace = namespace;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Validates and encodes a message, body not compressed yet.
     * @param message the message
     * @return its encoding
     * @throws InvalidMessageException naming the rule the message breaks
     */
    EncodedMessage encode(@Nullable Message message) {
        return this.encoder.encode(validated(message));
    }

    /**
     * Validates, encodes and compresses a message on this thread.
     * @param message the message
     * @return it, ready to send
     */
    PreparedSend prepare(Message message) {
        return compressed(message, encode(message));
    }

    /**
     * Validates a request as the application built it, then encodes it with the
     * properties request-reply adds (names RocketMQ reserves, so not valid as user
     * properties).
     * @param message the request
     * @param requestProperties the added properties
     * @return its encoding, body not compressed yet
     * @throws InvalidMessageException naming the rule the message breaks
     */
    EncodedMessage encodeRequest(@Nullable Message message, Map<String, String> requestProperties) {
        if (message == null) {
            throw new InvalidMessageException("Message must not be null");
        }
        this.validator.validate(message);
        return this.encoder.encode(message.mutate().properties(requestProperties).build());
    }

    /**
     * Validates and encodes the half message of a transactional send, and compresses its
     * body on this thread when large.
     * @param message the message
     * @param producerGroup the producer group on the wire
     * @return the half message, ready to send
     * @throws InvalidMessageException naming the rule the message breaks, or when it is
     * delayed (the official client drops a delay level silently; RocketMQ 5's message
     * types make transactional and delayed messages exclusive)
     */
    PreparedSend halfMessage(@Nullable Message message, String producerGroup) {
        Message valid = validated(message);
        if (valid.isDelayed()) {
            throw new InvalidMessageException("Transactional message to topic '" + valid.topic()
                    + "' is delayed; a transactional message cannot be delayed: send it without a delivery delay, "
                    + "time or level");
        }
        return compressed(valid, this.encoder.encodeHalf(valid, producerGroup));
    }

    /**
     * Tells whether an encoded message's body will be compressed, so that async and
     * oneway sends can do it on the pool.
     * @param encoded the message
     * @return whether its body reaches the threshold
     */
    boolean compresses(EncodedMessage encoded) {
        return this.compressor.compresses(encoded.body().length);
    }

    /**
     * The send with its body as encoded, not compressed.
     * @param message the message
     * @param encoded its encoding
     * @return the send
     */
    PreparedSend plain(Message message, EncodedMessage encoded) {
        return new PreparedSend(message.topic(), wireTopic(message.topic()), encoded.uniqueId(),
                encoded.propertyBytes(), encoded.body(), null, encoded.sysFlag(), encoded.flag(), false);
    }

    /**
     * The send with its body compressed when it reaches the threshold, on this thread.
     * The compressed body is in a pooled buffer, and whoever ends the send releases it
     * ({@link PreparedSend#release()}); when compressing does not make it smaller the
     * body goes as it is.
     * @param message the message
     * @param encoded its encoding
     * @return the send
     */
    PreparedSend compressed(Message message, EncodedMessage encoded) {
        if (!compresses(encoded)) {
            return plain(message, encoded);
        }
        PooledBody pooled = this.compressor.compress(encoded.body());
        if (pooled == null) {
            return plain(message, encoded);
        }
        return new PreparedSend(message.topic(), wireTopic(message.topic()), encoded.uniqueId(),
                encoded.propertyBytes(), null, pooled, this.encoder.compressedSysFlag(encoded.sysFlag()),
                encoded.flag(), false);
    }

    /**
     * Compresses a large body on the compression pool and goes on there with the
     * compressed send, or with why compression failed.
     * @param message the message
     * @param encoded its encoding
     * @param then what to do with the send
     * @param failed what to do when compression failed
     * @throws java.util.concurrent.RejectedExecutionException when the pool is shut down
     */
    void compressOnPool(Message message, EncodedMessage encoded, Consumer<PreparedSend> then,
            Consumer<Throwable> failed) {
        this.compressor.onPool(() -> {
            PreparedSend compressed;
            try {
                compressed = compressed(message, encoded);
            }
            catch (RuntimeException | Error ex) {
                failed.accept(ex);
                return;
            }
            then.accept(compressed);
        });
    }

    /**
     * Validates and encodes a batch as one send.
     * @param messages the messages, one topic, none delayed
     * @return the batch, ready to send
     * @throws InvalidMessageException naming the rule the batch breaks, or when it
     * encodes to more than the maximum message size
     */
    PreparedSend batch(List<Message> messages) {
        this.validator.validateBatch(messages);
        EncodedBatch batch = this.encoder.encodeBatch(messages);
        if (batch.body().length > this.maxMessageSize) {
            throw new InvalidMessageException(
                    "Batch of " + messages.size() + " messages encodes to " + batch.body().length
                            + " bytes, over the maximum message size of " + this.maxMessageSize + " bytes");
        }
        String topic = messages.get(0).topic();
        return new PreparedSend(topic, wireTopic(topic), batch.uniqueIds(), batch.propertyBytes(), batch.body(), null,
                0, 0, true);
    }

    private Message validated(@Nullable Message message) {
        if (message == null) {
            throw new InvalidMessageException("Message must not be null");
        }
        this.validator.validate(message);
        return message;
    }

    /**
     * Gives a topic its name on the wire.
     * @param topic the topic as the application names it
     * @return it with the namespace applied
     */
    String wireTopic(String topic) {
        return Namespaces.wrap(this.namespace, topic);
    }

}
