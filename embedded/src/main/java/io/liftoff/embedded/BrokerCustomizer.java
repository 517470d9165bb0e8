package io.liftoff.embedded;

import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.store.config.MessageStoreConfig;

/**
 * Adjusts a broker's RocketMQ configuration before it starts, for tests that need a
 * setting {@link EmbeddedRocketMQ.Builder} does not offer (a shorter transaction check
 * interval, a smaller maximum message size, ...).
 *
 * <p>
 * Called on every start of every broker, after the embedded defaults are applied and
 * before the {@code BrokerController} is created. Changing the broker's name, cluster,
 * ports, addresses or store path breaks {@link EmbeddedRocketMQ}'s bookkeeping; don't
 * ({@link EmbeddedRocketMQ.Builder#brokerListenHost(String, String)} moves a broker's
 * listen address).
 */
@FunctionalInterface
public interface BrokerCustomizer {

    /**
     * Adjusts one broker's configuration.
     * @param brokerName the broker being started, for example {@code broker-a}
     * @param brokerConfig its broker configuration, to modify in place
     * @param messageStoreConfig its message store configuration, to modify in place
     */
    void customize(String brokerName, BrokerConfig brokerConfig, MessageStoreConfig messageStoreConfig);

}
