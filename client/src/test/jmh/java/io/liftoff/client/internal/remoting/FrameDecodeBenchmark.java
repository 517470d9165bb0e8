package io.liftoff.client.internal.remoting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.TransportOptions.HeaderFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link FrameCodec#decode}: a broker's answer to a send (the header fields a 5.3 broker returns), in the header
 * format of the request (a broker answers in the format it was asked in).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameDecodeBenchmark {

    @Param({ "JSON", "ROCKETMQ" })
    HeaderFormat header;

    private ByteBuf frame;

    @Setup
    public void setUp() {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("MSG_REGION", "DefaultRegion");
        ext.put("TRACE_ON", "true");
        ext.put("msgId", "7F00000100002A9F000000000012D687");
        ext.put("queueId", "3");
        ext.put("queueOffset", "123456");
        RemotingCommand response = new RemotingCommand(0, LanguageCode.JAVA, 479, 42, RemotingCommand.FLAG_RESPONSE,
                null, ext, null);
        this.frame = Unpooled.directBuffer(512);
        FrameCodec.encode(response, SerializeType.of(this.header), this.frame);
    }

    @Benchmark
    public RemotingCommand decodeSendResponse() {
        this.frame.readerIndex(0);
        return FrameCodec.decode(this.frame, 16 * 1024 * 1024);
    }
}
