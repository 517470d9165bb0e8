package io.liftoff.client.internal.send;

import java.time.Instant;
import java.util.List;

import io.liftoff.client.ProducerListener;
import io.liftoff.client.internal.fault.BrokerFault;
import io.liftoff.client.internal.fault.FaultTable;
import io.liftoff.client.internal.route.PublishRoute;
import io.liftoff.client.internal.route.RouteListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reports what the route cache and the fault table see: broker isolation and recovery are
 * logged, and route changes, refreshes and isolation go to the producer's (guarded)
 * listener, topics without the namespace. New master addresses go to
 * {@link BrokerAddresses}.
 */
final class ProducerEvents implements RouteListener, FaultTable.FaultListener {

    private static final Logger logger = LoggerFactory.getLogger(ProducerEvents.class);

    private final ProducerListener listener;

    private final @Nullable String namespace;

    private final BrokerAddresses addresses;

    /**
     * @param listener the producer's listener, guarded
     * @param namespace the producer's namespace, if any
     * @param addresses told of master addresses
     */
    ProducerEvents(ProducerListener listener, @Nullable String namespace, BrokerAddresses addresses) {
        this.listener = listener;
        this.namespace = namespace;
        this.addresses = addresses;
    }

    @Override
    public void routeChanged(@Nullable PublishRoute previous, PublishRoute current) {
        this.addresses.learned(current.masterAddresses());
        this.listener.routeChanged(Namespaces.unwrap(this.namespace, current.topic()),
                (previous != null) ? previous.writeBrokers() : List.of(), current.writeBrokers());
    }

    @Override
    public void refreshed(long nanos, @Nullable Throwable failure) {
        this.listener.routesRefreshed(nanos, failure);
    }

    @Override
    public void isolated(BrokerFault fault, String reason) {
        Instant until = Instant.ofEpochMilli(fault.isolatedUntilMillis());
        if (fault.reachable()) {
            logger.info("Broker '{}' left out of rotation until {}: {}", fault.brokerName(), until, reason);
        }
        else {
            logger.warn("Broker '{}' isolated until {} or until a probe reaches it: {}", fault.brokerName(), until,
                    reason);
        }
        this.listener.brokerIsolated(fault.brokerName(), until, reason);
    }

    @Override
    public void recovered(BrokerFault fault) {
        logger.info("Broker '{}' is back in rotation", fault.brokerName());
        this.listener.brokerRecovered(fault.brokerName());
    }

}
