package io.liftoff.client.internal.message;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.Message;
import io.liftoff.client.testing.BenchmarkFixtures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link MessageEncoder#encode} (a new message id, the property string) and, from 4 KiB, the body compressed with
 * {@link MessageEncoder#compressInto} (zlib level 5, as the official client) into a direct buffer, as the producer
 * does into a pooled one. The message is built once: Liftoff messages are immutable and reusable.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MessageEncodeBenchmark {

    @Param({ "128", "1024", "16384" })
    int size;

    private MessageEncoder encoder;

    private Message message;

    private ByteBuffer compressed;

    @Setup
    public void setUp() {
        this.encoder = new MessageEncoder(MessageEncoder.DEFAULT_COMPRESS_THRESHOLD,
                MessageEncoder.DEFAULT_COMPRESS_LEVEL, new UniqueIdGenerator());
        this.message = Message.builder(BenchmarkFixtures.TOPIC).tag(BenchmarkFixtures.TAG).keys(BenchmarkFixtures.KEY)
                .body(BenchmarkFixtures.body(this.size)).build();
        this.compressed = ByteBuffer.allocateDirect(this.encoder.compressBound(this.size));
    }

    @Benchmark
    public int encode() {
        EncodedMessage encoded = this.encoder.encode(this.message);
        if (!this.encoder.compresses(encoded.body().length)) {
            return encoded.propertyBytes().length;
        }
        this.compressed.clear();
        return this.encoder.compressInto(encoded.body(), this.compressed);
    }

    @Benchmark
    public Message buildMessage() {
        return Message.builder(BenchmarkFixtures.TOPIC).tag(BenchmarkFixtures.TAG).keys(BenchmarkFixtures.KEY)
                .body(this.message.body()).build();
    }
}
