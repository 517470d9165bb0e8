package io.liftoff.compat;

import io.liftoff.client.Producer;
import io.liftoff.client.TransportOptions;
import io.liftoff.client.TransportOptions.HeaderFormat;
import io.liftoff.embedded.process.RocketMQProcesses;

/**
 * Liftoff producers for the suite, started against a cluster.
 */
final class Producers {

    private Producers() {
    }

    /**
     * Builds and starts a producer with default options but the header format.
     * @param rocketmq the cluster
     * @param group the producer group
     * @param format the request header format
     * @return the started producer
     */
    static Producer start(RocketMQProcesses rocketmq, String group, HeaderFormat format) {
        Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group(group)
            .instanceName(group)
            .transportOptions(TransportOptions.builder().headerFormat(format).build())
            .build();
        producer.start();
        return producer;
    }

    /**
     * Returns a topic name unique to a test, version and header format.
     * @param prefix what the topic is for
     * @param version the RocketMQ version
     * @param format the header format
     * @return the topic name
     */
    static String topic(String prefix, String version, HeaderFormat format) {
        return prefix + "-" + version.replace('.', '_') + "-" + format.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

}
