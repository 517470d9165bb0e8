package io.liftoff.benchmarks;

import org.apache.rocketmq.common.MQVersion;

/**
 * The version of the official RocketMQ artifacts on the class path (the client, and the
 * brokers the tools start): the root pom's {@code rocketmq.version}, read from
 * {@link MQVersion#CURRENT_VERSION} so that the tools' output names what really ran.
 */
final class OfficialVersion {

    private OfficialVersion() {
    }

    /**
     * @return the version as Maven spells it, such as {@code 5.5.0}
     */
    static String name() {
        // "V5_5_0" -> "5.5.0"
        return MQVersion.getVersionDesc(MQVersion.CURRENT_VERSION).substring(1).replace('_', '.');
    }

}
