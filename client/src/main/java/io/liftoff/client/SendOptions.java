package io.liftoff.client;

import java.time.Duration;
import java.util.Set;

import io.liftoff.client.internal.message.CodecLibraries;

import org.jspecify.annotations.Nullable;

/**
 * Timeouts, retries and encoding limits of sends. Defaults are the official producer's.
 * Immutable; build with {@link #builder()}, copy with {@link #mutate()}.
 *
 * <h2>Which failures are retried</h2> A sync, async or batch send retries on another
 * broker while attempts and time remain. When the topic has only one broker, a retry
 * waits first (50 ms, doubled after each attempt, at most 1 s, and only while the send
 * timeout has room for it), so that a busy broker is never asked again in a tight loop.
 * The same table is in {@code docs/reliability.md}, and a test keeps the two and the send
 * path in step:
 * <table>
 * <caption>Retry decisions</caption>
 * <tr>
 * <th>Failure</th>
 * <th>Retried</th>
 * <th>Broker isolated</th>
 * <th>When it is the topic's only broker</th>
 * </tr>
 * <tr>
 * <td>connect failure, connection closed</td>
 * <td>yes</td>
 * <td>yes, and probed until it answers</td>
 * <td>retried after a back-off</td>
 * </tr>
 * <tr>
 * <td>timeout</td>
 * <td>yes</td>
 * <td>yes, and probed until it answers</td>
 * <td>not retried (a timed-out send may be stored)</td>
 * </tr>
 * <tr>
 * <td>broker code in {@link #retryResponseCodes()}: TOPIC_NOT_EXIST 17,
 * SERVICE_NOT_AVAILABLE 14, SYSTEM_ERROR 1, SYSTEM_BUSY 2, NO_PERMISSION 16, NO_BUYER_ID
 * 204, NOT_IN_CURRENT_UNIT 205, GO_AWAY 1500</td>
 * <td>yes</td>
 * <td>yes, for the isolation time</td>
 * <td>retried after a back-off</td>
 * </tr>
 * <tr>
 * <td>any other broker code (MESSAGE_ILLEGAL 13, INVALID_PARAMETER 29, ...)</td>
 * <td>no: the {@link ErrorResponseException} itself</td>
 * <td>no</td>
 * <td>not retried</td>
 * </tr>
 * <tr>
 * <td>access refused: NO_PERMISSION 16 from a broker with authentication on (wrong keys,
 * unknown user, no ACL), even though 16 is in {@link #retryResponseCodes()}</td>
 * <td>no: {@link AuthenticationException} or {@link AuthorizationException}</td>
 * <td>no</td>
 * <td>not retried</td>
 * </tr>
 * <tr>
 * <td>broker has no master address in the route; unreadable answer</td>
 * <td>yes</td>
 * <td>no</td>
 * <td>retried after a back-off</td>
 * </tr>
 * <tr>
 * <td>stored with FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE</td>
 * <td>only with {@link #retryAnotherBrokerWhenNotStoreOk()}</td>
 * <td>no</td>
 * <td>returned as stored</td>
 * </tr>
 * <tr>
 * <td>invalid message, no route for the topic, backpressure, producer closed</td>
 * <td>no</td>
 * <td>no</td>
 * <td>not retried</td>
 * </tr>
 * </table>
 * Unlike the official client, async sends follow the same table (the official one never
 * retries broker codes asynchronously). Oneway and ordered sends never retry.
 */
public final class SendOptions {

    /** Default time budget of one send, retries included: 3 s. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(3);

    /** Default retries of a sync send: 2 (3 attempts). */
    public static final int DEFAULT_RETRIES = 2;

    /** Default retries of an async send: 2 (3 attempts). */
    public static final int DEFAULT_ASYNC_RETRIES = 2;

    /** Default of retrying another broker when stored without SEND_OK: {@code false}. */
    public static final boolean DEFAULT_RETRY_ANOTHER_BROKER_WHEN_NOT_STORE_OK = false;

    /** Default body size from which bodies are compressed: 4 KiB. */
    public static final int DEFAULT_COMPRESS_THRESHOLD = 4 * 1024;

    /** Default compression level: 5, the official client's (used by zlib and zstd). */
    public static final int DEFAULT_COMPRESS_LEVEL = 5;

    /**
     * Lowest zlib level accepted: 0, no compression (the body is stored in zlib framing).
     */
    public static final int MIN_COMPRESS_LEVEL = 0;

    /**
     * Highest zlib level accepted: 9, the smallest bodies for the most CPU. zlib's own
     * {@code -1} ("its default") is not accepted: it means level 6, so write 6.
     */
    public static final int MAX_COMPRESS_LEVEL = 9;

    /** Lowest zstd level accepted: 1, the fastest of zstd's regular levels. */
    public static final int MIN_ZSTD_COMPRESS_LEVEL = 1;

    /**
     * Highest zstd level accepted: 22, the smallest bodies for the most CPU and memory.
     */
    public static final int MAX_ZSTD_COMPRESS_LEVEL = 22;

    /** Default codec: zlib, which every consumer reads. */
    public static final CompressionCodec DEFAULT_COMPRESS_TYPE = CompressionCodec.ZLIB;

    /** Default largest body (or batch body): 4 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;

    /** Broker response codes retried by default, as the official 5.x producer. */
    public static final Set<Integer> DEFAULT_RETRY_RESPONSE_CODES = Set.of(ResponseCodes.TOPIC_NOT_EXIST,
            ResponseCodes.SERVICE_NOT_AVAILABLE, ResponseCodes.SYSTEM_ERROR, ResponseCodes.SYSTEM_BUSY,
            ResponseCodes.NO_PERMISSION, ResponseCodes.NO_BUYER_ID, ResponseCodes.NOT_IN_CURRENT_UNIT,
            ResponseCodes.GO_AWAY);

    private static final SendOptions DEFAULTS = builder().build();

    private final Duration sendTimeout;

    private final @Nullable Duration attemptTimeout;

    private final int retries;

    private final int asyncRetries;

    private final boolean retryAnotherBrokerWhenNotStoreOk;

    private final int compressThreshold;

    private final int compressLevel;

    private final CompressionCodec compressType;

    private final int maxMessageSize;

    private final Set<Integer> retryResponseCodes;

    private SendOptions(Builder builder) {
        this.sendTimeout = builder.sendTimeout;
        this.attemptTimeout = builder.attemptTimeout;
        this.retries = builder.retries;
        this.asyncRetries = builder.asyncRetries;
        this.retryAnotherBrokerWhenNotStoreOk = builder.retryAnotherBrokerWhenNotStoreOk;
        this.compressThreshold = builder.compressThreshold;
        this.compressLevel = builder.compressLevel;
        this.compressType = builder.compressType;
        this.maxMessageSize = builder.maxMessageSize;
        this.retryResponseCodes = Set.copyOf(builder.retryResponseCodes);
    }

    /**
     * @return the options with every default
     */
    public static SendOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @return a new builder with every default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding these values
     */
    public Builder mutate() {
        Builder builder = new Builder();
        builder.sendTimeout = this.sendTimeout;
        builder.attemptTimeout = this.attemptTimeout;
        builder.retries = this.retries;
        builder.asyncRetries = this.asyncRetries;
        builder.retryAnotherBrokerWhenNotStoreOk = this.retryAnotherBrokerWhenNotStoreOk;
        builder.compressThreshold = this.compressThreshold;
        builder.compressLevel = this.compressLevel;
        builder.compressType = this.compressType;
        builder.maxMessageSize = this.maxMessageSize;
        builder.retryResponseCodes = this.retryResponseCodes;
        return builder;
    }

    /**
     * @return the time budget of one send, all attempts included
     */
    public Duration sendTimeout() {
        return this.sendTimeout;
    }

    /**
     * Returns the cap of one attempt. Without one (the default) an attempt may use what
     * is left of the budget less an even share kept for the attempts after it: with 3 s
     * and 3 attempts, the first gets 2 s, the second half of what is left, the last all
     * of it; a broker whose last answer was slow gets at least twice that latency, within
     * the budget. A slow broker is so not abandoned early (its message would be stored
     * twice by the retry), and a frozen one still leaves time to retry elsewhere. When
     * the topic has a single broker (nowhere else to retry) an attempt gets all that is
     * left. An answer that comes after its attempt timed out is still taken: a message it
     * says was stored completes the send.
     * @return the fixed cap; absent for the default
     */
    public @Nullable Duration attemptTimeout() {
        return this.attemptTimeout;
    }

    /**
     * @return how many times a sync or batch send is retried
     */
    public int retries() {
        return this.retries;
    }

    /**
     * @return how many times an async send is retried
     */
    public int asyncRetries() {
        return this.asyncRetries;
    }

    /**
     * @return whether a message stored without SEND_OK is sent again to another broker
     */
    public boolean retryAnotherBrokerWhenNotStoreOk() {
        return this.retryAnotherBrokerWhenNotStoreOk;
    }

    /**
     * @return the body size, in bytes, from which single messages are compressed
     */
    public int compressThreshold() {
        return this.compressThreshold;
    }

    /**
     * @return the compression level, in the range of {@link #compressType()}: zlib
     * {@link #MIN_COMPRESS_LEVEL} to {@link #MAX_COMPRESS_LEVEL}, zstd
     * {@link #MIN_ZSTD_COMPRESS_LEVEL} to {@link #MAX_ZSTD_COMPRESS_LEVEL}; not used by
     * LZ4
     */
    public int compressLevel() {
        return this.compressLevel;
    }

    /**
     * @return the codec of compressed bodies (default {@link #DEFAULT_COMPRESS_TYPE})
     */
    public CompressionCodec compressType() {
        return this.compressType;
    }

    /**
     * @return the largest body or batch body, in bytes
     */
    public int maxMessageSize() {
        return this.maxMessageSize;
    }

    /**
     * @return the broker response codes that are retried on another broker
     */
    public Set<Integer> retryResponseCodes() {
        return this.retryResponseCodes;
    }

    @Override
    public String toString() {
        return "SendOptions[sendTimeout=" + this.sendTimeout + ", attemptTimeout="
                + ((this.attemptTimeout != null) ? this.attemptTimeout : "by budget and latency") + ", retries="
                + this.retries + ", asyncRetries=" + this.asyncRetries + ", retryAnotherBrokerWhenNotStoreOk="
                + this.retryAnotherBrokerWhenNotStoreOk + ", compressThreshold=" + this.compressThreshold
                + ", compressLevel=" + this.compressLevel + ", compressType=" + this.compressType + ", maxMessageSize="
                + this.maxMessageSize + ", retryResponseCodes=" + this.retryResponseCodes + "]";
    }

    /** Builds {@link SendOptions}. */
    public static final class Builder {

        private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;

        private @Nullable Duration attemptTimeout;

        private int retries = DEFAULT_RETRIES;

        private int asyncRetries = DEFAULT_ASYNC_RETRIES;

        private boolean retryAnotherBrokerWhenNotStoreOk = DEFAULT_RETRY_ANOTHER_BROKER_WHEN_NOT_STORE_OK;

        private int compressThreshold = DEFAULT_COMPRESS_THRESHOLD;

        private int compressLevel = DEFAULT_COMPRESS_LEVEL;

        private CompressionCodec compressType = DEFAULT_COMPRESS_TYPE;

        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

        private Set<Integer> retryResponseCodes = DEFAULT_RETRY_RESPONSE_CODES;

        private Builder() {
        }

        /**
         * Sets the time budget of one send (default {@link #DEFAULT_SEND_TIMEOUT}).
         * @param sendTimeout a positive duration
         * @return this builder
         * @throws InvalidOptionException when it is not positive
         */
        public Builder sendTimeout(Duration sendTimeout) {
            this.sendTimeout = OptionChecks.positive("sendTimeout", sendTimeout);
            return this;
        }

        /**
         * Caps each attempt (default none: see {@link SendOptions#attemptTimeout()}).
         * @param attemptTimeout a positive duration; none for the default
         * @return this builder
         * @throws InvalidOptionException when it is not positive
         */
        public Builder attemptTimeout(@Nullable Duration attemptTimeout) {
            this.attemptTimeout = (attemptTimeout != null) ? OptionChecks.positive("attemptTimeout", attemptTimeout)
                    : null;
            return this;
        }

        /**
         * Sets the retries of sync and batch sends (default {@link #DEFAULT_RETRIES}).
         * @param retries 0 or more
         * @return this builder
         * @throws InvalidOptionException when it is negative
         */
        public Builder retries(int retries) {
            this.retries = OptionChecks.atLeast("retries", retries, 0);
            return this;
        }

        /**
         * Sets the retries of async sends (default {@link #DEFAULT_ASYNC_RETRIES}).
         * @param asyncRetries 0 or more
         * @return this builder
         * @throws InvalidOptionException when it is negative
         */
        public Builder asyncRetries(int asyncRetries) {
            this.asyncRetries = OptionChecks.atLeast("asyncRetries", asyncRetries, 0);
            return this;
        }

        /**
         * Sets whether a message stored without SEND_OK is sent again to another broker
         * (default {@link #DEFAULT_RETRY_ANOTHER_BROKER_WHEN_NOT_STORE_OK}).
         * @param retry the setting
         * @return this builder
         */
        public Builder retryAnotherBrokerWhenNotStoreOk(boolean retry) {
            this.retryAnotherBrokerWhenNotStoreOk = retry;
            return this;
        }

        /**
         * Sets the body size from which bodies are compressed (default
         * {@link #DEFAULT_COMPRESS_THRESHOLD}).
         * @param compressThreshold bytes, at least 1
         * @return this builder
         * @throws InvalidOptionException when it is below 1
         */
        public Builder compressThreshold(int compressThreshold) {
            this.compressThreshold = (int) OptionChecks.atLeastBytes("compressThreshold", compressThreshold, 1);
            return this;
        }

        /**
         * Sets the compression level (default {@link #DEFAULT_COMPRESS_LEVEL}), checked
         * by {@link #build()} against the range of the codec: zlib
         * {@link #MIN_COMPRESS_LEVEL} (no compression) to {@link #MAX_COMPRESS_LEVEL}
         * (smallest), zstd {@link #MIN_ZSTD_COMPRESS_LEVEL} to
         * {@link #MAX_ZSTD_COMPRESS_LEVEL}; LZ4 does not use it (as in the official
         * client), so any value passes.
         * @param compressLevel the level
         * @return this builder
         */
        public Builder compressLevel(int compressLevel) {
            this.compressLevel = compressLevel;
            return this;
        }

        /**
         * Sets the codec of compressed bodies (default {@link #DEFAULT_COMPRESS_TYPE}).
         * LZ4 and ZSTD need their library on the class path, checked by {@link #build()}.
         * @param compressType the codec
         * @return this builder
         * @throws InvalidOptionException when {@code compressType} is {@code null}
         */
        public Builder compressType(CompressionCodec compressType) {
            this.compressType = OptionChecks.required("compressType", compressType);
            return this;
        }

        /**
         * Sets the largest body (default {@link #DEFAULT_MAX_MESSAGE_SIZE}).
         * @param maxMessageSize bytes, at least 1
         * @return this builder
         * @throws InvalidOptionException when it is below 1
         */
        public Builder maxMessageSize(int maxMessageSize) {
            this.maxMessageSize = (int) OptionChecks.atLeastBytes("maxMessageSize", maxMessageSize, 1);
            return this;
        }

        /**
         * Sets the broker response codes retried on another broker (default
         * {@link #DEFAULT_RETRY_RESPONSE_CODES}).
         * @param codes the codes
         * @return this builder
         * @throws InvalidOptionException when {@code codes} is {@code null}
         */
        public Builder retryResponseCodes(Set<Integer> codes) {
            this.retryResponseCodes = Set.copyOf(OptionChecks.required("retryResponseCodes", codes));
            return this;
        }

        /**
         * @return the immutable options
         * @throws InvalidOptionException when the level is outside the codec's range, or
         * the codec's library is not on the class path (the message names the Maven
         * coordinates to add)
         */
        public SendOptions build() {
            switch (this.compressType) {
                case ZLIB ->
                    OptionChecks.within("compressLevel", this.compressLevel, MIN_COMPRESS_LEVEL, MAX_COMPRESS_LEVEL);
                case ZSTD -> OptionChecks.within("compressLevel", this.compressLevel, MIN_ZSTD_COMPRESS_LEVEL,
                        MAX_ZSTD_COMPRESS_LEVEL);
                case LZ4 -> {
                }
            }
            CodecLibraries.check(this.compressType, CodecLibraries::onClassPath);
            return new SendOptions(this);
        }

    }

}
