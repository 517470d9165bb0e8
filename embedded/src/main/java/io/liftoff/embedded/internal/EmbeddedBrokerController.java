package io.liftoff.embedded.internal;

import java.lang.reflect.Field;
import java.util.concurrent.ExecutorService;

import org.apache.rocketmq.auth.config.AuthConfig;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.store.MessageStore;
import org.apache.rocketmq.store.config.MessageStoreConfig;
import org.apache.rocketmq.store.rocksdb.MessageRocksDBStorage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>
 * Its {@link #shutdown()} also stops a thread that RocketMQ 5.5.0 leaves running: every
 * message store opens a {@link MessageRocksDBStorage}, whose constructor starts a private
 * {@code Executors.newScheduledThreadPool(1)} (a non-daemon {@code pool-N-thread-1}, a
 * timer-WAL flush every 5 minutes) that neither the storage's nor the store's shutdown
 * stops (apache/rocketmq#11013, open). Left alone, each broker start would leave one more
 * thread behind, running against a closed RocksDB.
 */
final class EmbeddedBrokerController extends BrokerController {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerController.class);

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

    @Override
    public void shutdown() {
        try {
            super.shutdown();
        }
        finally {
            stopRocksDBStorageScheduler(getMessageStore());
        }
    }

    /**
     * Stops the scheduler of the store's {@link MessageRocksDBStorage} (RocketMQ 5.5.0
     * has no API for it, hence the private field). Logs, and leaves the thread running,
     * if the field is not there.
     */
    private static void stopRocksDBStorageScheduler(@Nullable MessageStore store) {
        MessageRocksDBStorage storage = (store != null) ? store.getMessageRocksDBStorage() : null;
        if (storage == null) {
            return;
        }
        try {
            Field scheduler = MessageRocksDBStorage.class.getDeclaredField("scheduler");
            scheduler.setAccessible(true);
            ((ExecutorService) scheduler.get(storage)).shutdownNow();
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            log.warn("Could not stop the scheduler thread of the broker's MessageRocksDBStorage; it keeps running", ex);
        }
    }

}
