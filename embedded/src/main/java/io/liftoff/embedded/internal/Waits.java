package io.liftoff.embedded.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounded polling for conditions that RocketMQ offers no callback for (a route appearing
 * in the NameServer, a port being released).
 */
public final class Waits {

    private static final long POLL_INTERVAL_MILLIS = 10;

    private Waits() {
    }

    /**
     * Evaluates {@code condition} every {@value #POLL_INTERVAL_MILLIS} ms until it holds
     * or {@code timeout} passes.
     * @param timeout how long to wait at most
     * @param condition the condition; evaluated at least once
     * @return {@code true} if the condition held within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean poll(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL_MILLIS);
        }
    }

}
