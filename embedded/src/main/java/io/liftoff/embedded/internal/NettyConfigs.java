package io.liftoff.embedded.internal;

import org.apache.rocketmq.remoting.netty.NettyServerConfig;

/**
 * Netty server settings shared by the embedded NameServer and brokers: loopback only, few
 * threads.
 */
final class NettyConfigs {

    private NettyConfigs() {
    }

    /**
     * A small server configuration on loopback.
     * @param port the listen port
     * @return the configuration
     */
    static NettyServerConfig loopbackServer(int port) {
        return loopbackServer(LoopbackPorts.LOOPBACK, port);
    }

    /**
     * A small server configuration on a given loopback address.
     * @param host the address to bind, for example {@code 127.0.0.2}
     * @param port the listen port
     * @return the configuration
     */
    static NettyServerConfig loopbackServer(String host, int port) {
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress(host);
        config.setListenPort(port);
        config.setServerWorkerThreads(2);
        config.setServerSelectorThreads(1);
        config.setServerCallbackExecutorThreads(2);
        return config;
    }

}
