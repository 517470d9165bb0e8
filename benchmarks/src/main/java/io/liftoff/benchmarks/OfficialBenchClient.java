package io.liftoff.benchmarks;

import java.util.List;

import io.liftoff.client.CompressionCodec;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.compression.CompressionType;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.RPCHook;
import org.jspecify.annotations.Nullable;

/**
 * The official {@link DefaultMQProducer} (the root pom's {@code rocketmq.version}) with
 * its defaults.
 */
final class OfficialBenchClient implements BenchClient {

    /**
     * Name prefixes of the threads an official producer starts (its
     * {@code MQClientInstance}, Netty client, async sender and callback executors, and
     * service threads). The in-process broker's own remoting client, and a second
     * official producer, use the same names, so a thread counts only if it appeared
     * during this client's turns ({@link ThreadOwners}).
     */
    static final List<String> THREAD_PREFIXES = List.of("NettyClient", "NettyEventExecutor", "AsyncSenderExecutor_",
            "MQClientFactory", "PullMessageService", "RebalanceService", "ClientHouseKeepingService",
            "RequestHouseKeepingService", "GuardForSyncSendService", "GuardForAsyncSendService",
            "LatencyFaultTolerance", "MQTraceSendThread_");

    /** The name of the client with its defaults. */
    static final String NAME = "official";

    /** The name of the client with {@code autoBatch} on. */
    static final String AUTO_BATCH_NAME = "official-autobatch";

    /**
     * Builds the official client's messages as {@link MessageShape} says (also the
     * messages of the raw-batch frames).
     */
    static final MessageShape.MessageFactory<Message> MESSAGES = new MessageShape.MessageFactory<>() {

        @Override
        public Message plain(String topic, String tag, String key, byte[] body) {
            return new Message(topic, tag, key, body);
        }

        @Override
        public Message withProperties(String topic, String tag, String key, byte[] body, String tenant, String region,
                String traceId) {
            Message message = new Message(topic, tag, key, body);
            message.putUserProperty(MessageShape.TENANT, tenant);
            message.putUserProperty(MessageShape.REGION, region);
            message.putUserProperty(MessageShape.TRACE_ID, traceId);
            return message;
        }

    };

    private final String nameServer;

    private final String group;

    private final CompressionCodec codec;

    private final boolean autoBatch;

    private final ThreadOwners owners;

    private final boolean trace;

    private final @Nullable RPCHook aclHook;

    private DefaultMQProducer producer;

    /**
     * @param nameServer the NameServer address
     * @param autoBatch whether the producer batches by itself
     * ({@code setAutoBatch(true)}, every batching setting at its default): then its name
     * is {@value #AUTO_BATCH_NAME} and its group {@code <group>-autobatch}, else
     * {@value #NAME} and {@code group}
     * @param group the producer group, also its instance name
     * @param codec the compression codec
     * @param owners which threads appeared during this client's turns
     * @param trace whether it writes message trace records (the official trace
     * dispatcher)
     * @param aclHook signs its requests; none for unsigned requests
     */
    OfficialBenchClient(String nameServer, boolean autoBatch, String group, CompressionCodec codec, ThreadOwners owners,
            boolean trace, @Nullable RPCHook aclHook) {
        this.aclHook = aclHook;
        this.nameServer = nameServer;
        this.autoBatch = autoBatch;
        this.group = autoBatch ? group + "-autobatch" : group;
        this.codec = codec;
        this.owners = owners;
        this.trace = trace;
    }

    /**
     * Builds a producer as the benchmark does.
     * @param nameServer the NameServer address
     * @param group the producer group, also its instance name
     * @param codec the compression codec, set with the official API
     * ({@code setCompressType}; the level stays at its default 5, as Liftoff's)
     * @param trace whether it writes message trace records
     * @return a producer, not started
     */
    static DefaultMQProducer producer(String nameServer, String group, CompressionCodec codec, boolean trace) {
        return producer(nameServer, group, codec, trace, null);
    }

    /**
     * Builds a producer as the benchmark does, signing its requests with a hook.
     * @param aclHook an {@code AclClientRPCHook}; none for unsigned requests
     * @return a producer, not started
     */
    static DefaultMQProducer producer(String nameServer, String group, CompressionCodec codec, boolean trace,
            @Nullable RPCHook aclHook) {
        DefaultMQProducer producer = new DefaultMQProducer(group, aclHook, trace, null);
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName(group);
        producer.setCompressType(CompressionType.valueOf(codec.name()));
        return producer;
    }

    @Override
    public String name() {
        return this.autoBatch ? AUTO_BATCH_NAME : NAME;
    }

    @Override
    public String description() {
        String official = "org.apache.rocketmq:rocketmq-client " + OfficialVersion.name() + " DefaultMQProducer";
        if (!this.autoBatch) {
            return official + ", defaults";
        }
        // getTotalBatchMaxBytes() of 5.5.0 returns batchMaxBytes (ProduceAccumulator
        // answers with the wrong field); the limit in force is its field's default, 32
        // MiB.
        return official + ", setAutoBatch(true), the rest defaults"
                + ((this.producer != null) ? ": batchMaxDelayMs " + this.producer.getBatchMaxDelayMs()
                        + ", batchMaxBytes " + this.producer.getBatchMaxBytes()
                        + ", totalBatchMaxBytes 33554432 (getTotalBatchMaxBytes() says "
                        + this.producer.getTotalBatchMaxBytes() + ", a 5.5.0 bug)" : "");
    }

    @Override
    public void start() {
        this.producer = producer(this.nameServer, this.group, this.codec, this.trace, this.aclHook);
        // Only the switch: the accumulator keeps its defaults (batchMaxDelayMs 10,
        // batchMaxBytes 32 KiB, totalBatchMaxBytes 32 MiB in 5.5.0).
        this.producer.setAutoBatch(this.autoBatch);
        try {
            this.producer.start();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Official producer did not start", ex);
        }
    }

    private static Message message(RunMessages messages, int index) {
        return messages.build(index, MESSAGES);
    }

    @Override
    public void sendSync(RunMessages messages, int index) {
        SendResult result;
        try {
            result = this.producer.send(message(messages, index));
        }
        catch (Exception ex) {
            throw new IllegalStateException("Send failed: " + ex, ex);
        }
        if (result.getSendStatus() != SendStatus.SEND_OK) {
            throw new IllegalStateException("Stored with " + result.getSendStatus());
        }
    }

    @Override
    public void sendAsync(RunMessages messages, int index, long startNanos, Completion completion) {
        try {
            this.producer.send(message(messages, index), new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    completion.done(startNanos, (result.getSendStatus() != SendStatus.SEND_OK)
                            ? new IllegalStateException("Stored with " + result.getSendStatus()) : null);
                }

                @Override
                public void onException(Throwable error) {
                    completion.done(startNanos, error);
                }
            });
        }
        catch (Exception ex) {
            completion.done(startNanos, ex);
        }
    }

    @Override
    public void sendOneway(RunMessages messages, int index) {
        try {
            this.producer.sendOneway(message(messages, index));
        }
        catch (Exception ex) {
            throw new IllegalStateException("Oneway send failed: " + ex, ex);
        }
    }

    @Override
    public Sent sendForCheck(RunMessages messages, int index) {
        try {
            SendResult result = this.producer.send(message(messages, index));
            return new Sent(result.getMsgId(), result.getMessageQueue().getBrokerName(),
                    result.getMessageQueue().getQueueId(), result.getQueueOffset());
        }
        catch (Exception ex) {
            throw new IllegalStateException("Send failed: " + ex, ex);
        }
    }

    @Override
    public boolean owns(long id, String name) {
        if (name.startsWith(senderPrefix())) {
            return true;
        }
        if (!this.owners.createdFor(id, name())) {
            return false;
        }
        if (name.contains("@" + this.group + "_")) {
            // The send accumulator's service threads: Client_<ip>@<instance>_GuardFor...
            return true;
        }
        for (String prefix : THREAD_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (this.producer != null) {
            this.producer.shutdown();
        }
    }

}
