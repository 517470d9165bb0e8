package io.liftoff.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import io.liftoff.client.Message;
import io.liftoff.client.TransportOptions.HeaderFormat;
import io.liftoff.client.internal.message.EncodedMessage;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.message.UniqueIdGenerator;
import io.liftoff.client.internal.remoting.FrameCodecAccess;
import io.liftoff.client.internal.remoting.PooledBody;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.send.SendRequestsAccess;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.apache.rocketmq.common.compression.CompressionType;
import org.apache.rocketmq.common.compression.Compressor;
import org.apache.rocketmq.common.compression.CompressorFactory;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.SerializeType;
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
 * message: Liftoff's {@code MessageEncoder}, {@code SendRequests} header map and {@code FrameCodec}; the official
 * client's {@code Message} (it mutates messages, so one per send), {@code MessageClientIDSetter}, zlib compressor,
 * {@code SendMessageRequestHeaderV2} and {@code RemotingCommand.fastEncodeHeader} (what its {@code NettyEncoder}
 * calls). {@code buildRequest} is Liftoff's header map alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameEncodeBenchmark {

    @Param({ "128", "1024", "16384" })
    int size;

    @Param({ "JSON", "ROCKETMQ" })
    HeaderFormat header;

    private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

    private MessageEncoder encoder;

    private SendRequestsAccess requests;

    private Message message;

    private EncodedMessage encoded;

    private byte[] body;

    private Compressor zlib;

    private int opaque;

    @Setup
    public void setUp() {
        this.body = Fixtures.body(this.size);
        this.encoder = new MessageEncoder(MessageEncoder.DEFAULT_COMPRESS_THRESHOLD,
                MessageEncoder.DEFAULT_COMPRESS_LEVEL, new UniqueIdGenerator());
        this.requests = new SendRequestsAccess(Fixtures.GROUP, "TBW102", 4);
        this.message = Message.builder(Fixtures.TOPIC).tag(Fixtures.TAG).keys(Fixtures.KEY).body(this.body).build();
        this.encoded = this.encoder.encode(this.message);
        this.zlib = CompressorFactory.getCompressor(CompressionType.ZLIB);
    }

    @Benchmark
    public RemotingCommand liftoffBuildRequest() {
        return this.requests.request(Fixtures.TOPIC, this.encoded, 3, Fixtures.BROKER, System.currentTimeMillis());
    }

    @Benchmark
    public int liftoffFrame() {
        EncodedMessage encoded = this.encoder.encode(this.message);
        PooledBody compressed = null;
        if (this.encoder.compresses(encoded.body().length)) {
            // As the producer does: the compressed body goes to a pooled buffer, released when the send ends.
            compressed = FrameCodecAccess.pooledBody(MessageEncoder.compressBound(encoded.body().length));
            compressed.written(this.encoder.compressInto(encoded.body(), compressed.writable()));
        }
        RemotingCommand command = ((compressed != null)
                ? this.requests.request(Fixtures.TOPIC, encoded, compressed, 3, Fixtures.BROKER,
                        System.currentTimeMillis())
                : this.requests.request(Fixtures.TOPIC, encoded, 3, Fixtures.BROKER, System.currentTimeMillis()))
                .withOpaque(++this.opaque);
        ByteBuf out = this.allocator.ioBuffer(FrameCodecAccess.estimate(command));
        try {
            FrameCodecAccess.encode(command, this.header, out);
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
                Fixtures.TOPIC, Fixtures.TAG, Fixtures.KEY, this.body);
        MessageClientIDSetter.setUniqID(message);
        byte[] body = message.getBody();
        int sysFlag = 0;
        if (body.length >= 4096) {
            body = this.zlib.compress(body, 5);
            sysFlag = MessageSysFlag.COMPRESSED_FLAG | CompressionType.ZLIB.getCompressionFlag();
        }
        SendMessageRequestHeader header = new SendMessageRequestHeader();
        header.setProducerGroup(Fixtures.GROUP);
        header.setTopic(Fixtures.TOPIC);
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
        header.setBrokerName(Fixtures.BROKER);
        org.apache.rocketmq.remoting.protocol.RemotingCommand command = org.apache.rocketmq.remoting.protocol
                .RemotingCommand.createRequestCommand(RequestCode.SEND_MESSAGE_V2,
                        SendMessageRequestHeaderV2.createSendMessageRequestHeaderV2(header));
        command.setBody(body);
        command.setSerializeTypeCurrentRPC((this.header == HeaderFormat.ROCKETMQ) ? SerializeType.ROCKETMQ
                : SerializeType.JSON);
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
