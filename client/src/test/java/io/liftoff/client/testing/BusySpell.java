package io.liftoff.client.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.liftoff.client.ResponseCodes;
import io.liftoff.client.internal.remoting.RemotingCommand;

/**
 * A fake broker's answer that stores every message, except during one spell of flow
 * control when it refuses each send with SYSTEM_BUSY (2) and the remark a real broker
 * gives: {@code BrokerFastFailure} answers sends that waited too long in its queue with
 * {@link #TIMEOUT_CLEAN_QUEUE}. The spell starts when a test says so and ends by itself.
 */
public final class BusySpell implements FakeBroker.Answer {

    /**
     * The remark of a 5.x broker's {@code BrokerFastFailure} for a send that waited in
     * the send thread pool's queue longer than {@code waitTimeMillsInSendQueue}.
     */
    public static final String TIMEOUT_CLEAN_QUEUE = "[TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a "
            + "while, period in queue: 206ms, size of queue: 5";

    private final FakeBroker.Answer stores = FakeBroker.stores(ResponseCodes.SUCCESS);

    private final FakeBroker.Answer refuses = FakeBroker.refuses(ResponseCodes.SYSTEM_BUSY, TIMEOUT_CLEAN_QUEUE);

    private final List<Long> refusals = new CopyOnWriteArrayList<>();

    private volatile long startNanos = Long.MAX_VALUE;

    private volatile long endNanos = Long.MAX_VALUE;

    /**
     * Starts the spell now.
     * @param length how long the broker stays busy
     */
    public void start(Duration length) {
        long now = System.nanoTime();
        this.endNanos = now + length.toNanos();
        this.startNanos = now;
    }

    /**
     * @return when the spell started ({@link System#nanoTime()}), or
     * {@link Long#MAX_VALUE} before
     */
    public long startNanos() {
        return this.startNanos;
    }

    /**
     * @return when the spell ends ({@link System#nanoTime()}), or {@link Long#MAX_VALUE}
     * before it starts
     */
    public long endNanos() {
        return this.endNanos;
    }

    /**
     * Tells whether a request that arrived at some time was refused.
     * @param arrivalNanos when it arrived ({@link System#nanoTime()})
     * @return whether it arrived during the spell
     */
    public boolean during(long arrivalNanos) {
        return arrivalNanos >= this.startNanos && arrivalNanos < this.endNanos;
    }

    /**
     * @return when each refused request was answered ({@link System#nanoTime()}), in
     * order
     */
    public List<Long> refusals() {
        return List.copyOf(this.refusals);
    }

    @Override
    public RemotingCommand to(RemotingCommand request) {
        long now = System.nanoTime();
        if (!during(now)) {
            return this.stores.to(request);
        }
        this.refusals.add(now);
        return this.refuses.to(request);
    }

}
