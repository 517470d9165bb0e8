package io.liftoff.client.internal.send;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import io.liftoff.client.AsyncLimits;
import io.liftoff.client.AutoBatchOptions;
import io.liftoff.client.ClientResources;
import io.liftoff.client.CredentialsProvider;
import io.liftoff.client.FaultToleranceOptions;
import io.liftoff.client.ProducerListener;
import io.liftoff.client.ReplyOptions;
import io.liftoff.client.RouteOptions;
import io.liftoff.client.SendOptions;
import io.liftoff.client.TraceOptions;
import io.liftoff.client.TransactionListener;
import io.liftoff.client.TransportOptions;
import org.jspecify.annotations.Nullable;

/**
 * A producer's configuration, checked by {@link io.liftoff.client.ProducerBuilder} and
 * immutable from then on: the one thing the builder hands to {@link DefaultProducer}.
 *
 * @param nameServers NameServer addresses, each {@code host:port}
 * @param group the producer group
 * @param namespace the namespace, if any
 * @param instanceName the instance name in the client id, defaults already replaced
 * @param send send options
 * @param faultTolerance fault tolerance options
 * @param asyncLimits async bounds
 * @param autoBatch how async sends are batched under load
 * @param routes route options
 * @param transport transport options
 * @param listener the event listener ({@link ProducerListener#NONE} for none)
 * @param callbackExecutor the executor completing async futures; none for the I/O threads
 * @param closeGrace how long close waits for sends in flight
 * @param heartbeatInterval the heartbeat interval
 * @param clock the clock
 * @param resources shared threads; none for threads of the producer's own
 * @param trace message trace options
 * @param replies request-reply bounds
 * @param transactionListener answers checks of transactions whose own listener is not
 * known; none for none
 * @param credentials signs every request; none for unsigned requests
 */
public record ProducerConfig(List<String> nameServers, String group, @Nullable String namespace, String instanceName,
        SendOptions send, FaultToleranceOptions faultTolerance, AsyncLimits asyncLimits, AutoBatchOptions autoBatch,
        RouteOptions routes, TransportOptions transport, ProducerListener listener, @Nullable Executor callbackExecutor,
        Duration closeGrace, Duration heartbeatInterval, Clock clock, @Nullable ClientResources resources,
        TraceOptions trace, ReplyOptions replies, @Nullable TransactionListener transactionListener,
        @Nullable CredentialsProvider credentials) {

    /**
     * Copies the list of NameServers.
     * @param nameServers NameServer addresses, each {@code host:port}
     * @param group the producer group
     * @param namespace the namespace, if any
     * @param instanceName the instance name in the client id, defaults already replaced
     * @param send send options
     * @param faultTolerance fault tolerance options
     * @param asyncLimits async bounds
     * @param autoBatch how async sends are batched under load
     * @param routes route options
     * @param transport transport options
     * @param listener the event listener ({@link ProducerListener#NONE} for none)
     * @param callbackExecutor the executor completing async futures; none for the I/O
     * threads
     * @param closeGrace how long close waits for sends in flight
     * @param heartbeatInterval the heartbeat interval
     * @param clock the clock
     * @param resources shared threads; none for threads of the producer's own
     * @param trace message trace options
     * @param replies request-reply bounds
     * @param transactionListener answers checks of transactions whose own listener is not
     * known; none for none
     * @param credentials signs every request; none for unsigned requests
     */
    public ProducerConfig {
        nameServers = List.copyOf(nameServers);
    }
}
