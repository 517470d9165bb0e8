package io.liftoff.embedded.internal;

import org.apache.rocketmq.auth.config.AuthConfig;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.store.config.MessageStoreConfig;

/**
 * A {@link BrokerController} that several brokers in one JVM can initialize at the same
 * time.
 *
 * <p>
 * {@link BrokerController#registerProcessor()} ends by refilling the JVM-wide
 * {@code RequestHeaderRegistry}, which scans the class path with a Reflections scanner
 * that is not thread-safe: two brokers initializing at once fail with "zip file closed".
 * This subclass serializes that method across all brokers in the JVM; the rest of the
 * initialization (store loading, timer wheel) still runs in parallel.
 */
final class EmbeddedBrokerController extends BrokerController {

    private static final Object REGISTER_PROCESSOR_LOCK = new Object();

    EmbeddedBrokerController(BrokerConfig brokerConfig, NettyServerConfig nettyServerConfig,
            NettyClientConfig nettyClientConfig, MessageStoreConfig messageStoreConfig) {
        super(brokerConfig, nettyServerConfig, nettyClientConfig, messageStoreConfig);
    }

    EmbeddedBrokerController(BrokerConfig brokerConfig, NettyServerConfig nettyServerConfig,
            NettyClientConfig nettyClientConfig, MessageStoreConfig messageStoreConfig, AuthConfig authConfig) {
        super(brokerConfig, nettyServerConfig, nettyClientConfig, messageStoreConfig, authConfig);
    }

    @Override
    public void registerProcessor() {
        synchronized (REGISTER_PROCESSOR_LOCK) {
            super.registerProcessor();
        }
    }

}
