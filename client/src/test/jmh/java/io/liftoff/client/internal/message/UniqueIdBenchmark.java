package io.liftoff.client.internal.message;

import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Client message ids: Liftoff's {@link UniqueIdGenerator#next()} against the official
 * {@code MessageClientIDSetter.createUniqID()}, from one thread and from two sharing one generator.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UniqueIdBenchmark {

    private final UniqueIdGenerator ids = new UniqueIdGenerator();

    @Benchmark
    public String liftoff() {
        return this.ids.next();
    }

    @Benchmark
    @Threads(2)
    public String liftoffTwoThreads() {
        return this.ids.next();
    }

    @Benchmark
    public String official() {
        return MessageClientIDSetter.createUniqID();
    }
}
