package io.liftoff.client.internal.fault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.liftoff.client.FaultToleranceOptions;
import org.jspecify.annotations.Nullable;

/**
 * Per-broker latency and isolation. An attempt's latency isolates a slow broker for the
 * time the latency table gives; a failure isolates it for
 * {@link FaultToleranceOptions#failureIsolation()} and marks it unreachable, and while it
 * stays unreachable every failed probe extends the isolation, so a dead broker gets no
 * traffic however long it is down. A successful attempt or probe returns it to rotation
 * at once, so a healthy broker is never kept out. Time comes from the supplier, never
 * from the system clock directly. Thread-safe.
 */
public final class FaultTable {

    private final FaultToleranceOptions options;

    private final LongSupplier nowMillis;

    private final Map<String, BrokerFault> faults = new ConcurrentHashMap<>();

    private final FaultListener listener;

    /**
     * Creates an empty table.
     * @param options the tables and durations
     * @param nowMillis the current epoch ms
     * @param listener told when a broker is isolated or returns
     */
    public FaultTable(FaultToleranceOptions options, LongSupplier nowMillis, FaultListener listener) {
        this.options = options;
        this.nowMillis = nowMillis;
        this.listener = listener;
    }

    /**
     * Records a successful attempt. Slow answers may still isolate the broker for a
     * while.
     * @param broker the broker
     * @param latencyMillis the attempt's latency
     */
    public void recordSuccess(String broker, long latencyMillis) {
        long now = this.nowMillis.getAsLong();
        long isolation = this.options.isolationFor(latencyMillis);
        BrokerFault before = this.faults.get(broker);
        if (before != null && before.reachable() && before.consecutiveFailures() == 0 && isolation == 0
                && before.isAvailable(now) && before.latencyMillis() == latencyMillis) {
            return;
        }
        BrokerFault after = this.faults.compute(broker, (name, current) -> {
            BrokerFault base = (current != null) ? current : BrokerFault.healthy(name);
            boolean wasFailing = !base.reachable() || base.consecutiveFailures() > 0;
            long until = (isolation > 0) ? Math.max(wasFailing ? 0 : base.isolatedUntilMillis(), now + isolation)
                    : (wasFailing ? 0 : base.isolatedUntilMillis());
            return new BrokerFault(name, latencyMillis, until, true, 0, base.totalFailures(), base.lastError(), now);
        });
        // The reason is built only when the broker is isolated: this runs after every
        // successful send.
        switch (transition(before, after, now)) {
            case ISOLATED -> this.listener.isolated(after, "slow answer: " + latencyMillis + " ms");
            case RECOVERED -> this.listener.recovered(after);
            case NONE -> {
            }
        }
    }

    /**
     * Records a failed attempt: isolates the broker and, when {@code unreachable}, keeps
     * it isolated until a probe or attempt reaches it.
     * @param broker the broker
     * @param latencyMillis how long the attempt took
     * @param unreachable whether the failure says the broker cannot be reached (transport
     * failure)
     * @param error the failure's description
     */
    public void recordFailure(String broker, long latencyMillis, boolean unreachable, String error) {
        long now = this.nowMillis.getAsLong();
        long isolation = Math.max(this.options.failureIsolation().toMillis(), this.options.isolationFor(latencyMillis));
        BrokerFault before = this.faults.get(broker);
        BrokerFault after = this.faults.compute(broker, (name, current) -> {
            BrokerFault base = (current != null) ? current : BrokerFault.healthy(name);
            return new BrokerFault(name, latencyMillis, Math.max(base.isolatedUntilMillis(), now + isolation),
                    base.reachable() && !unreachable, base.consecutiveFailures() + 1, base.totalFailures() + 1, error,
                    now);
        });
        notify(before, after, now, error);
    }

    /**
     * Records a probe's result for an unreachable broker: success returns it to rotation
     * at once, failure extends its isolation past the next probe.
     * @param broker the broker
     * @param success whether the broker answered
     * @param error the failure's description when it did not; absent on success
     */
    public void recordProbe(String broker, boolean success, @Nullable String error) {
        long now = this.nowMillis.getAsLong();
        BrokerFault before = this.faults.get(broker);
        if (before == null) {
            return;
        }
        BrokerFault after = this.faults.computeIfPresent(broker, (name, current) -> {
            if (success) {
                return new BrokerFault(name, current.latencyMillis(), 0, true, 0, current.totalFailures(),
                        current.lastError(), now);
            }
            long until = Math.max(current.isolatedUntilMillis(), now + 2 * this.options.probeInterval().toMillis());
            return new BrokerFault(name, current.latencyMillis(), until, false, current.consecutiveFailures(),
                    current.totalFailures(), error, now);
        });
        notify(before, after, now, error);
    }

    /**
     * Tells whether a broker is in rotation.
     * @param broker the broker
     * @param nowMillis the current epoch ms
     * @return {@code true} unless isolated
     */
    public boolean isAvailable(String broker, long nowMillis) {
        BrokerFault fault = this.faults.get(broker);
        return fault == null || fault.isAvailable(nowMillis);
    }

    /**
     * @return the current epoch ms of this table's clock
     */
    public long now() {
        return this.nowMillis.getAsLong();
    }

    /**
     * Returns one broker's state.
     * @param broker the broker
     * @return its state; absent when nothing was recorded
     */
    public @Nullable BrokerFault get(String broker) {
        return this.faults.get(broker);
    }

    /**
     * @return every broker's state
     */
    public Collection<BrokerFault> snapshot() {
        return List.copyOf(this.faults.values());
    }

    /**
     * @return the brokers that are unreachable and should be probed
     */
    public List<String> unreachableBrokers() {
        List<String> result = new ArrayList<>();
        for (BrokerFault fault : this.faults.values()) {
            if (!fault.reachable()) {
                result.add(fault.brokerName());
            }
        }
        return result;
    }

    /**
     * Chooses the least bad of some brokers: the one available soonest, then the one with
     * the lowest latency.
     * @param brokers candidate brokers, not empty
     * @return the chosen broker
     */
    public String leastBad(Collection<String> brokers) {
        String best = null;
        BrokerFault bestFault = null;
        for (String broker : brokers) {
            BrokerFault fault = this.faults.get(broker);
            if (fault == null) {
                return broker;
            }
            if (best == null || isBetter(fault, bestFault)) {
                best = broker;
                bestFault = fault;
            }
        }
        return best;
    }

    private static boolean isBetter(BrokerFault candidate, BrokerFault best) {
        if (candidate.reachable() != best.reachable()) {
            return candidate.reachable();
        }
        if (candidate.isolatedUntilMillis() != best.isolatedUntilMillis()) {
            return candidate.isolatedUntilMillis() < best.isolatedUntilMillis();
        }
        return candidate.latencyMillis() < best.latencyMillis();
    }

    private void notify(@Nullable BrokerFault before, @Nullable BrokerFault after, long now, @Nullable String reason) {
        switch (transition(before, after, now)) {
            case ISOLATED -> this.listener.isolated(after, reason);
            case RECOVERED -> this.listener.recovered(after);
            case NONE -> {
            }
        }
    }

    private static Transition transition(@Nullable BrokerFault before, @Nullable BrokerFault after, long now) {
        if (after == null) {
            return Transition.NONE;
        }
        boolean wasAvailable = before == null || before.isAvailable(now);
        boolean isAvailable = after.isAvailable(now);
        if (wasAvailable && !isAvailable) {
            return Transition.ISOLATED;
        }
        return (!wasAvailable && isAvailable) ? Transition.RECOVERED : Transition.NONE;
    }

    /** How a broker's availability changed with one update. */
    private enum Transition {

        ISOLATED, RECOVERED, NONE

    }

    /** Told when brokers leave and return to rotation. */
    public interface FaultListener {

        /** A listener that does nothing. */
        FaultListener NONE = new FaultListener() {
        };

        /**
         * A broker was isolated.
         * @param fault its state
         * @param reason why
         */
        default void isolated(BrokerFault fault, String reason) {
        }

        /**
         * A broker returned to rotation early (an attempt or probe reached it).
         * @param fault its state
         */
        default void recovered(BrokerFault fault) {
        }

    }

}
