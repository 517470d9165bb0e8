package io.liftoff.client.internal.fault;

import org.jspecify.annotations.Nullable;

/**
 * What the producer knows of one broker's health.
 *
 * @param brokerName the broker group
 * @param latencyMillis the last attempt's latency
 * @param isolatedUntilMillis epoch ms until which it is left out of rotation (0 or past:
 * available)
 * @param reachable {@code false} after a failure, until an attempt or probe reaches it
 * again
 * @param consecutiveFailures failures since the last success
 * @param totalFailures failures since the producer started
 * @param lastError the last failure's description; absent until the broker first fails
 * @param updatedAtMillis epoch ms of the last update
 */
public record BrokerFault(String brokerName, long latencyMillis, long isolatedUntilMillis, boolean reachable,
        int consecutiveFailures, long totalFailures, @Nullable String lastError, long updatedAtMillis) {

    static BrokerFault healthy(String brokerName) {
        return new BrokerFault(brokerName, 0, 0, true, 0, 0, null, 0);
    }

    /**
     * Tells whether the broker is in rotation.
     * @param nowMillis the current epoch ms
     * @return whether it is not isolated
     */
    public boolean isAvailable(long nowMillis) {
        return nowMillis >= this.isolatedUntilMillis;
    }
}
