package io.liftoff.client.internal.remoting;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.liftoff.client.Message;
import io.liftoff.client.TransportOptions.HeaderFormat;
import io.liftoff.client.internal.message.EncodedMessage;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.message.UniqueIdGenerator;
import io.liftoff.client.internal.send.PreparedSend;
import io.liftoff.client.internal.send.SendRequests;
import io.liftoff.client.testing.BenchmarkFixtures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.apache.rocketmq.common.compression.CompressionType;
import org.apache.rocketmq.common.compression.Compressor;
import org.apache.rocketmq.common.compression.CompressorFactory;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A message into a whole SEND_MESSAGE_V2 frame in a pooled direct buffer, as each client's send path does it, per
 * message: Liftoff's {@code MessageEncoder}, a compressed body in a {@link PooledBody}, the send request header and
 * {@link FrameCodec#encode} in a buffer sized as {@code FrameEncoder} sizes it; the official client's
 * {@code Message} (it mutates messages, so one per send), {@code MessageClientIDSetter}, zlib compressor,
 * {@code SendMessageRequestHeaderV2} and {@code RemotingCommand.fastEncodeHeader} (what its {@code NettyEncoder}
 * calls).
 * The send and its request are the producer's own {@link PreparedSend} and {@link SendRequests}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameEncodeBenchmark {

    private static final int OFFICIAL_SEND_MESSAGE_V2 = org.apache.rocketmq.remoting.protocol.RequestCode
            .SEND_MESSAGE_V2;

    @Param({ "128", "1024", "16384" })
    int size;

    @Param({ "JSON", "ROCKETMQ" })
    HeaderFormat header;

    private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

    private final AtomicInteger pooledBodies = new AtomicInteger();

    private SerializeType format;

    private org.apache.rocketmq.remoting.protocol.SerializeType officialFormat;

    private MessageEncoder encoder;

    private Message message;

    private byte[] body;

    private Compressor zlib;

    private int opaque;

    private final SendRequests requests = new SendRequests("bench-group", "TBW102", 4);

    @Setup
    public void setUp() {
        this.format = SerializeType.of(this.header);
        this.officialFormat = (this.header == HeaderFormat.ROCKETMQ)
                ? org.apache.rocketmq.remoting.protocol.SerializeType.ROCKETMQ
                : org.apache.rocketmq.remoting.protocol.SerializeType.JSON;
        this.body = BenchmarkFixtures.body(this.size);
        this.encoder = new MessageEncoder(MessageEncoder.DEFAULT_COMPRESS_THRESHOLD,
                MessageEncoder.DEFAULT_COMPRESS_LEVEL, new UniqueIdGenerator());
        this.message = Message.builder(BenchmarkFixtures.TOPIC).tag(BenchmarkFixtures.TAG)
                .keys(BenchmarkFixtures.KEY).body(this.body).build();
        this.zlib = CompressorFactory.getCompressor(CompressionType.ZLIB);
    }

    @Benchmark
    public int liftoffFrame() {
        EncodedMessage encoded = this.encoder.encode(this.message);
        PooledBody compressed = null;
        int sysFlag = encoded.sysFlag();
        if (this.encoder.compresses(encoded.body().length)) {
            // As the producer does: the compressed body goes to a pooled buffer, released when the send ends.
            int capacity = this.encoder.compressBound(encoded.body().length);
            compressed = new PooledBody(this.allocator.directBuffer(capacity, capacity), this.pooledBodies);
            compressed.written(this.encoder.compressInto(encoded.body(), compressed.writable()));
            sysFlag = this.encoder.compressedSysFlag(sysFlag);
        }
        PreparedSend send = new PreparedSend(BenchmarkFixtures.TOPIC, BenchmarkFixtures.TOPIC, encoded.uniqueId(),
                encoded.propertyBytes(), (compressed != null) ? null : encoded.body(), compressed, sysFlag,
                encoded.flag(), false);
        RemotingCommand command = this.requests.request(send, 3, BenchmarkFixtures.BROKER,
                System.currentTimeMillis(), ++this.opaque);
        ByteBuf out = this.allocator.ioBuffer(FrameCodec.estimateLength(command));
        try {
            FrameCodec.encode(command, this.format, out);
            return out.readableBytes();
        }
        finally {
            out.release();
            if (compressed != null) {
                compressed.release();
            }
        }
    }

    @Benchmark
    public int officialFrame() throws Exception {
        org.apache.rocketmq.common.message.Message message = new org.apache.rocketmq.common.message.Message(
                BenchmarkFixtures.TOPIC, BenchmarkFixtures.TAG, BenchmarkFixtures.KEY, this.body);
        MessageClientIDSetter.setUniqID(message);
        byte[] body = message.getBody();
        int sysFlag = 0;
        if (body.length >= 4096) {
            body = this.zlib.compress(body, 5);
            sysFlag = MessageSysFlag.COMPRESSED_FLAG | CompressionType.ZLIB.getCompressionFlag();
        }
        SendMessageRequestHeader header = new SendMessageRequestHeader();
        header.setProducerGroup(BenchmarkFixtures.GROUP);
        header.setTopic(BenchmarkFixtures.TOPIC);
        header.setDefaultTopic("TBW102");
        header.setDefaultTopicQueueNums(4);
        header.setQueueId(3);
        header.setSysFlag(sysFlag);
        header.setBornTimestamp(System.currentTimeMillis());
        header.setFlag(message.getFlag());
        header.setProperties(MessageDecoder.messageProperties2String(message.getProperties()));
        header.setReconsumeTimes(0);
        header.setUnitMode(false);
        header.setBatch(false);
        header.setBrokerName(BenchmarkFixtures.BROKER);
        org.apache.rocketmq.remoting.protocol.RemotingCommand command = org.apache.rocketmq.remoting.protocol
                .RemotingCommand.createRequestCommand(OFFICIAL_SEND_MESSAGE_V2,
                        SendMessageRequestHeaderV2.createSendMessageRequestHeaderV2(header));
        command.setBody(body);
        command.setSerializeTypeCurrentRPC(this.officialFormat);
        ByteBuf out = this.allocator.ioBuffer(256 + body.length);
        try {
            command.fastEncodeHeader(out);
            out.writeBytes(body);
            return out.readableBytes();
        }
        finally {
            out.release();
        }
    }
}
