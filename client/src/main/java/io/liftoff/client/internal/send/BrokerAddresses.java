package io.liftoff.client.internal.send;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The master address of every broker a route has named, as last learned: for probes (a
 * broker isolated as unreachable may have left the routes), registration on new
 * connections, and snapshots. Thread-safe.
 */
final class BrokerAddresses {

    private final Map<String, String> addresses = new ConcurrentHashMap<>();

    /**
     * Remembers master addresses learned from a route.
     * @param masters broker name to master address
     */
    void learned(Map<String, String> masters) {
        this.addresses.putAll(masters);
    }

    /**
     * Returns a broker's master address.
     * @param broker the broker
     * @return its address; none when no route named it
     */
    @Nullable String address(String broker) {
        return this.addresses.get(broker);
    }

    /**
     * Tells whether an address is a broker's.
     * @param address a {@code host:port}
     * @return whether some broker's master has it
     */
    boolean isBroker(String address) {
        return this.addresses.containsValue(address);
    }

}
