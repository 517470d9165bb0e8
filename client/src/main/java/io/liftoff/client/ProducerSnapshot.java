package io.liftoff.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An immutable view of a producer's state, for health checks and actuator endpoints.
 *
 * @param group the producer group
 * @param state the life-cycle state
 * @param nameServers each NameServer's state
 * @param routes the cached route of each topic
 * @param brokers each known broker's state
 * @param inFlightRequests async sends in flight
 * @param inFlightBytes body bytes of async sends in flight
 * @param takenAt when the snapshot was taken
 */
public record ProducerSnapshot(String group, State state, List<NameServerState> nameServers,
        Map<String, RouteState> routes, List<BrokerState> brokers, long inFlightRequests, long inFlightBytes,
        Instant takenAt) {

    /** A producer's life-cycle state. */
    public enum State {

        /** Built, not started. */
        NEW,
        /** Started: sends are accepted. */
        RUNNING,
        /** Closing: sends are refused, sends in flight are finishing. */
        CLOSING,
        /** Closed. */
        CLOSED

    }

    /**
     * One NameServer.
     *
     * @param address its {@code host:port}
     * @param reachable whether the last request reached it; unknown before any request
     * @param lastSuccess when it last answered, if it ever did
     * @param lastError the last failure, if any
     */
    public record NameServerState(String address, @Nullable Boolean reachable, @Nullable Instant lastSuccess,
            @Nullable String lastError) {
    }

    /**
     * One topic's route.
     *
     * @param topic the topic
     * @param writeQueues the queues written to, in selection order
     * @param brokers the brokers with write queues
     * @param fromDefaultTopic whether the route comes from the default topic (topic not
     * created yet)
     * @param lastRefresh when the NameServer last answered for it
     */
    public record RouteState(String topic, List<MessageQueue> writeQueues, List<String> brokers,
            boolean fromDefaultTopic, Instant lastRefresh) {
    }

    /**
     * One broker.
     *
     * @param name the broker group's name
     * @param masterAddress its master's {@code host:port}, if known; absent while the
     * latest route names no master for it (between a master's crash and the election of a
     * new one, in controller mode)
     * @param slaveAddresses its slaves' {@code host:port}, by broker id, as the latest
     * route lists them (never written to)
     * @param reachable whether the last attempt or probe reached it
     * @param latencyMillis the last attempt's latency
     * @param isolatedUntil until when it is out of rotation; absent while it is in
     * rotation
     * @param consecutiveFailures failures since its last success
     * @param totalFailures failures since the producer started
     * @param lastError the last failure, if any
     */
    public record BrokerState(String name, @Nullable String masterAddress, List<String> slaveAddresses,
            boolean reachable, long latencyMillis, @Nullable Instant isolatedUntil, int consecutiveFailures,
            long totalFailures, @Nullable String lastError) {

        /**
         * Copies the slaves' list.
         * @param name the broker group's name
         * @param masterAddress its master, if known
         * @param slaveAddresses its slaves
         * @param reachable whether the last attempt or probe reached it
         * @param latencyMillis the last attempt's latency
         * @param isolatedUntil until when it is out of rotation
         * @param consecutiveFailures failures since its last success
         * @param totalFailures failures since the producer started
         * @param lastError the last failure, if any
         */
        public BrokerState {
            slaveAddresses = List.copyOf(slaveAddresses);
        }

        /**
         * @return whether the broker is out of rotation now
         */
        public boolean isolated() {
            return this.isolatedUntil != null;
        }
    }
}
