package io.liftoff.client.internal.remoting;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.liftoff.client.Message;
import io.liftoff.client.TransportOptions.HeaderFormat;
import io.liftoff.client.internal.message.EncodedMessage;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.message.UniqueIdGenerator;
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
 * <p>
 * The send and its request header are {@link Send} and {@link SendHeader}, copies of {@code send.PreparedSend} and
 * of the private header of {@code send.SendRequests} (that package is out of reach from here), allocated as the
 * producer allocates them; {@code send.SendRequestsBenchmark} measures the real ones.
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
            int capacity = MessageEncoder.compressBound(encoded.body().length);
            compressed = new PooledBody(this.allocator.directBuffer(capacity, capacity), this.pooledBodies);
            compressed.written(this.encoder.compressInto(encoded.body(), compressed.writable()));
            sysFlag = MessageEncoder.compressedSysFlag(sysFlag);
        }
        Send send = new Send(BenchmarkFixtures.TOPIC, BenchmarkFixtures.TOPIC, encoded.uniqueId(),
                encoded.propertyBytes(), (compressed != null) ? null : encoded.body(), compressed, sysFlag,
                encoded.flag(), false);
        SendHeader ext = new SendHeader(send, 3, BenchmarkFixtures.BROKER, System.currentTimeMillis());
        RemotingCommand command = new RemotingCommand(RequestCode.SEND_MESSAGE_V2, LanguageCode.JAVA,
                RemotingCommand.VERSION, ++this.opaque, 0, null, ext, send.body(), send.pooledBody());
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

    /** What the producer prepares once per send: {@code send.PreparedSend}'s components. */
    private record Send(String topic, String wireTopic, String messageId, byte[] properties, byte[] body,
            PooledBody pooledBody, int sysFlag, int flag, boolean batch) {
    }

    /**
     * SendMessageRequestHeaderV2 as {@code SendRequests} writes it for one attempt of a single message (a copy of
     * its private header: the same single-letter names, cached decimals and the born timestamp as a number).
     */
    private static final class SendHeader extends CustomHeader {

        private static final String[] V2_NAMES = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "m", "n" };

        private static final String[] SMALL_INTS = new String[1024];

        static {
            for (int i = 0; i < SMALL_INTS.length; i++) {
                SMALL_INTS[i] = Integer.toString(i);
            }
        }

        private static final int BORN_TIMESTAMP = 6;

        private final Send send;

        private final int queueId;

        private final String brokerName;

        private final long bornTimestamp;

        SendHeader(Send send, int queueId, String brokerName, long bornTimestamp) {
            this.send = send;
            this.queueId = queueId;
            this.brokerName = brokerName;
            this.bornTimestamp = bornTimestamp;
        }

        private static String decimal(int value) {
            return (value >= 0 && value < SMALL_INTS.length) ? SMALL_INTS[value] : Integer.toString(value);
        }

        @Override
        protected int fieldCount() {
            return V2_NAMES.length;
        }

        @Override
        protected String name(int index) {
            return V2_NAMES[index];
        }

        @Override
        protected boolean isNumber(int index) {
            return index == BORN_TIMESTAMP;
        }

        @Override
        protected long number(int index) {
            return this.bornTimestamp;
        }

        @Override
        protected Object rawValue(int index) {
            return switch (index) {
                case 0 -> BenchmarkFixtures.GROUP;
                case 1 -> this.send.wireTopic();
                case 2 -> "TBW102";
                case 3 -> "4";
                case 4 -> decimal(this.queueId);
                case 5 -> decimal(this.send.sysFlag());
                case BORN_TIMESTAMP -> this.bornTimestamp;
                case 7 -> decimal(this.send.flag());
                case 8 -> this.send.properties();
                case 9 -> "0";
                case 10 -> "false";
                case 11 -> this.send.batch() ? "true" : "false";
                case 12 -> this.brokerName;
                default -> throw new IndexOutOfBoundsException(index);
            };
        }
    }
}
