package io.liftoff.client.internal.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.liftoff.client.FaultToleranceOptions;
import io.liftoff.client.MessageQueue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FaultTableTests {

    private final AtomicLong now = new AtomicLong(1_000_000);

    private final List<String> events = new ArrayList<>();

    private final FaultTable table = new FaultTable(FaultToleranceOptions.defaults(), this.now::get,
            new FaultTable.FaultListener() {
                @Override
                public void isolated(BrokerFault fault, String reason) {
                    FaultTableTests.this.events.add("isolated " + fault.brokerName() + ": " + reason);
                }

                @Override
                public void recovered(BrokerFault fault) {
                    FaultTableTests.this.events.add("recovered " + fault.brokerName());
                }
            });

    @Test
    void fastAnswersKeepABrokerInRotation() {
        this.table.recordSuccess("a", 3);

        assertThat(this.table.isAvailable("a", this.now.get())).isTrue();
        assertThat(this.table.get("a").latencyMillis()).isEqualTo(3);
        assertThat(this.events).isEmpty();
    }

    @Test
    void aSlowAnswerIsolatesForTheTimeTheLatencyTableGives() {
        this.table.recordSuccess("a", 600);

        assertThat(this.table.get("a").isolatedUntilMillis()).isEqualTo(this.now.get() + 2000);
        this.now.addAndGet(1999);
        assertThat(this.table.isAvailable("a", this.now.get())).isFalse();
        this.now.addAndGet(1);
        assertThat(this.table.isAvailable("a", this.now.get())).isTrue();
    }

    @Test
    void aFailureIsolatesAndMarksUnreachableUntilAProbeReachesTheBroker() {
        this.table.recordFailure("a", 10, true, "connection closed");

        assertThat(this.table.isAvailable("a", this.now.get())).isFalse();
        assertThat(this.table.unreachableBrokers()).containsExactly("a");
        assertThat(this.events).containsExactly("isolated a: connection closed");

        this.table.recordProbe("a", true, null);

        assertThat(this.table.isAvailable("a", this.now.get())).isTrue();
        assertThat(this.table.unreachableBrokers()).isEmpty();
        assertThat(this.events).containsExactly("isolated a: connection closed", "recovered a");
    }

    @Test
    void failedProbesKeepADeadBrokerOutPastTheFixedIsolation() {
        this.table.recordFailure("a", 10, true, "connect failed");
        for (int second = 1; second <= 30; second++) {
            this.now.addAndGet(1000);
            this.table.recordProbe("a", false, "connect failed");
            assertThat(this.table.isAvailable("a", this.now.get())).as("after %d s", second).isFalse();
        }
        assertThat(this.table.get("a").reachable()).isFalse();
    }

    @Test
    void aBrokerRefusingWithARetryableCodeStaysReachableAndReturnsAfterTheIsolation() {
        this.table.recordFailure("a", 10, false, "SYSTEM_BUSY (2)");

        assertThat(this.table.unreachableBrokers()).isEmpty();
        this.now.addAndGet(FaultToleranceOptions.DEFAULT_FAILURE_ISOLATION.toMillis());
        assertThat(this.table.isAvailable("a", this.now.get())).isTrue();
    }

    @Test
    void aSuccessEndsAFailureIsolationAtOnce() {
        this.table.recordFailure("a", 10, false, "SYSTEM_BUSY (2)");

        this.table.recordSuccess("a", 2);

        assertThat(this.table.isAvailable("a", this.now.get())).isTrue();
        assertThat(this.table.get("a").consecutiveFailures()).isZero();
        assertThat(this.table.get("a").totalFailures()).isEqualTo(1);
    }

    @Test
    void theLeastBadBrokerIsReachableThenSoonestAvailableThenFastest() {
        this.table.recordFailure("dead", 5, true, "connect failed");
        this.table.recordFailure("busy", 5, false, "SYSTEM_BUSY (2)");
        this.now.addAndGet(100);
        this.table.recordFailure("busy-later", 5, false, "SYSTEM_BUSY (2)");

        assertThat(this.table.leastBad(Set.of("dead", "busy", "busy-later"))).isEqualTo("busy");
        assertThat(this.table.leastBad(Set.of("dead", "unknown"))).isEqualTo("unknown");
    }

    @Test
    void theChooserWalksQueuesRoundRobinAndSkipsIsolatedBrokersAndTheLastFailedOne() {
        List<MessageQueue> queues = List.of(new MessageQueue("t", "a", 0), new MessageQueue("t", "a", 1),
                new MessageQueue("t", "b", 0), new MessageQueue("t", "b", 1));
        QueueChooser chooser = new QueueChooser(this.table, true);

        assertThat(List.of(chooser.choose(queues, 0, null), chooser.choose(queues, 1, null),
                chooser.choose(queues, 2, null), chooser.choose(queues, 3, null)))
            .containsExactlyElementsOf(queues);
        assertThat(chooser.choose(queues, 0, "a").brokerName()).isEqualTo("b");

        this.table.recordFailure("b", 5, true, "timeout");
        for (int cursor = 0; cursor < 8; cursor++) {
            assertThat(chooser.choose(queues, cursor, null).brokerName()).isEqualTo("a");
        }
        assertThat(chooser.choose(queues, 0, "a").brokerName()).as("only b left, though isolated").isEqualTo("b");
    }

    @Test
    void whenEveryBrokerIsIsolatedTheChooserTakesTheLeastBad() {
        List<MessageQueue> queues = List.of(new MessageQueue("t", "a", 0), new MessageQueue("t", "b", 0));
        QueueChooser chooser = new QueueChooser(this.table, true);
        this.table.recordFailure("a", 5, true, "timeout");
        this.table.recordFailure("b", 5, false, "SYSTEM_BUSY (2)");

        for (int cursor = 0; cursor < 4; cursor++) {
            assertThat(chooser.choose(queues, cursor, null).brokerName()).isEqualTo("b");
        }
    }

    @Test
    void withFaultToleranceOffOnlyTheLastFailedBrokerIsAvoided() {
        List<MessageQueue> queues = List.of(new MessageQueue("t", "a", 0), new MessageQueue("t", "b", 0));
        QueueChooser chooser = new QueueChooser(this.table, false);
        this.table.recordFailure("b", 5, true, "timeout");

        assertThat(chooser.choose(queues, 1, null).brokerName()).isEqualTo("b");
        assertThat(chooser.choose(queues, 1, "b").brokerName()).isEqualTo("a");
    }

    @Test
    void theIsolationTableLooksUpTheLargestThresholdReached() {
        FaultToleranceOptions options = FaultToleranceOptions.defaults();

        assertThat(options.isolationFor(49)).isZero();
        assertThat(options.isolationFor(550)).isEqualTo(2000);
        assertThat(options.isolationFor(1799)).isEqualTo(2000);
        assertThat(options.isolationFor(3000)).isEqualTo(6000);
        assertThat(options.isolationFor(60_000)).isEqualTo(30_000);
        assertThat(FaultToleranceOptions.builder().probeInterval(Duration.ofMillis(100)).build().probeInterval())
            .isEqualTo(Duration.ofMillis(100));
    }

}
