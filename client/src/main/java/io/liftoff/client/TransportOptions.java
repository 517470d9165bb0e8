package io.liftoff.client;

import java.time.Duration;

/**
 * How the client talks to NameServers and brokers: connect timeout, frame limit, idle
 * close, I/O threads, the header encoding of requests and TLS ({@link TlsOptions}).
 * Immutable; build with {@link #builder()}, copy with {@link #mutate()}.
 */
public final class TransportOptions {

    /** Default connect timeout: 3 s, as the official client. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /** Default largest frame accepted from a peer: 16 MiB, as RocketMQ servers. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    /** Default time after which a connection with nothing in flight is closed: 120 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);

    /** Default number of I/O threads: the number of processors, at most 4. */
    public static final int DEFAULT_IO_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    /**
     * Default header encoding of requests: {@link HeaderFormat#ROCKETMQ}, the binary
     * encoding every broker and NameServer since 4.0 reads; cheaper to write than JSON
     * and spares the broker a JSON parse per message (see {@code docs/performance.md}).
     * Answers are read in either encoding.
     */
    public static final HeaderFormat DEFAULT_HEADER_FORMAT = HeaderFormat.ROCKETMQ;

    /**
     * Default number of threads that run requests sent by servers (transaction
     * check-backs): 1.
     */
    public static final int DEFAULT_CALLBACK_THREADS = 1;

    /**
     * Default: NIO, even where Linux's native epoll transport is on the class path.
     * Measured with the benchmarks, epoll added about 190 ms to producer start (loading
     * the native library) and no throughput that stood out of the noise.
     */
    public static final boolean DEFAULT_NATIVE_TRANSPORT = false;

    /**
     * Default: a thread that sends synchronously writes its request to the socket itself
     * when nothing else is queued on the connection (NIO transport), instead of waking an
     * I/O thread to write it. Measured with the benchmarks: sync throughput with one
     * thread 1.19-1.36x -> 1.45-1.50x the official client's, client CPU per sync send
     * 0.42x -> 0.29x.
     */
    public static final boolean DEFAULT_CALLER_WRITES = true;

    private static final TransportOptions DEFAULTS = builder().build();

    private final boolean nativeTransport;

    private final Duration connectTimeout;

    private final int maxFrameLength;

    private final Duration idleTimeout;

    private final int ioThreads;

    private final HeaderFormat headerFormat;

    private final int callbackThreads;

    private final boolean callerWrites;

    private final TlsOptions tls;

    private TransportOptions(Builder builder) {
        this.connectTimeout = builder.connectTimeout;
        this.maxFrameLength = builder.maxFrameLength;
        this.idleTimeout = builder.idleTimeout;
        this.ioThreads = builder.ioThreads;
        this.headerFormat = builder.headerFormat;
        this.callbackThreads = builder.callbackThreads;
        this.nativeTransport = builder.nativeTransport;
        this.callerWrites = builder.callerWrites;
        this.tls = builder.tls;
    }

    /**
     * Returns the options with every default.
     * @return the default options
     */
    public static TransportOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts a builder with every default.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder from these options.
     * @return a builder holding these values
     */
    public Builder mutate() {
        Builder builder = new Builder();
        builder.connectTimeout = this.connectTimeout;
        builder.maxFrameLength = this.maxFrameLength;
        builder.idleTimeout = this.idleTimeout;
        builder.ioThreads = this.ioThreads;
        builder.headerFormat = this.headerFormat;
        builder.callbackThreads = this.callbackThreads;
        builder.nativeTransport = this.nativeTransport;
        builder.callerWrites = this.callerWrites;
        builder.tls = this.tls;
        return builder;
    }

    /**
     * @return how long a connection attempt may take
     */
    public Duration connectTimeout() {
        return this.connectTimeout;
    }

    /**
     * @return the largest frame, in bytes, accepted from a peer; a larger one closes the
     * connection
     */
    public int maxFrameLength() {
        return this.maxFrameLength;
    }

    /**
     * @return how long a connection with nothing in flight stays open
     */
    public Duration idleTimeout() {
        return this.idleTimeout;
    }

    /**
     * @return the number of I/O threads
     */
    public int ioThreads() {
        return this.ioThreads;
    }

    /**
     * @return how request headers are encoded; answers are decoded in whichever format
     * the peer uses
     */
    public HeaderFormat headerFormat() {
        return this.headerFormat;
    }

    /**
     * @return the number of threads that run requests sent by servers
     */
    public int callbackThreads() {
        return this.callbackThreads;
    }

    /**
     * Returns whether the native epoll transport is used when
     * {@code netty-transport-native-epoll} (Linux) is on the class path; NIO otherwise.
     * @return the setting
     */
    public boolean nativeTransport() {
        return this.nativeTransport;
    }

    /**
     * Returns whether a synchronous sender writes its request to the socket itself when
     * the connection has nothing queued (NIO transport only); when not, every write goes
     * through an I/O thread.
     * @return the setting
     */
    public boolean callerWrites() {
        return this.callerWrites;
    }

    /**
     * Returns TLS on the connections to NameServers and brokers; with TLS on, every write
     * goes through the I/O threads (the TLS engine must see every byte), whatever
     * {@link #callerWrites()} says.
     * @return the TLS options ({@link TlsOptions#disabled()} by default)
     */
    public TlsOptions tls() {
        return this.tls;
    }

    @Override
    public String toString() {
        return "TransportOptions[connectTimeout=" + this.connectTimeout + ", maxFrameLength=" + this.maxFrameLength
                + ", idleTimeout=" + this.idleTimeout + ", ioThreads=" + this.ioThreads + ", headerFormat="
                + this.headerFormat + ", callbackThreads=" + this.callbackThreads + ", nativeTransport="
                + this.nativeTransport + ", callerWrites=" + this.callerWrites + ", tls=" + this.tls + "]";
    }

    /** The encoding of a remoting header. */
    public enum HeaderFormat {

        /** The JSON header every RocketMQ server understands (serialize type 0). */
        JSON,

        /** RocketMQ's compact binary header (serialize type 1). */
        ROCKETMQ

    }

    /** Builds {@link TransportOptions}. */
    public static final class Builder {

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;

        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

        private int ioThreads = DEFAULT_IO_THREADS;

        private HeaderFormat headerFormat = DEFAULT_HEADER_FORMAT;

        private int callbackThreads = DEFAULT_CALLBACK_THREADS;

        private boolean nativeTransport = DEFAULT_NATIVE_TRANSPORT;

        private boolean callerWrites = DEFAULT_CALLER_WRITES;

        private TlsOptions tls = TlsOptions.disabled();

        private Builder() {
        }

        /**
         * Sets TLS on the connections to NameServers and brokers (default
         * {@link TlsOptions#disabled()}).
         * @param tls the TLS options
         * @return this builder
         * @throws InvalidOptionException when it is {@code null}
         */
        public Builder tls(TlsOptions tls) {
            this.tls = OptionChecks.required("tls", tls);
            return this;
        }

        /**
         * Sets whether a synchronous sender writes its request to the socket itself when
         * the connection has nothing queued (default {@link #DEFAULT_CALLER_WRITES}).
         * @param callerWrites the setting; {@code false} leaves every write to the I/O
         * threads
         * @return this builder
         */
        public Builder callerWrites(boolean callerWrites) {
            this.callerWrites = callerWrites;
            return this;
        }

        /**
         * Sets whether the native epoll transport is used when present (default
         * {@link #DEFAULT_NATIVE_TRANSPORT}).
         * @param nativeTransport the setting
         * @return this builder
         */
        public Builder nativeTransport(boolean nativeTransport) {
            this.nativeTransport = nativeTransport;
            return this;
        }

        /**
         * Sets the connect timeout (default {@link #DEFAULT_CONNECT_TIMEOUT}).
         * @param connectTimeout a positive duration
         * @return this builder
         * @throws InvalidOptionException when it is not positive
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = OptionChecks.positive("connectTimeout", connectTimeout);
            return this;
        }

        /**
         * Sets the largest frame accepted from a peer (default
         * {@link #DEFAULT_MAX_FRAME_LENGTH}).
         * @param maxFrameLength bytes, at least 1024
         * @return this builder
         * @throws InvalidOptionException when it is below 1024
         */
        public Builder maxFrameLength(int maxFrameLength) {
            this.maxFrameLength = (int) OptionChecks.atLeastBytes("maxFrameLength", maxFrameLength, 1024);
            return this;
        }

        /**
         * Sets how long an unused connection stays open (default
         * {@link #DEFAULT_IDLE_TIMEOUT}).
         * @param idleTimeout a positive duration
         * @return this builder
         * @throws InvalidOptionException when it is not positive
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = OptionChecks.positive("idleTimeout", idleTimeout);
            return this;
        }

        /**
         * Sets the number of I/O threads (default {@link #DEFAULT_IO_THREADS}).
         * @param ioThreads at least 1
         * @return this builder
         * @throws InvalidOptionException when it is below 1
         */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = OptionChecks.atLeast("ioThreads", ioThreads, 1);
            return this;
        }

        /**
         * Sets the header encoding of requests (default {@link #DEFAULT_HEADER_FORMAT}).
         * @param headerFormat the format
         * @return this builder
         * @throws InvalidOptionException when it is {@code null}
         */
        public Builder headerFormat(HeaderFormat headerFormat) {
            this.headerFormat = OptionChecks.required("headerFormat", headerFormat);
            return this;
        }

        /**
         * Sets the number of threads that run requests sent by servers (default
         * {@link #DEFAULT_CALLBACK_THREADS}).
         * @param callbackThreads at least 1
         * @return this builder
         * @throws InvalidOptionException when it is below 1
         */
        public Builder callbackThreads(int callbackThreads) {
            this.callbackThreads = OptionChecks.atLeast("callbackThreads", callbackThreads, 1);
            return this;
        }

        /**
         * Builds the options.
         * @return the immutable options
         */
        public TransportOptions build() {
            return new TransportOptions(this);
        }

    }

}
