package io.liftoff.client.internal.fault;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.FaultToleranceOptions;
import io.liftoff.client.MessageQueue;
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
 * Queue selection with fault tolerance on, over 2 brokers of 4 queues: {@code choose} alone, and
 * {@code chooseAndRecord}, what every successful send does (choose, then record the broker's latency). With one
 * broker isolated the chooser skips its queues.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QueueChooserBenchmark {

    @Param({ "healthy", "one-isolated" })
    String brokers;

    private List<MessageQueue> queues;

    private FaultTable faults;

    private QueueChooser chooser;

    private int cursor;

    @Setup
    public void setUp() {
        this.queues = new ArrayList<>();
        for (String broker : List.of("broker-a", "broker-b")) {
            for (int i = 0; i < 4; i++) {
                this.queues.add(new MessageQueue(BenchmarkFixtures.TOPIC, broker, i));
            }
        }
        this.queues = List.copyOf(this.queues);
        this.faults = new FaultTable(FaultToleranceOptions.defaults(), Clock.systemUTC()::millis,
                FaultTable.FaultListener.NONE);
        if (this.brokers.equals("one-isolated")) {
            this.faults.recordFailure("broker-a", 3000, true, "timeout 3000 ms");
        }
        this.chooser = new QueueChooser(this.faults, true);
    }

    @Benchmark
    public MessageQueue choose() {
        return this.chooser.choose(this.queues, this.cursor++, null);
    }

    @Benchmark
    public MessageQueue chooseAndRecord() {
        MessageQueue queue = this.chooser.choose(this.queues, this.cursor++, null);
        this.faults.recordSuccess(queue.brokerName(), 0);
        return queue;
    }
}
