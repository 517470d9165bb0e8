package io.liftoff.client.internal.route;

import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * A broker group: its name, cluster and the addresses of its members by broker id (0 is
 * the master).
 *
 * @param cluster the cluster name; absent when the NameServer did not say
 * @param brokerName the broker group's name
 * @param brokerAddrs addresses by broker id, sorted
 */
public record BrokerData(@Nullable String cluster, String brokerName, Map<Long, String> brokerAddrs) {

    /** The broker id of a master. */
    public static final long MASTER_ID = 0L;

    /**
     * Copies the address map into an immutable sorted one.
     * @param cluster the cluster name; absent when the NameServer did not say
     * @param brokerName the broker group's name
     * @param brokerAddrs addresses by broker id, sorted
     */
    public BrokerData {
        brokerAddrs = (brokerAddrs != null) ? java.util.Collections.unmodifiableMap(new TreeMap<>(brokerAddrs))
                : Map.of();
    }

    /**
     * @return the master's {@code host:port}; absent when the group has no master
     */
    public @Nullable String masterAddress() {
        return this.brokerAddrs.get(MASTER_ID);
    }
}
