package io.liftoff.client.internal.send;

import java.util.concurrent.TimeUnit;

import io.liftoff.client.Message;
import io.liftoff.client.internal.message.EncodedMessage;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.message.UniqueIdGenerator;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.testing.BenchmarkFixtures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link SendRequests#request}: the SEND_MESSAGE_V2 request of one attempt, its header fields read from the send,
 * for a message encoded once (as every attempt of a send reuses its {@link PreparedSend}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SendRequestsBenchmark {

    private SendRequests requests;

    private PreparedSend send;

    private int opaque;

    @Setup
    public void setUp() {
        MessageEncoder encoder = new MessageEncoder(MessageEncoder.DEFAULT_COMPRESS_THRESHOLD,
                MessageEncoder.DEFAULT_COMPRESS_LEVEL, new UniqueIdGenerator());
        EncodedMessage encoded = encoder.encode(Message.builder(BenchmarkFixtures.TOPIC).tag(BenchmarkFixtures.TAG)
                .keys(BenchmarkFixtures.KEY).body(BenchmarkFixtures.body(128)).build());
        this.requests = new SendRequests(BenchmarkFixtures.GROUP, "TBW102", 4);
        this.send = new PreparedSend(BenchmarkFixtures.TOPIC, BenchmarkFixtures.TOPIC, encoded.uniqueId(),
                encoded.propertyBytes(), encoded.body(), null, encoded.sysFlag(), encoded.flag(), false);
    }

    @Benchmark
    public RemotingCommand buildRequest() {
        return this.requests.request(this.send, 3, BenchmarkFixtures.BROKER, System.currentTimeMillis(),
                ++this.opaque);
    }
}
