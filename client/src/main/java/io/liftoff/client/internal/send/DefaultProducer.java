package io.liftoff.client.internal.send;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.liftoff.client.ClientResources;
import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerListener;
import io.liftoff.client.ProducerSnapshot;
import io.liftoff.client.ProducerSnapshot.NameServerState;
import io.liftoff.client.QueueSelector;
import io.liftoff.client.ReplyMessage;
import io.liftoff.client.SendResult;
import io.liftoff.client.TraceStats;
import io.liftoff.client.TransactionListener;
import io.liftoff.client.TransactionResult;
import io.liftoff.client.internal.fault.FaultTable;
import io.liftoff.client.internal.fault.QueueChooser;
import io.liftoff.client.internal.listener.GuardedListeners;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.message.MessageValidator;
import io.liftoff.client.internal.message.UniqueIdGenerator;
import io.liftoff.client.internal.recall.MessageRecaller;
import io.liftoff.client.internal.remoting.RemotingClient;
import io.liftoff.client.internal.remoting.RequestCode;
import io.liftoff.client.internal.reply.PendingReplies;
import io.liftoff.client.internal.reply.ReplyReceiver;
import io.liftoff.client.internal.reply.RequestReplies;
import io.liftoff.client.internal.resources.DefaultClientResources;
import io.liftoff.client.internal.route.NameServerClient;
import io.liftoff.client.internal.route.PublishRoute;
import io.liftoff.client.internal.route.RouteCache;
import io.liftoff.client.internal.trace.Tracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Producer}: its life cycle, and the public methods, each handed to the class
 * that does the work. Where a send is prepared: {@link SendPreparer}; queue chosen,
 * written and retried: {@link SendOperation} with {@link QueueChooser} and
 * {@link RetryPolicy}; batched: {@link AsyncBatcher}; sent oneway: {@link OnewaySender};
 * sent in a transaction and checked: {@link TransactionalSender},
 * {@link TransactionChecker}; reported: the guarded listener in its {@link SendContext}
 * and {@link ProducerEvents}; kept in touch with brokers: {@link BrokerUpkeep};
 * described: {@link SnapshotAssembler}; traced: {@link Tracer}, its messages sent by
 * {@link TraceSends}; requests and their replies: {@link RequestReplies}; recalls:
 * {@link MessageRecaller}. Runs on {@link ClientResources} it is given, or on its own,
 * which {@link #close()} then stops.
 */
public final class DefaultProducer implements Producer {

    private static final Logger logger = LoggerFactory.getLogger(DefaultProducer.class);

    private final ProducerConfig config;

    private final String clientId;

    private final ProducerState state;

    private final @Nullable DefaultClientResources ownResources;

    private final DefaultClientResources resources;

    private final RemotingClient remoting;

    private final RouteCache routes;

    private final InFlightLimiter limiter;

    private final RetryTimer retryTimer;

    private final BrokerUpkeep upkeep;

    private final SendPreparer preparer;

    private final MessageSender sender;

    private final OnewaySender oneway;

    private final TransactionalSender transactions;

    private final SnapshotAssembler snapshots;

    private final @Nullable Tracer tracer;

    private final RequestReplies replies;

    private final MessageRecaller recaller;

    /**
     * Creates a producer from a checked configuration; use {@link Producer#builder()}.
     * @param config the configuration
     */
    public DefaultProducer(ProducerConfig config) {
        this.config = config;
        this.state = new ProducerState(config.group());
        String wireGroup = Namespaces.wrap(config.namespace(), config.group());
        byte[] ip = UniqueIdGenerator.localAddress();
        this.clientId = hostAddress(ip) + "@" + config.instanceName();
        this.ownResources = (config.resources() != null) ? null : ownResources(config);
        this.resources = (this.ownResources != null) ? this.ownResources
                : DefaultClientResources.of(config.resources());
        this.remoting = new RemotingClient(config.transport(), this.resources.loops(), this.resources.callbacks(),
                config.nameServers(), config.credentials());
        ProducerListener listener = GuardedListeners.of(List.of(config.listener()));
        BrokerAddresses brokers = new BrokerAddresses();
        ProducerEvents events = new ProducerEvents(listener, config.namespace(), brokers);
        NameServerClient nameServers = new NameServerClient(this.remoting, config.nameServers(),
                config.routes().requestTimeout().toMillis(), config.clock());
        this.routes = new RouteCache(nameServers, config.routes(), this.resources.timer(), config.clock(), events);
        FaultTable faults = new FaultTable(config.faultTolerance(), config.clock()::millis, events);
        this.limiter = new InFlightLimiter(config.asyncLimits());
        this.retryTimer = new RetryTimer(this.resources.timer());
        this.upkeep = new BrokerUpkeep(brokers, this.remoting, this.routes, faults,
                new ClientRequests(this.clientId, wireGroup), config.faultTolerance().probeInterval(),
                config.faultTolerance().probeTimeout(), config.heartbeatInterval());
        if (config.transactionListener() != null) {
            this.upkeep.heartbeatWholeCluster();
        }
        MessageEncoder encoder = new MessageEncoder(config.send().compressThreshold(), config.send().compressType(),
                config.send().compressLevel(), new UniqueIdGenerator(ip));
        SendRequests requests = new SendRequests(wireGroup, config.routes().defaultTopic(),
                config.routes().defaultTopicQueueNums(), config.credentials());
        SendContext untraced = new SendContext(this.routes, faults,
                new QueueChooser(faults, config.faultTolerance().enabled()), new TopicCursors(), this.remoting,
                requests, config.send(), new RetryPolicy(config.send()), listener, this.limiter,
                config.callbackExecutor(), this.retryTimer, config.clock(), this.state, null,
                new LateAnswers(faults, requests, listener));
        this.tracer = TraceSends.tracer(config, untraced, encoder, brokers, this.resources.timer());
        SendContext context = (this.tracer != null) ? untraced.tracedBy(this.tracer) : untraced;
        this.preparer = new SendPreparer(new MessageValidator(config.send().maxMessageSize()), encoder,
                new BodyCompressor(encoder, this.remoting, this.resources.compression()), config.namespace(),
                config.send().maxMessageSize());
        this.sender = new MessageSender(context, this.preparer,
                config.autoBatch().enabled() ? new AsyncBatcher(context, config.autoBatch()) : null);
        this.oneway = new OnewaySender(context, this.preparer);
        TransactionListeners transactionListeners = new TransactionListeners(config.transactionListener(),
                TransactionListeners.DEFAULT_CAPACITY);
        this.transactions = new TransactionalSender(context, this.preparer, wireGroup, brokers, transactionListeners);
        this.remoting.registerHandler(RequestCode.CHECK_TRANSACTION_STATE, new TransactionChecker(wireGroup,
                config.namespace(), transactionListeners, this.remoting, this.state, listener));
        this.snapshots = new SnapshotAssembler(config, this.routes, faults, brokers, this.limiter, this.state);
        this.remoting.addConnectionListener(this.upkeep);
        PendingReplies pending = new PendingReplies(config.replies().maxPendingRequests(), this.resources.timer());
        this.replies = new RequestReplies(pending, new ReplyChannel(context, this.preparer, this.upkeep),
                this.clientId);
        this.remoting.registerHandler(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, new ReplyReceiver(pending));
        this.recaller = new MessageRecaller(this.routes, this.remoting, wireGroup);
    }

    @Override
    public void start() {
        this.state.start();
        this.routes.start();
        // The first send looks its route up: connecting now overlaps the connect with the
        // caller's first message.
        this.routes.nameServers().connectInBackground();
        this.upkeep.start(this.resources.timer());
        if (this.tracer != null) {
            this.tracer.start();
        }
        logger.info("Producer of group '{}' started (client id {}, NameServers {}{})", this.config.group(),
                this.clientId, this.config.nameServers(),
                (this.ownResources != null) ? "" : ", shared resources '" + this.resources.name() + "'");
    }

    @Override
    public SendResult send(Message message) {
        return send(message, this.config.send().sendTimeout());
    }

    @Override
    public SendResult send(Message message, Duration timeout) {
        checkTimeout(timeout);
        this.state.ensureRunning();
        return this.sender.send(message, timeout);
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(Message message) {
        return sendAsync(message, this.config.send().sendTimeout());
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(Message message, Duration timeout) {
        checkTimeout(timeout);
        this.state.ensureRunning();
        return this.sender.sendAsync(message, timeout);
    }

    @Override
    public void sendOneway(Message message) {
        this.state.ensureRunning();
        this.oneway.send(message);
    }

    @Override
    public SendResult sendOrderly(Message message, @Nullable Object hashKey) {
        if (hashKey == null) {
            throw new InvalidMessageException(
                    "Ordered send to topic '" + message.topic() + "' needs a hash key; it was null");
        }
        return sendOrderly(message, (queues, msg, key) -> queues.get(Math.floorMod(key.hashCode(), queues.size())),
                hashKey);
    }

    @Override
    public SendResult sendOrderly(Message message, QueueSelector selector, @Nullable Object arg) {
        this.state.ensureRunning();
        return this.sender.sendOrderly(message, selector, arg);
    }

    @Override
    public SendResult sendBatch(List<Message> messages) {
        this.state.ensureRunning();
        return this.sender.sendBatch(messages);
    }

    @Override
    public ReplyMessage request(Message message, Duration timeout) {
        return Blocking.await(requestAsync(message, timeout), timeout);
    }

    @Override
    public CompletableFuture<ReplyMessage> requestAsync(Message message, Duration timeout) {
        checkTimeout(timeout);
        this.state.ensureRunning();
        return this.replies.requestAsync(message, timeout);
    }

    @Override
    public String recall(String topic, String recallHandle) {
        MessageValidator.validateTopic(topic);
        this.state.ensureRunning();
        Duration timeout = this.config.send().sendTimeout();
        return Blocking.await(this.recaller.recall(topic, this.preparer.wireTopic(topic), recallHandle, timeout),
                timeout);
    }

    @Override
    public TransactionResult sendInTransaction(Message message, TransactionListener listener, @Nullable Object arg) {
        this.state.ensureRunning();
        return this.transactions.send(message, listener, arg);
    }

    @Override
    public List<MessageQueue> writeQueues(String topic) {
        MessageValidator.validateTopic(topic);
        this.state.ensureRunning();
        PublishRoute route = Blocking.await(this.routes.route(this.preparer.wireTopic(topic)),
                this.config.routes().requestTimeout().multipliedBy(2));
        List<MessageQueue> queues = new ArrayList<>(route.writeQueues().size());
        for (MessageQueue queue : route.writeQueues()) {
            queues.add(new MessageQueue(topic, queue.brokerName(), queue.queueId()));
        }
        return Collections.unmodifiableList(queues);
    }

    @Override
    public ProducerSnapshot snapshot() {
        return this.snapshots.snapshot();
    }

    @Override
    public TraceStats traceStats() {
        return (this.tracer != null) ? this.tracer.stats() : TraceStats.NONE;
    }

    @Override
    public List<NameServerState> checkNameServers(Duration timeout) {
        return this.snapshots.checkNameServers(timeout);
    }

    @Override
    public CompletableFuture<Void> refreshRoutes() {
        return this.routes.refreshAll();
    }

    @Override
    public void close() {
        close(this.config.closeGrace());
    }

    @Override
    public void close(Duration grace) {
        if (!this.state.beginClose()) {
            return;
        }
        long abandoned = this.limiter.awaitDrained(grace);
        if (abandoned > 0) {
            logger.warn("Closing producer of group '{}' with {} async sends still in flight after {}; they fail",
                    this.config.group(), abandoned, grace);
        }
        if (this.tracer != null) {
            // Trace records of the sends above go out while the transport is still open.
            this.tracer.close(grace);
        }
        this.state.closed();
        this.retryTimer.abandonAll();
        this.replies.close(this.config.group());
        this.upkeep.stop();
        this.upkeep.unregister();
        this.routes.close();
        this.remoting.close();
        if (this.ownResources != null) {
            this.ownResources.close();
        }
        logger.info("Producer of group '{}' closed", this.config.group());
    }

    /**
     * @return the transport, for tests that count what it holds
     */
    RemotingClient remoting() {
        return this.remoting;
    }

    private static DefaultClientResources ownResources(ProducerConfig config) {
        return new DefaultClientResources(config.group(), config.transport().ioThreads(),
                config.transport().callbackThreads(), ClientResources.DEFAULT_COMPRESSION_THREADS,
                config.transport().nativeTransport());
    }

    private static void checkTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidMessageException("Send timeout must be positive, was " + timeout);
        }
    }

    private static String hostAddress(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip).getHostAddress();
        }
        catch (UnknownHostException ex) {
            return "127.0.0.1";
        }
    }

}
