package io.liftoff.client;

import java.util.Objects;

import io.liftoff.client.internal.resources.DefaultClientResources;

/**
 * The heavy things producers run on: I/O threads, a timer thread (route refresh, probes,
 * heartbeats, retry back-off), a pool that compresses large bodies and the executor that
 * answers requests from brokers. Several producers can share one set
 * ({@link ProducerBuilder#clientResources(ClientResources)}), so that an application with
 * many producers has the threads of one, not of each (the official client starts a dozen
 * or more per instance). A producer built without it creates a set of its own from its
 * {@link TransportOptions} and closes it with itself.
 *
 * <p>
 * Whoever creates a set closes it, after the producers that use it: closing a producer
 * never stops resources it was given. Threads start when first needed. Thread-safe.
 *
 * <pre>{@code
 * ClientResources resources = ClientResources.create();
 * Producer orders = Producer.builder().nameServer("ns:9876").group("orders").clientResources(resources).build();
 * Producer audit = Producer.builder().nameServer("ns:9876").group("audit").clientResources(resources).build();
 * ...
 * orders.close();
 * audit.close();
 * resources.close();
 * }</pre>
 */
public interface ClientResources extends AutoCloseable {

    /**
     * Default name in thread names: {@code shared} ({@code liftoff-io-shared-1}, ...).
     */
    String DEFAULT_NAME = "shared";

    /** Default I/O threads: {@link TransportOptions#DEFAULT_IO_THREADS}. */
    int DEFAULT_IO_THREADS = TransportOptions.DEFAULT_IO_THREADS;

    /**
     * Default threads answering requests from brokers:
     * {@link TransportOptions#DEFAULT_CALLBACK_THREADS}.
     */
    int DEFAULT_CALLBACK_THREADS = TransportOptions.DEFAULT_CALLBACK_THREADS;

    /**
     * Default threads compressing large bodies of async and oneway sends: one per
     * processor, at most 4.
     */
    int DEFAULT_COMPRESSION_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    /**
     * Creates resources with every default.
     * @return new resources; close them after the producers that use them
     */
    static ClientResources create() {
        return builder().build();
    }

    /**
     * Starts building resources.
     * @return a builder with every default
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * @return the name in the threads' names
     */
    String name();

    /**
     * @return how many I/O threads there are at most
     */
    int ioThreads();

    /**
     * @return how many threads answer requests from brokers
     */
    int callbackThreads();

    /**
     * @return how many threads compress large bodies at most
     */
    int compressionThreads();

    /**
     * @return whether Linux's native epoll transport was asked for (used when present)
     */
    boolean nativeTransport();

    /**
     * @return whether {@link #close()} was called
     */
    boolean isClosed();

    /**
     * Stops every thread. Close the producers that use these resources first: their
     * connections and sends in flight end with the I/O threads. Idempotent.
     */
    @Override
    void close();

    /**
     * Builds {@link ClientResources}; each setter checks its value and throws
     * {@link InvalidOptionException}.
     */
    final class Builder {

        private String name = DEFAULT_NAME;

        private int ioThreads = DEFAULT_IO_THREADS;

        private int callbackThreads = DEFAULT_CALLBACK_THREADS;

        private int compressionThreads = DEFAULT_COMPRESSION_THREADS;

        private boolean nativeTransport = TransportOptions.DEFAULT_NATIVE_TRANSPORT;

        Builder() {
        }

        /**
         * Sets the name in thread names (default {@link #DEFAULT_NAME}).
         * @param name a short, non-blank name
         * @return this builder
         */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new InvalidOptionException("name", "ClientResources name must not be blank, was '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * Sets the I/O threads (default {@link #DEFAULT_IO_THREADS}).
         * @param threads 1 or more
         * @return this builder
         */
        public Builder ioThreads(int threads) {
            this.ioThreads = atLeastOne("ioThreads", threads);
            return this;
        }

        /**
         * Sets the threads answering requests from brokers (default
         * {@link #DEFAULT_CALLBACK_THREADS}).
         * @param threads 1 or more
         * @return this builder
         */
        public Builder callbackThreads(int threads) {
            this.callbackThreads = atLeastOne("callbackThreads", threads);
            return this;
        }

        /**
         * Sets the most threads compressing large bodies (default
         * {@link #DEFAULT_COMPRESSION_THREADS}).
         * @param threads 1 or more
         * @return this builder
         */
        public Builder compressionThreads(int threads) {
            this.compressionThreads = atLeastOne("compressionThreads", threads);
            return this;
        }

        /**
         * Uses Linux's native epoll transport when {@code netty-transport-native-epoll}
         * is on the class path (default
         * {@link TransportOptions#DEFAULT_NATIVE_TRANSPORT}).
         * @param nativeTransport whether to prefer epoll
         * @return this builder
         */
        public Builder nativeTransport(boolean nativeTransport) {
            this.nativeTransport = nativeTransport;
            return this;
        }

        /**
         * Creates the resources; threads start when first needed.
         * @return the resources
         */
        public ClientResources build() {
            return new DefaultClientResources(Objects.requireNonNull(this.name), this.ioThreads, this.callbackThreads,
                    this.compressionThreads, this.nativeTransport);
        }

        private static int atLeastOne(String option, int threads) {
            if (threads < 1) {
                throw new InvalidOptionException(option, option + " must be at least 1, was " + threads);
            }
            return threads;
        }

    }

}
