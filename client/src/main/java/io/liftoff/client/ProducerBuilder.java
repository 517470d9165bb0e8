package io.liftoff.client;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.liftoff.client.internal.message.MessageValidator;
import io.liftoff.client.internal.remoting.Addresses;
import io.liftoff.client.internal.send.DefaultProducer;
import io.liftoff.client.internal.send.ProducerConfig;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Producer}. Only the NameServer address list and the group are required;
 * every other option has the official client's default (see the option groups). The
 * values set here are checked by {@link #build()}, the option groups' values by their own
 * builders.
 */
public final class ProducerBuilder {

    /**
     * Default instance name: {@code DEFAULT}, replaced by {@code pid#nanotime} as the
     * official client does.
     */
    public static final String DEFAULT_INSTANCE_NAME = "DEFAULT";

    /** Default time {@link Producer#close()} waits for sends in flight: 5 s. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);

    /** Default interval of heartbeats to brokers: 30 s, as the official client. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);

    private @Nullable String nameServer;

    private @Nullable String group;

    private @Nullable String namespace;

    private String instanceName = DEFAULT_INSTANCE_NAME;

    private SendOptions sendOptions = SendOptions.defaults();

    private FaultToleranceOptions faultTolerance = FaultToleranceOptions.defaults();

    private AsyncLimits asyncLimits = AsyncLimits.defaults();

    private ReplyOptions replyOptions = ReplyOptions.defaults();

    private AutoBatchOptions autoBatch = AutoBatchOptions.defaults();

    private TraceOptions trace = TraceOptions.disabled();

    private RouteOptions routeOptions = RouteOptions.defaults();

    private TransportOptions transportOptions = TransportOptions.defaults();

    private @Nullable TlsOptions tls;

    private ProducerListener listener = ProducerListener.NONE;

    private @Nullable Executor callbackExecutor;

    private Duration closeGrace = DEFAULT_CLOSE_GRACE;

    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;

    private Clock clock = Clock.systemUTC();

    private @Nullable ClientResources clientResources;

    private @Nullable TransactionListener transactionListener;

    private @Nullable CredentialsProvider credentials;

    ProducerBuilder() {
    }

    /**
     * Sets the NameServer addresses (required).
     * @param addresses {@code host:port}, several separated by {@code ;}
     * @return this builder
     */
    public ProducerBuilder nameServer(String addresses) {
        this.nameServer = addresses;
        return this;
    }

    /**
     * Sets the producer group (required).
     * @param group the group
     * @return this builder
     */
    public ProducerBuilder group(String group) {
        this.group = group;
        return this;
    }

    /**
     * Sets a namespace: topics and the group are sent as {@code namespace%name} (none by
     * default).
     * @param namespace the namespace; none (or blank) for no namespace
     * @return this builder
     */
    public ProducerBuilder namespace(@Nullable String namespace) {
        this.namespace = namespace;
        return this;
    }

    /**
     * Sets the instance name in the client id (default {@link #DEFAULT_INSTANCE_NAME}).
     * @param instanceName the name, not blank
     * @return this builder
     */
    public ProducerBuilder instanceName(String instanceName) {
        this.instanceName = instanceName;
        return this;
    }

    /**
     * Sets timeouts, retries and encoding limits (default
     * {@link SendOptions#defaults()}).
     * @param options the options
     * @return this builder
     */
    public ProducerBuilder sendOptions(SendOptions options) {
        this.sendOptions = Objects.requireNonNull(options, "sendOptions");
        return this;
    }

    /**
     * Sets latency fault tolerance (default {@link FaultToleranceOptions#defaults()}:
     * on).
     * @param options the options
     * @return this builder
     */
    public ProducerBuilder faultTolerance(FaultToleranceOptions options) {
        this.faultTolerance = Objects.requireNonNull(options, "faultTolerance");
        return this;
    }

    /**
     * Sets the bounds of request-reply (default {@link ReplyOptions#defaults()}).
     * @param options the options
     * @return this builder
     */
    public ProducerBuilder replyOptions(ReplyOptions options) {
        this.replyOptions = Objects.requireNonNull(options, "replyOptions");
        return this;
    }

    /**
     * Sets the bounds of async sends in flight (default {@link AsyncLimits#defaults()}).
     * @param limits the limits
     * @return this builder
     */
    public ProducerBuilder asyncLimits(AsyncLimits limits) {
        this.asyncLimits = Objects.requireNonNull(limits, "asyncLimits");
        return this;
    }

    /**
     * Sets route look-up and refresh (default {@link RouteOptions#defaults()}).
     * @param options the options
     * @return this builder
     */
    public ProducerBuilder routeOptions(RouteOptions options) {
        this.routeOptions = Objects.requireNonNull(options, "routeOptions");
        return this;
    }

    /**
     * Sets the transport (default {@link TransportOptions#defaults()}). TLS set with
     * {@link #tls(TlsOptions)} is kept, whatever the order of the calls.
     * @param options the options
     * @return this builder
     */
    public ProducerBuilder transportOptions(TransportOptions options) {
        Objects.requireNonNull(options, "transportOptions");
        this.transportOptions = (this.tls != null) ? options.mutate().tls(this.tls).build() : options;
        return this;
    }

    /**
     * Sets TLS on the connections to NameServers and brokers (default
     * {@link TlsOptions#disabled()}): the same as {@link TransportOptions.Builder#tls},
     * and it wins over the TLS options of {@link #transportOptions(TransportOptions)}.
     * @param options the TLS options
     * @return this builder
     */
    public ProducerBuilder tls(TlsOptions options) {
        this.tls = Objects.requireNonNull(options, "tls");
        this.transportOptions = this.transportOptions.mutate().tls(options).build();
        return this;
    }

    /**
     * Sets a listener for sends, attempts, broker isolation and route changes (none by
     * default).
     * @param listener the listener
     * @return this builder
     */
    public ProducerBuilder listener(ProducerListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Sets how async sends are batched under load (default
     * {@link AutoBatchOptions#defaults()}: on, adaptive).
     * @param options the options, such as {@link AutoBatchOptions#disabled()}
     * @return this builder
     */
    public ProducerBuilder autoBatch(AutoBatchOptions options) {
        this.autoBatch = Objects.requireNonNull(options, "autoBatch");
        return this;
    }

    /**
     * Sets message trace (default {@link TraceOptions#disabled()}): {@code Pub} records
     * in the official format, sent to {@code RMQ_SYS_TRACE_TOPIC} or a customized topic.
     * @param options the trace options
     * @return this builder
     */
    public ProducerBuilder trace(TraceOptions options) {
        this.trace = Objects.requireNonNull(options, "trace");
        return this;
    }

    /**
     * Sets the executor that completes async send futures (default: none, they complete
     * on I/O threads).
     * @param executor the executor; none to complete futures on I/O threads
     * @return this builder
     */
    public ProducerBuilder callbackExecutor(@Nullable Executor executor) {
        this.callbackExecutor = executor;
        return this;
    }

    /**
     * Sets how long {@link Producer#close()} waits for sends in flight (default
     * {@link #DEFAULT_CLOSE_GRACE}).
     * @param grace a duration, zero or more
     * @return this builder
     */
    public ProducerBuilder closeGrace(Duration grace) {
        this.closeGrace = grace;
        return this;
    }

    /**
     * Sets the heartbeat interval (default {@link #DEFAULT_HEARTBEAT_INTERVAL}).
     * @param interval a positive duration
     * @return this builder
     */
    public ProducerBuilder heartbeatInterval(Duration interval) {
        this.heartbeatInterval = interval;
        return this;
    }

    /**
     * Sets the clock used for timestamps and isolation (default UTC system clock); for
     * tests.
     * @param clock the clock
     * @return this builder
     */
    public ProducerBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Runs the producer on threads shared with other producers (none by default: the
     * producer creates I/O, timer, compression and callback threads of its own from its
     * {@link TransportOptions}, and stops them on close). Closing the producer leaves
     * shared resources running; their owner closes them after the last producer. With
     * shared resources, {@link TransportOptions#ioThreads()},
     * {@link TransportOptions#callbackThreads()} and
     * {@link TransportOptions#nativeTransport()} are the resources' business and are not
     * used.
     * @param resources resources from {@link ClientResources#create()} or
     * {@link ClientResources#builder()}; none for threads of the producer's own
     * @return this builder
     */
    public ProducerBuilder clientResources(@Nullable ClientResources resources) {
        this.clientResources = resources;
        return this;
    }

    /**
     * Sets the listener that answers the broker's checks of transactions whose own
     * listener the producer does not know: half messages sent before a restart, or by
     * another producer of the group (none by default: such checks are answered
     * {@link LocalTransactionState#UNKNOWN} and logged, and the broker asks again later).
     * Checks of a message sent with
     * {@link Producer#sendInTransaction(Message, TransactionListener, Object)} go to the
     * listener it was sent with while the producer remembers it (up to 10,000 undecided
     * transactions). With a listener, the producer registers (heartbeats) on every master
     * the NameServers know from its start, not only on the brokers of topics it sent to,
     * so that a broker holding a half message of the group finds it before it has sent
     * anything.
     * @param listener the listener; none for none
     * @return this builder
     */
    public ProducerBuilder transactionListener(@Nullable TransactionListener listener) {
        this.transactionListener = listener;
        return this;
    }

    /**
     * Signs every request with these credentials, for brokers with authentication on
     * (none by default: requests are not signed). See {@link Credentials}.
     * @param credentials the access key and secret key; none for unsigned requests
     * @return this builder
     */
    public ProducerBuilder credentials(@Nullable Credentials credentials) {
        this.credentials = (credentials != null) ? CredentialsProvider.of(credentials) : null;
        return this;
    }

    /**
     * Signs every request with the credentials a provider gives, asked once per request,
     * for credentials that rotate (none by default). Replaces
     * {@link #credentials(Credentials)}. See {@link CredentialsProvider} for the rules.
     * @param provider the provider; none for unsigned requests
     * @return this builder
     */
    public ProducerBuilder credentialsProvider(@Nullable CredentialsProvider provider) {
        this.credentials = provider;
        return this;
    }

    /**
     * Builds the producer, checking the configuration.
     * @return a producer, not started
     * @throws InvalidOptionException naming the option that is missing or wrong
     */
    public Producer build() {
        if (this.nameServer == null || this.nameServer.isBlank()) {
            throw new InvalidOptionException("nameServer",
                    "NameServer address is required: set nameServer(\"host:port\")");
        }
        List<String> addresses;
        try {
            addresses = Addresses.parseList(this.nameServer);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidOptionException("nameServer", ex.getMessage());
        }
        if (this.group == null || this.group.isBlank()) {
            throw new InvalidOptionException("group", "Producer group is required: set group(\"my-group\")");
        }
        try {
            MessageValidator.validateGroup(this.group);
        }
        catch (InvalidMessageException ex) {
            throw new InvalidOptionException("group", ex.getMessage());
        }
        if (this.namespace != null && !this.namespace.isBlank()) {
            try {
                MessageValidator.validateTopic(this.namespace);
            }
            catch (InvalidMessageException ex) {
                throw new InvalidOptionException("namespace",
                        "Namespace '" + this.namespace
                                + "' is invalid: only letters, digits, '%', '|', '-' and '_' are allowed, at most 127 "
                                + "characters, and it must not be a RocketMQ system name (" + ex.getMessage() + ")");
            }
        }
        OptionChecks.notBlank("instanceName", this.instanceName);
        OptionChecks.notNegative("closeGrace", this.closeGrace);
        OptionChecks.positive("heartbeatInterval", this.heartbeatInterval);
        if (this.clientResources != null && this.clientResources.isClosed()) {
            throw new InvalidOptionException("clientResources", "ClientResources '" + this.clientResources.name()
                    + "' are closed: give the producer resources that are still open");
        }
        // As the official client: the default instance name becomes one of its own for
        // each producer.
        String instance = DEFAULT_INSTANCE_NAME.equals(this.instanceName)
                ? ProcessHandle.current().pid() + "#" + System.nanoTime() : this.instanceName;
        return new DefaultProducer(new ProducerConfig(addresses, this.group,
                (this.namespace != null && !this.namespace.isBlank()) ? this.namespace : null, instance,
                this.sendOptions, this.faultTolerance, this.asyncLimits, this.autoBatch, this.routeOptions,
                this.transportOptions, this.listener, this.callbackExecutor, this.closeGrace, this.heartbeatInterval,
                this.clock, this.clientResources, this.trace, this.replyOptions, this.transactionListener,
                this.credentials));
    }

}
