package io.liftoff.client.internal.send;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.liftoff.client.AsyncLimits;
import io.liftoff.client.AutoBatchOptions;
import io.liftoff.client.FaultToleranceOptions;
import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.LiftoffException;
import io.liftoff.client.Message;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerClosedException;
import io.liftoff.client.ProducerListener;
import io.liftoff.client.ProducerSnapshot;
import io.liftoff.client.ProducerSnapshot.BrokerState;
import io.liftoff.client.ProducerSnapshot.NameServerState;
import io.liftoff.client.ProducerSnapshot.RouteState;
import io.liftoff.client.ProducerSnapshot.State;
import io.liftoff.client.QueueSelector;
import io.liftoff.client.RouteOptions;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendOptions;
import io.liftoff.client.SendResult;
import io.liftoff.client.TransportOptions;
import io.liftoff.client.internal.fault.BrokerFault;
import io.liftoff.client.internal.fault.FaultTable;
import io.liftoff.client.internal.fault.QueueChooser;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.message.EncodedBatch;
import io.liftoff.client.internal.message.EncodedMessage;
import io.liftoff.client.internal.message.MessageValidator;
import io.liftoff.client.internal.message.UniqueIdGenerator;
import io.liftoff.client.internal.remoting.PooledBody;
import io.liftoff.client.internal.remoting.RemotingClient;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.route.NameServerClient;
import io.liftoff.client.internal.route.PublishRoute;
import io.liftoff.client.internal.route.RouteCache;
import io.liftoff.client.internal.route.RouteListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Producer}: validates and encodes each message once, then hands it to a {@link SendOperation}
 * that picks queues and retries. Owns the transport, the route cache, the fault table, the broker prober and
 * heartbeats, and one scheduler thread; {@link #close()} stops them all.
 */
public final class DefaultProducer implements Producer {

    private static final Logger logger = LoggerFactory.getLogger(DefaultProducer.class);

    private final Config config;

    private final RemotingClient remoting;

    private final ScheduledExecutorService scheduler;

    private final RouteCache routes;

    private final FaultTable faults;

    private final QueueChooser chooser;

    private final MessageValidator validator;

    private final MessageEncoder encoder;

    private final SendRequests requests;

    private final ClientRequests clientRequests;

    private final InFlightLimiter limiter;

    /** Compresses large bodies of async sends: one thread per processor, at most 4, none while unused. */
    private final ThreadPoolExecutor compression;

    /** Batches async sends under load, or {@code null} when auto-batching is off. */
    private final AsyncBatcher batcher;

    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();

    private final Map<String, String> brokerAddresses = new ConcurrentHashMap<>();

    private final Map<String, OnewayPacer> onewayPacers = new ConcurrentHashMap<>();

    private final Set<String> probing = ConcurrentHashMap.newKeySet();

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    private final String clientId;

    /**
     * Creates a producer from a checked configuration; use {@link Producer#builder()}.
     *
     * @param config the configuration
     */
    public DefaultProducer(Config config) {
        this.config = config;
        String wireGroup = Namespaces.wrap(config.namespace(), config.group());
        byte[] ip = UniqueIdGenerator.localAddress();
        this.clientId = hostAddress(ip) + "@" + (io.liftoff.client.ProducerBuilder.DEFAULT_INSTANCE_NAME.equals(config.instanceName())
                ? ProcessHandle.current().pid() + "#" + System.nanoTime() : config.instanceName());
        this.remoting = new RemotingClient(config.transport(), config.group(), config.nameServers());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
            Thread thread = new Thread(task, "liftoff-producer-" + config.group());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
        NameServerClient nameServers = new NameServerClient(this.remoting, config.nameServers(),
                config.routes().requestTimeout().toMillis(), config.clock());
        this.routes = new RouteCache(nameServers, config.routes(), this.scheduler, config.clock(), new RouteEvents());
        this.faults = new FaultTable(config.faultTolerance(), config.clock()::millis, new FaultEvents());
        this.chooser = new QueueChooser(this.faults, config.faultTolerance().enabled());
        this.validator = new MessageValidator(config.send().maxMessageSize());
        this.encoder = new MessageEncoder(config.send().compressThreshold(), config.send().compressLevel(),
                new UniqueIdGenerator(ip));
        this.requests = new SendRequests(wireGroup, config.routes().defaultTopic(),
                config.routes().defaultTopicQueueNums());
        this.clientRequests = new ClientRequests(this.clientId, wireGroup);
        this.limiter = new InFlightLimiter(config.asyncLimits());
        this.compression = compressionPool(config.group());
        this.batcher = config.autoBatch().enabled() ? new AsyncBatcher(this, config.autoBatch(),
                config.send().maxMessageSize(), config.send().asyncRetries() + 1, config.callbackExecutor()) : null;
        this.remoting.addConnectionListener(new RemotingClient.ConnectionListener() {
            @Override
            public void connected(String address) {
                // As the 5.x client: a new connection to a broker registers the producer on it at once.
                if (DefaultProducer.this.brokerAddresses.containsValue(address)) {
                    DefaultProducer.this.remoting.invoke(address, DefaultProducer.this.clientRequests.heartbeat(),
                            3000);
                }
            }
        });
    }

    @Override
    public void start() {
        if (!this.state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("Producer of group '" + this.config.group() + "' is already "
                    + this.state.get().name().toLowerCase(java.util.Locale.ROOT) + "; start() may be called once");
        }
        this.routes.start();
        // The first send looks its route up: connecting now overlaps the connect with the caller's first message.
        this.routes.nameServers().connectInBackground();
        long probe = this.config.faultTolerance().probeInterval().toMillis();
        this.scheduler.scheduleWithFixedDelay(this::probeUnreachableBrokers, probe, probe, TimeUnit.MILLISECONDS);
        long heartbeat = this.config.heartbeatInterval().toMillis();
        this.scheduler.scheduleWithFixedDelay(this::heartbeatAll, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        logger.info("Producer of group '{}' started (client id {}, NameServers {})", this.config.group(),
                this.clientId, this.config.nameServers());
    }

    @Override
    public SendResult send(Message message) {
        return send(message, this.config.send().sendTimeout());
    }

    @Override
    public SendResult send(Message message, Duration timeout) {
        checkTimeout(timeout);
        ensureRunning();
        PreparedSend send = prepare(message);
        SendOperation operation = new SendOperation(this, send, SendMode.SYNC, this.config.send().retries() + 1,
                timeout.toNanos(), null).start();
        return await(operation.result(), timeout);
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(Message message) {
        return sendAsync(message, this.config.send().sendTimeout());
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(Message message, Duration timeout) {
        checkTimeout(timeout);
        ensureRunning();
        EncodedMessage encoded = this.encoder.encode(validated(message));
        // A large body is compressed on the compression pool, not on the caller's thread: zlib is the slowest
        // step of a send, and an application that sends async wants its thread back at once.
        boolean offload = this.encoder.compresses(encoded.body().length);
        PreparedSend send = prepared(message, encoded);
        long timeoutNanos = timeout.toNanos();
        long start = System.nanoTime();
        int permits = this.limiter.acquire(send.bodyLength(), timeoutNanos);
        if (this.batcher != null && AsyncBatcher.batchable(message)) {
            if (!offload) {
                return this.batcher.send(send, permits, start, timeoutNanos);
            }
            return compressThenBatch(message, encoded, permits, start, timeoutNanos);
        }
        try {
            SendOperation operation = new SendOperation(this, send, SendMode.ASYNC,
                    this.config.send().asyncRetries() + 1, timeoutNanos, null, permits,
                    this.config.callbackExecutor());
            if (offload) {
                compressOnPool(message, encoded, operation::start, operation::abandon);
            }
            else {
                operation.start();
            }
            return operation.result();
        }
        catch (RejectedExecutionException ex) {
            this.limiter.release(permits);
            throw new ProducerClosedException("Producer is closed; async send to topic '" + message.topic()
                    + "' not started");
        }
    }

    /** Compresses a large async body on the compression pool, then hands the send to the batcher. */
    private CompletableFuture<SendResult> compressThenBatch(Message message, EncodedMessage encoded, int permits,
            long start, long timeoutNanos) {
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        try {
            compressOnPool(message, encoded, (compressed) -> this.batcher.send(compressed, permits, start, timeoutNanos)
                    .whenComplete((sent, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(SendOperation.unwrap(failure));
                        }
                        else {
                            result.complete(sent);
                        }
                    }), (failure) -> {
                        this.limiter.release(permits);
                        SendOperation.complete(result, null, failure, this.config.callbackExecutor());
                    });
        }
        catch (RejectedExecutionException ex) {
            this.limiter.release(permits);
            throw new ProducerClosedException("Producer is closed; async send to topic '" + message.topic()
                    + "' not started");
        }
        return result;
    }

    /**
     * Compresses a large body on the compression pool and goes on there with the compressed send, or with why
     * compression failed.
     *
     * @throws RejectedExecutionException when the pool is shut down (the producer is closed)
     */
    private void compressOnPool(Message message, EncodedMessage encoded, Consumer<PreparedSend> then,
            Consumer<Throwable> failed) {
        this.compression.execute(() -> {
            PreparedSend compressed;
            try {
                compressed = compressed(message, encoded);
            }
            catch (RuntimeException | Error ex) {
                failed.accept(ex);
                return;
            }
            then.accept(compressed);
        });
    }

    /** Gives back in-flight permits of an async send that ended. */
    void releasePermits(int permits) {
        this.limiter.release(permits);
    }

    @Override
    public void sendOneway(Message message) {
        ensureRunning();
        EncodedMessage encoded = this.encoder.encode(validated(message));
        // As for async sends, a large body is compressed on the compression pool, not on the caller's thread.
        boolean offload = this.encoder.compresses(encoded.body().length);
        PreparedSend send = prepared(message, encoded);
        Duration timeout = this.config.send().sendTimeout();
        long start = System.nanoTime();
        PublishRoute route = writeableRoute(send, timeout);
        MessageQueue queue = this.chooser.choose(route.writeQueues(), cursor(send.wireTopic()), null);
        String broker = queue.brokerName();
        String address = route.masterAddress(broker);
        if (address == null) {
            throw new LiftoffException("Oneway send to topic '" + message.topic() + "' found no master address for "
                    + "broker '" + broker + "'");
        }
        OnewayPacer pacer = this.onewayPacers.computeIfAbsent(broker, (name) -> new OnewayPacer());
        int credits = pacer.acquire(broker, Math.max(0, timeout.toNanos() - (System.nanoTime() - start)));
        int permits;
        try {
            permits = this.limiter.acquire(send.bodyLength(),
                    Math.max(0, timeout.toNanos() - (System.nanoTime() - start)));
        }
        catch (RuntimeException ex) {
            pacer.release(credits);
            throw ex;
        }
        long deadline = start + timeout.toNanos();
        if (!offload) {
            onewayRequest(message, send, queue, address, pacer, credits, permits, start, deadline);
            return;
        }
        try {
            compressOnPool(message, encoded, (compressed) -> onewayRequest(message, compressed, queue, address, pacer,
                    credits, permits, start, deadline), (failure) -> {
                        pacer.release(credits);
                        onewayDone(message, send, broker, start, System.nanoTime(), permits, failure);
                    });
        }
        catch (RejectedExecutionException ex) {
            pacer.release(credits);
            this.limiter.release(permits);
            throw new ProducerClosedException("Producer is closed; oneway send to topic '" + message.topic()
                    + "' not started");
        }
    }

    /** Writes one oneway send: a plain oneway request, or one that asks for an answer when it carries credits. */
    private void onewayRequest(Message message, PreparedSend send, MessageQueue queue, String address,
            OnewayPacer pacer, int credits, int permits, long start, long deadline) {
        String broker = queue.brokerName();
        RemotingCommand request = this.requests.request(send, queue.queueId(), broker, nowMillis(),
                this.remoting.nextOpaque(), (credits == 0) ? RemotingCommand.FLAG_ONEWAY : 0);
        long attemptStart = System.nanoTime();
        long timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - attemptStart));
        if (credits == 0) {
            this.remoting.invokeOneway(address, request, timeoutMillis, (ignored, error) -> onewayDone(message, send,
                    broker, start, attemptStart, permits, (error != null) ? SendOperation.unwrap(error) : null));
            return;
        }
        // This one asks for an answer, so that the broker's pace sets ours (see OnewayPacer).
        MessageQueue userQueue = new MessageQueue(message.topic(), broker, queue.queueId());
        this.remoting.invoke(address, request, timeoutMillis, (response, error) -> {
            long answerNanos = System.nanoTime() - attemptStart;
            Throwable failure = (error != null) ? SendOperation.unwrap(error) : null;
            if (failure == null) {
                try {
                    SendRequests.result(response, address, send, userQueue);
                    this.faults.recordSuccess(broker, TimeUnit.NANOSECONDS.toMillis(answerNanos));
                }
                catch (RuntimeException refused) {
                    failure = refused;
                }
            }
            pacer.answered(credits, answerNanos, failure == null);
            onewayDone(message, send, broker, start, attemptStart, permits, failure);
        });
    }

    private void onewayDone(Message message, PreparedSend send, String broker, long start, long attemptStart,
            int permits, Throwable failure) {
        this.limiter.release(permits);
        int bodyLength = send.bodyLength();
        send.release();
        if (failure != null) {
            boolean transport = failure instanceof io.liftoff.client.RemotingException;
            this.faults.recordFailure(broker, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attemptStart),
                    transport, SendOperation.describe(failure));
            if (transport) {
                logger.debug("Oneway send {} to topic '{}' on broker '{}' failed: {}", send.messageId(),
                        message.topic(), broker, SendOperation.describe(failure));
            }
            else {
                logger.warn("Oneway send {} to topic '{}' was refused by broker '{}': {}", send.messageId(),
                        message.topic(), broker, SendOperation.describe(failure));
            }
        }
        if (hasListener()) {
            long now = System.nanoTime();
            notifyAttempt(new ProducerListener.AttemptEvent(message.topic(), broker, SendMode.ONEWAY, 1,
                    now - attemptStart, failure));
            notifySend(new ProducerListener.SendEvent(message.topic(), broker, SendMode.ONEWAY, 1, now - start,
                    bodyLength, null, failure));
        }
    }

    @Override
    public SendResult sendOrderly(Message message, Object hashKey) {
        if (hashKey == null) {
            throw new InvalidMessageException("Ordered send to topic '" + message.topic()
                    + "' needs a hash key; it was null");
        }
        return sendOrderly(message, (queues, msg, key) -> queues.get(Math.floorMod(key.hashCode(), queues.size())),
                hashKey);
    }

    @Override
    public SendResult sendOrderly(Message message, QueueSelector selector, Object arg) {
        ensureRunning();
        EncodedMessage encoded = this.encoder.encode(validated(message));
        PreparedSend send = prepared(message, encoded);
        Duration timeout = this.config.send().sendTimeout();
        long start = System.nanoTime();
        PublishRoute route = writeableRoute(send, timeout);
        MessageQueue queue = selector.select(route.writeQueues(), message, arg);
        if (queue == null || !route.writeQueues().contains(queue)) {
            throw new InvalidMessageException("Queue selector returned " + queue + ", which is not a write queue of "
                    + "topic '" + message.topic() + "'");
        }
        // Compressed once the queue is known, so that a route or selector failure leaves no pooled body behind.
        PreparedSend compressed = compressed(message, encoded);
        long left = timeout.toNanos() - (System.nanoTime() - start);
        SendOperation operation = new SendOperation(this, compressed, SendMode.ORDERLY, 1, Math.max(1, left), queue)
                .start();
        return await(operation.result(), timeout);
    }

    @Override
    public SendResult sendBatch(List<Message> messages) {
        ensureRunning();
        this.validator.validateBatch(messages);
        EncodedBatch batch = this.encoder.encodeBatch(messages);
        if (batch.body().length > this.config.send().maxMessageSize()) {
            throw new InvalidMessageException("Batch of " + messages.size() + " messages encodes to "
                    + batch.body().length + " bytes, over the maximum message size of "
                    + this.config.send().maxMessageSize() + " bytes");
        }
        String topic = messages.get(0).topic();
        PreparedSend send = new PreparedSend(topic, Namespaces.wrap(this.config.namespace(), topic),
                batch.uniqueIds(), batch.propertyBytes(), batch.body(), null, 0, 0, true);
        Duration timeout = this.config.send().sendTimeout();
        SendOperation operation = new SendOperation(this, send, SendMode.BATCH, this.config.send().retries() + 1,
                timeout.toNanos(), null).start();
        return await(operation.result(), timeout);
    }

    @Override
    public List<MessageQueue> writeQueues(String topic) {
        MessageValidator.validateTopic(topic);
        ensureRunning();
        PublishRoute route = await(this.routes.route(Namespaces.wrap(this.config.namespace(), topic)),
                this.config.routes().requestTimeout().multipliedBy(2));
        List<MessageQueue> queues = new ArrayList<>(route.writeQueues().size());
        for (MessageQueue queue : route.writeQueues()) {
            queues.add(new MessageQueue(topic, queue.brokerName(), queue.queueId()));
        }
        return Collections.unmodifiableList(queues);
    }

    @Override
    public ProducerSnapshot snapshot() {
        long now = nowMillis();
        List<NameServerState> nameServers = this.routes.nameServers().statuses().stream()
                .map((status) -> new NameServerState(status.address(), status.reachable(), status.lastSuccess(),
                        status.lastError()))
                .toList();
        Map<String, RouteState> routeStates = new LinkedHashMap<>();
        Set<String> brokers = new java.util.TreeSet<>();
        this.routes.snapshot().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((entry) -> {
            PublishRoute route = entry.getValue();
            String topic = unwrap(entry.getKey());
            List<MessageQueue> queues = route.writeQueues().stream()
                    .map((queue) -> new MessageQueue(topic, queue.brokerName(), queue.queueId())).toList();
            routeStates.put(topic, new RouteState(topic, queues, route.writeBrokers(), route.fromDefaultTopic(),
                    route.fetchedAt()));
            brokers.addAll(route.masterAddresses().keySet());
        });
        for (BrokerFault fault : this.faults.snapshot()) {
            brokers.add(fault.brokerName());
        }
        List<BrokerState> brokerStates = new ArrayList<>();
        for (String broker : brokers) {
            BrokerFault fault = this.faults.get(broker);
            String address = this.brokerAddresses.get(broker);
            if (fault == null) {
                brokerStates.add(new BrokerState(broker, address, true, 0, null, 0, 0, null));
            }
            else {
                Instant until = fault.isAvailable(now) ? null : Instant.ofEpochMilli(fault.isolatedUntilMillis());
                brokerStates.add(new BrokerState(broker, address, fault.reachable(), fault.latencyMillis(), until,
                        fault.consecutiveFailures(), fault.totalFailures(), fault.lastError()));
            }
        }
        return new ProducerSnapshot(this.config.group(), this.state.get(), nameServers, routeStates, brokerStates,
                this.limiter.inFlightRequests(), this.limiter.inFlightBytes(), Instant.ofEpochMilli(now));
    }

    @Override
    public List<NameServerState> checkNameServers(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long timeoutMillis = Math.max(1, timeout.toMillis());
        RemotingCommand request = RemotingCommand.request(io.liftoff.client.internal.remoting.RequestCode
                .GET_ROUTEINFO_BY_TOPIC, Map.of("topic", this.config.routes().defaultTopic()), null);
        List<CompletableFuture<NameServerClient.NameServerStatus>> pings = this.routes.nameServers().ping(request,
                timeoutMillis);
        List<NameServerState> states = new ArrayList<>(pings.size());
        for (int i = 0; i < pings.size(); i++) {
            String address = this.config.nameServers().get(i);
            NameServerClient.NameServerStatus status;
            try {
                status = pings.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (ExecutionException | TimeoutException ex) {
                NameServerClient.NameServerStatus last = this.routes.nameServers().statuses().get(i);
                status = new NameServerClient.NameServerStatus(address, false, last.lastSuccess(), null,
                        "no answer within " + timeoutMillis + " ms");
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return snapshot().nameServers();
            }
            states.add(new NameServerState(status.address(), status.reachable(), status.lastSuccess(),
                    status.lastError()));
        }
        return states;
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
        State previous = this.state.getAndUpdate((current) -> (current == State.CLOSED) ? State.CLOSED
                : State.CLOSING);
        if (previous == State.CLOSED || previous == State.CLOSING) {
            return;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (this.limiter.inFlightRequests() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long abandoned = this.limiter.inFlightRequests();
        if (abandoned > 0) {
            logger.warn("Closing producer of group '{}' with {} async sends still in flight after {}; they fail",
                    this.config.group(), abandoned, grace);
        }
        this.state.set(State.CLOSED);
        this.compression.shutdown();
        unregister();
        this.routes.close();
        this.scheduler.shutdownNow();
        this.remoting.close();
        logger.info("Producer of group '{}' closed", this.config.group());
    }

    private static ThreadPoolExecutor compressionPool(String group) {
        int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        // Unbounded queue: what waits here holds in-flight permits, so the async limits bound it.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), (task) -> {
                    Thread thread = new Thread(task, "liftoff-compress-" + group + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    boolean isRunningOrClosing() {
        State current = this.state.get();
        return current == State.RUNNING || current == State.CLOSING;
    }

    RouteCache routes() {
        return this.routes;
    }

    FaultTable faults() {
        return this.faults;
    }

    QueueChooser chooser() {
        return this.chooser;
    }

    SendRequests requests() {
        return this.requests;
    }

    RemotingClient remoting() {
        return this.remoting;
    }

    SendOptions sendOptions() {
        return this.config.send();
    }

    long nowMillis() {
        return this.config.clock().millis();
    }

    int cursor(String topic) {
        AtomicInteger cursor = this.cursors.get(topic);
        if (cursor == null) {
            cursor = this.cursors.computeIfAbsent(topic,
                    (key) -> new AtomicInteger(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 16)));
        }
        return cursor.getAndIncrement();
    }

    boolean hasListener() {
        return this.config.listener() != ProducerListener.NONE;
    }

    void notifyAttempt(ProducerListener.AttemptEvent event) {
        try {
            this.config.listener().attemptFinished(event);
        }
        catch (RuntimeException ex) {
            logger.warn("Producer listener failed on attemptFinished", ex);
        }
    }

    void notifySend(ProducerListener.SendEvent event) {
        try {
            this.config.listener().sendFinished(event);
        }
        catch (RuntimeException ex) {
            logger.warn("Producer listener failed on sendFinished", ex);
        }
    }

    private PreparedSend prepare(Message message) {
        return compressed(message, this.encoder.encode(validated(message)));
    }

    private Message validated(Message message) {
        if (message == null) {
            throw new InvalidMessageException("Message must not be null");
        }
        this.validator.validate(message);
        return message;
    }

    /**
     * The send with its body compressed when it reaches the threshold, on the caller's thread or the compression
     * pool. The compressed body goes to a pooled buffer, not a new array, and whoever ends the send releases it
     * ({@link PreparedSend#release()}); if compression fails the body goes uncompressed.
     */
    private PreparedSend compressed(Message message, EncodedMessage encoded) {
        byte[] body = encoded.body();
        if (!this.encoder.compresses(body.length)) {
            return prepared(message, encoded);
        }
        PooledBody pooled = this.remoting.allocateBody(MessageEncoder.compressBound(body.length));
        int length;
        try {
            length = this.encoder.compressInto(body, pooled.writable());
        }
        catch (RuntimeException | Error ex) {
            pooled.release();
            throw ex;
        }
        if (length < 0) {
            pooled.release();
            return prepared(message, encoded);
        }
        pooled.written(length);
        return new PreparedSend(message.topic(), Namespaces.wrap(this.config.namespace(), message.topic()),
                encoded.uniqueId(), encoded.propertyBytes(), null, pooled,
                MessageEncoder.compressedSysFlag(encoded.sysFlag()), encoded.flag(), false);
    }

    private PreparedSend prepared(Message message, EncodedMessage encoded) {
        return new PreparedSend(message.topic(), Namespaces.wrap(this.config.namespace(), message.topic()),
                encoded.uniqueId(), encoded.propertyBytes(), encoded.body(), null, encoded.sysFlag(), encoded.flag(),
                false);
    }

    private PublishRoute writeableRoute(PreparedSend send, Duration timeout) {
        PublishRoute route = this.routes.cached(send.wireTopic());
        if (route == null || route.writeQueues().isEmpty()) {
            route = await(this.routes.route(send.wireTopic()), timeout);
        }
        if (route.writeQueues().isEmpty()) {
            throw new io.liftoff.client.RouteNotFoundException(send.topic(), "Topic '" + send.topic()
                    + "' has no writeable queue: no broker with a master and write permission serves it", null);
        }
        return route;
    }

    private String unwrap(String wireTopic) {
        String namespace = this.config.namespace();
        return (namespace != null && wireTopic.startsWith(namespace + "%"))
                ? wireTopic.substring(namespace.length() + 1) : wireTopic;
    }

    private void ensureRunning() {
        State current = this.state.get();
        if (current != State.RUNNING) {
            throw new ProducerClosedException("Producer of group '" + this.config.group() + "' is "
                    + current.name().toLowerCase(java.util.Locale.ROOT)
                    + ((current == State.NEW) ? "; call start() before sending" : "; sends are refused"));
        }
    }

    private static void checkTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidMessageException("Send timeout must be positive, was " + timeout);
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            Throwable cause = SendOperation.unwrap(ex.getCause());
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new LiftoffException(String.valueOf(cause.getMessage()), cause);
        }
        catch (TimeoutException ex) {
            future.cancel(false);
            throw new LiftoffException("No outcome within " + timeout + " (internal deadline missed)", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new LiftoffException("Interrupted while waiting for a send", ex);
        }
    }

    private void probeUnreachableBrokers() {
        long timeout = this.config.faultTolerance().probeTimeout().toMillis();
        for (String broker : this.faults.unreachableBrokers()) {
            String address = this.brokerAddresses.get(broker);
            if (address == null || !this.probing.add(broker)) {
                continue;
            }
            this.remoting.invoke(address, this.clientRequests.heartbeat(), timeout).whenComplete((response, error) -> {
                this.probing.remove(broker);
                if (error == null) {
                    logger.debug("Probe reached broker '{}' at {}", broker, address);
                    this.faults.recordProbe(broker, true, null);
                }
                else {
                    this.faults.recordProbe(broker, false, SendOperation.describe(SendOperation.unwrap(error)));
                }
            });
        }
    }

    private void heartbeatAll() {
        Map<String, String> masters = new java.util.HashMap<>();
        for (PublishRoute route : this.routes.snapshot().values()) {
            masters.putAll(route.masterAddresses());
        }
        for (Map.Entry<String, String> master : masters.entrySet()) {
            String broker = master.getKey();
            String address = master.getValue();
            long start = System.nanoTime();
            this.remoting.invoke(address, this.clientRequests.heartbeat(), 3000).whenComplete((response, error) -> {
                if (error == null) {
                    BrokerFault fault = this.faults.get(broker);
                    if (fault != null && !fault.reachable()) {
                        this.faults.recordProbe(broker, true, null);
                    }
                    return;
                }
                // An idle producer learns of a dead broker here rather than on its next send.
                Throwable cause = SendOperation.unwrap(error);
                logger.debug("Heartbeat to broker '{}' at {} failed: {}", broker, address, cause.getMessage());
                if (cause instanceof io.liftoff.client.RemotingException) {
                    this.faults.recordFailure(broker, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), true,
                            "heartbeat: " + SendOperation.describe(cause));
                }
            });
        }
    }

    private void unregister() {
        Set<String> addresses = new java.util.HashSet<>();
        for (PublishRoute route : this.routes.snapshot().values()) {
            addresses.addAll(route.masterAddresses().values());
        }
        List<CompletableFuture<RemotingCommand>> calls = new ArrayList<>();
        for (String address : addresses) {
            calls.add(this.remoting.invoke(address, this.clientRequests.unregister(), 1000));
        }
        try {
            CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(2, TimeUnit.SECONDS);
        }
        catch (ExecutionException | TimeoutException ex) {
            logger.debug("Unregistering from brokers did not fully succeed: {}", ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostAddress(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip).getHostAddress();
        }
        catch (java.net.UnknownHostException ex) {
            return "127.0.0.1";
        }
    }

    /**
     * A producer's checked configuration.
     *
     * @param nameServers NameServer addresses
     * @param group the producer group
     * @param namespace the namespace, or {@code null}
     * @param instanceName the instance name
     * @param send send options
     * @param faultTolerance fault tolerance options
     * @param asyncLimits async bounds
     * @param autoBatch how async sends are batched under load
     * @param routes route options
     * @param transport transport options
     * @param listener the event listener
     * @param callbackExecutor the executor completing async futures, or {@code null}
     * @param closeGrace how long close waits for sends in flight
     * @param heartbeatInterval the heartbeat interval
     * @param clock the clock
     */
    public record Config(List<String> nameServers, String group, String namespace, String instanceName,
            SendOptions send, FaultToleranceOptions faultTolerance, AsyncLimits asyncLimits,
            AutoBatchOptions autoBatch, RouteOptions routes,
            TransportOptions transport, ProducerListener listener, Executor callbackExecutor, Duration closeGrace,
            Duration heartbeatInterval, Clock clock) {
    }

    private final class RouteEvents implements RouteListener {

        @Override
        public void routeChanged(PublishRoute previous, PublishRoute current) {
            DefaultProducer.this.brokerAddresses.putAll(current.masterAddresses());
            try {
                DefaultProducer.this.config.listener().routeChanged(unwrap(current.topic()),
                        (previous != null) ? previous.writeBrokers() : List.of(), current.writeBrokers());
            }
            catch (RuntimeException ex) {
                logger.warn("Producer listener failed on routeChanged", ex);
            }
        }

        @Override
        public void refreshed(long nanos, Throwable failure) {
            try {
                DefaultProducer.this.config.listener().routesRefreshed(nanos, failure);
            }
            catch (RuntimeException ex) {
                logger.warn("Producer listener failed on routesRefreshed", ex);
            }
        }
    }

    private final class FaultEvents implements FaultTable.FaultListener {

        @Override
        public void isolated(BrokerFault fault, String reason) {
            Instant until = Instant.ofEpochMilli(fault.isolatedUntilMillis());
            if (fault.reachable()) {
                logger.info("Broker '{}' left out of rotation until {}: {}", fault.brokerName(), until, reason);
            }
            else {
                logger.warn("Broker '{}' isolated until {} or until a probe reaches it: {}", fault.brokerName(),
                        until, reason);
            }
            try {
                DefaultProducer.this.config.listener().brokerIsolated(fault.brokerName(), until, reason);
            }
            catch (RuntimeException ex) {
                logger.warn("Producer listener failed on brokerIsolated", ex);
            }
        }

        @Override
        public void recovered(BrokerFault fault) {
            logger.info("Broker '{}' is back in rotation", fault.brokerName());
            try {
                DefaultProducer.this.config.listener().brokerRecovered(fault.brokerName());
            }
            catch (RuntimeException ex) {
                logger.warn("Producer listener failed on brokerRecovered", ex);
            }
        }
    }
}
