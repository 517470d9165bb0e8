package io.liftoff.embedded.process;

import java.time.Duration;
import java.util.List;

/**
 * The shape of a cluster that {@link RocketMQProcesses.Builder} describes.
 *
 * @param version the RocketMQ version of every server
 * @param brokers how many broker names ({@code broker-a}, {@code broker-b}, ...)
 * @param replicas how many processes each broker name has
 * @param controllerMode whether a controller inside the NameServer decides the roles
 * @param startTimeout how long each server may take to start
 * @param serverJvmOptions JVM options of every server, after the defaults
 */
record Topology(RocketMQVersion version, int brokers, int replicas, boolean controllerMode, Duration startTimeout,
        List<String> serverJvmOptions) {
}
