package io.liftoff.benchmarks;

import io.liftoff.client.CompressionCodec;
import io.liftoff.client.Credentials;
import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.client.SendOptions;
import io.liftoff.client.SendResult;
import io.liftoff.client.TraceOptions;
import io.liftoff.client.SendStatus;
import io.liftoff.client.TransportOptions;
import io.liftoff.client.TransportOptions.HeaderFormat;
import org.jspecify.annotations.Nullable;

/** Liftoff's {@link Producer} with its defaults, except the header format when asked. */
final class LiftoffBenchClient implements BenchClient {

    /** Builds Liftoff's messages as {@link MessageShape} says. */
    private static final MessageShape.MessageFactory<Message> MESSAGES = new MessageShape.MessageFactory<>() {

        @Override
        public Message plain(String topic, String tag, String key, byte[] body) {
            return Message.builder(topic).tag(tag).keys(key).body(body).build();
        }

        @Override
        public Message withProperties(String topic, String tag, String key, byte[] body, String tenant, String region,
                String traceId) {
            return Message.builder(topic)
                .tag(tag)
                .keys(key)
                .body(body)
                .property(MessageShape.TENANT, tenant)
                .property(MessageShape.REGION, region)
                .property(MessageShape.TRACE_ID, traceId)
                .build();
        }

    };

    private final String nameServer;

    private final String group;

    private final CompressionCodec codec;

    private final HeaderFormat header;

    private final boolean trace;

    private final @Nullable Credentials credentials;

    private Producer producer;

    LiftoffBenchClient(String nameServer, String group, HeaderFormat header, CompressionCodec codec, boolean trace,
            @Nullable Credentials credentials) {
        this.credentials = credentials;
        this.nameServer = nameServer;
        this.group = group;
        this.header = header;
        this.codec = codec;
        this.trace = trace;
    }

    /**
     * Builds a producer as the benchmark does.
     * @param nameServer the NameServer address
     * @param group the producer group
     * @param header the header format
     * @param codec the compression codec
     * @param trace whether it writes message trace records
     * @return a producer, not started
     */
    static Producer producer(String nameServer, String group, HeaderFormat header, CompressionCodec codec,
            boolean trace) {
        return producer(nameServer, group, header, codec, trace, null);
    }

    /**
     * Builds a producer as the benchmark does, signing its requests.
     * @param credentials the credentials; none for unsigned requests
     * @return a producer, not started
     */
    static Producer producer(String nameServer, String group, HeaderFormat header, CompressionCodec codec,
            boolean trace, @Nullable Credentials credentials) {
        return Producer.builder()
            .credentials(credentials)
            .nameServer(nameServer)
            .group(group)
            .transportOptions(TransportOptions.builder().headerFormat(header).build())
            .sendOptions(SendOptions.builder().compressType(codec).build())
            .trace(trace ? TraceOptions.enabled() : TraceOptions.disabled())
            .build();
    }

    @Override
    public String name() {
        return "liftoff";
    }

    @Override
    public String description() {
        return "io.liftoff.client.Producer, defaults, header format " + this.header;
    }

    @Override
    public void start() {
        this.producer = producer(this.nameServer, this.group, this.header, this.codec, this.trace, this.credentials);
        this.producer.start();
    }

    private static Message message(RunMessages messages, int index) {
        return messages.build(index, MESSAGES);
    }

    @Override
    public void sendSync(RunMessages messages, int index) {
        SendResult result = this.producer.send(message(messages, index));
        if (result.status() != SendStatus.SEND_OK) {
            throw new IllegalStateException("Stored with " + result.status());
        }
    }

    @Override
    public void sendAsync(RunMessages messages, int index, long startNanos, Completion completion) {
        try {
            this.producer.sendAsync(message(messages, index))
                .whenComplete((result, error) -> completion.done(startNanos,
                        (error != null) ? error : (result.status() != SendStatus.SEND_OK)
                                ? new IllegalStateException("Stored with " + result.status()) : null));
        }
        catch (RuntimeException ex) {
            completion.done(startNanos, ex);
        }
    }

    @Override
    public void sendOneway(RunMessages messages, int index) {
        this.producer.sendOneway(message(messages, index));
    }

    @Override
    public Sent sendForCheck(RunMessages messages, int index) {
        SendResult result = this.producer.send(message(messages, index));
        return new Sent(result.messageId(), result.queue().brokerName(), result.queue().queueId(),
                result.queueOffset());
    }

    @Override
    public boolean owns(long id, String name) {
        return (name.startsWith("liftoff-") && !name.startsWith("liftoff-embedded")) || name.startsWith(senderPrefix());
    }

    @Override
    public void close() {
        if (this.producer != null) {
            this.producer.close();
        }
    }

}
