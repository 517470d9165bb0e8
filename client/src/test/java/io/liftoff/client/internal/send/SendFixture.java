package io.liftoff.client.internal.send;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

import io.liftoff.client.AsyncLimits;
import io.liftoff.client.ConnectionClosedException;
import io.liftoff.client.FaultToleranceOptions;
import io.liftoff.client.ProducerListener;
import io.liftoff.client.RequestTimeoutException;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.RouteNotFoundException;
import io.liftoff.client.SendOptions;
import io.liftoff.client.TransportOptions;
import io.liftoff.client.internal.fault.FaultTable;
import io.liftoff.client.internal.fault.QueueChooser;
import io.liftoff.client.internal.remoting.PooledBody;
import io.liftoff.client.internal.remoting.RemotingClient;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestTransport;
import io.liftoff.client.internal.remoting.ResponseCallback;
import io.liftoff.client.internal.route.BrokerData;
import io.liftoff.client.internal.route.PublishRoute;
import io.liftoff.client.internal.route.QueueData;
import io.liftoff.client.internal.route.TopicRouteData;
import io.liftoff.client.internal.route.TopicRoutes;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SendContext} with no broker and no socket: routes from a map, a transport that
 * records every request and answers as the test scripts it (at once, or later by hand), a
 * real fault table, chooser and retry policy. For unit tests of {@link SendOperation} and
 * {@link AsyncBatcher}. Close it to stop its timer and buffer pool.
 */
final class SendFixture implements AutoCloseable {

    static final String TOPIC = "orders";

    final ScriptedTransport transport = new ScriptedTransport();

    final MapRoutes routes = new MapRoutes();

    final ProducerState state = new ProducerState("test-group");

    final List<ProducerListener.AttemptEvent> attempts = new CopyOnWriteArrayList<>();

    final List<ProducerListener.SendEvent> sends = new CopyOnWriteArrayList<>();

    final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    final RetryTimer retryTimer = new RetryTimer(this.timer);

    final FaultTable faults;

    final InFlightLimiter limiter = new InFlightLimiter(AsyncLimits.defaults());

    final SendContext context;

    final LateAnswers lateAnswers;

    SendFixture(SendOptions options, String... brokers) {
        this.faults = new FaultTable(FaultToleranceOptions.defaults(), System::currentTimeMillis,
                FaultTable.FaultListener.NONE);
        this.routes.put(TOPIC, brokers);
        ProducerListener listener = new ProducerListener() {
            @Override
            public void attemptFinished(AttemptEvent event) {
                SendFixture.this.attempts.add(event);
            }

            @Override
            public void sendFinished(SendEvent event) {
                SendFixture.this.sends.add(event);
            }
        };
        SendRequests requests = new SendRequests("test-group", "TBW102", 4);
        this.lateAnswers = new LateAnswers(this.faults, requests, listener);
        this.context = new SendContext(this.routes, this.faults, new QueueChooser(this.faults, true),
                new TopicCursors(), this.transport, requests, options, new RetryPolicy(options), listener, this.limiter,
                null, this.retryTimer, Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC), this.state,
                null, this.lateAnswers);
        this.state.start();
    }

    /**
     * @return a plain message to {@link #TOPIC}
     */
    static PreparedSend message(String id) {
        return new PreparedSend(TOPIC, TOPIC, id, new byte[0], "hello".getBytes(), null, 0, 0, false);
    }

    /**
     * @return the address of a broker in this fixture's routes
     */
    static String address(String broker) {
        return broker + ":10911";
    }

    /**
     * @return the answer of a broker that stored the message with this code
     */
    static RemotingCommand stored(RemotingCommand request, int code, long offset) {
        Map<String, String> fields = new HashMap<>();
        fields.put("msgId", "OFFSET" + offset);
        fields.put("queueOffset", Long.toString(offset));
        return new RemotingCommand(code, io.liftoff.client.internal.remoting.LanguageCode.JAVA, 1, request.opaque(),
                RemotingCommand.FLAG_RESPONSE, null, fields, null);
    }

    /**
     * @return a refusal with this code
     */
    static RemotingCommand refused(RemotingCommand request, int code, String remark) {
        return RemotingCommand.response(code, request.opaque(), remark);
    }

    static RemotingCommand ok(RemotingCommand request) {
        return stored(request, ResponseCodes.SUCCESS, 7);
    }

    @Override
    public void close() {
        this.timer.shutdownNow();
        this.transport.close();
    }

    /** One request as the transport saw it; its callback is completed once. */
    record Sent(String address, RemotingCommand request, long atNanos, ResponseCallback callback, long timeoutMillis,
            AtomicBoolean ended) {

        Sent(String address, RemotingCommand request, long atNanos, ResponseCallback callback, long timeoutMillis) {
            this(address, request, atNanos, callback, timeoutMillis, new AtomicBoolean());
        }

        /** Answers it, for requests left unanswered by the script. */
        void answer(RemotingCommand response) {
            end(response, null);
        }

        void end(@Nullable RemotingCommand response, @Nullable Throwable failure) {
            if (this.ended.compareAndSet(false, true)) {
                this.callback.complete(response, failure);
            }
        }

        /**
         * Times it out as the transport does: asks the callback for a late answer's
         * receiver, then fails it with a timeout.
         * @return the receiver of a late answer; none when the callback wants none
         */
        ResponseCallback.@Nullable LateAnswer timeOut() {
            ResponseCallback.LateAnswer late = this.callback.onTimeout();
            end(null, new RequestTimeoutException(this.address, 310, this.timeoutMillis));
            return late;
        }
    }

    /**
     * A transport that records requests and answers what its script says; no answer
     * leaves the request open.
     */
    static final class ScriptedTransport implements RequestTransport {

        final List<Sent> sent = new CopyOnWriteArrayList<>();

        private volatile BiFunction<String, RemotingCommand, Object> script = (address, request) -> ok(request);

        private int opaque;

        private RemotingClient pool;

        /**
         * Sets how requests are answered: the function returns a response, a
         * {@link Throwable} to fail with, or {@code null} to leave the request open
         * (answer it later through {@link #sent}).
         */
        void answer(BiFunction<String, RemotingCommand, Object> script) {
            this.script = script;
        }

        /** The version each broker address answers with; none: the default (unknown). */
        final java.util.Map<String, CompletableFuture<Integer>> versions = new java.util.concurrent.ConcurrentHashMap<>();

        List<String> addresses() {
            return this.sent.stream().map(Sent::address).toList();
        }

        @Override
        public CompletableFuture<Integer> peerVersion(String address) {
            CompletableFuture<Integer> version = this.versions.get(address);
            return (version != null) ? version : RequestTransport.super.peerVersion(address);
        }

        @Override
        public synchronized int nextOpaque() {
            return ++this.opaque;
        }

        @Override
        public void invoke(String address, RemotingCommand request, long timeoutMillis, ResponseCallback callback) {
            Sent sent = new Sent(address, request, System.nanoTime(), callback, timeoutMillis);
            this.sent.add(sent);
            Object answer = this.script.apply(address, request);
            if (answer instanceof RemotingCommand response) {
                sent.end(response, null);
            }
            else if (answer instanceof Throwable failure) {
                sent.end(null, failure);
            }
        }

        @Override
        public void invokeWaiting(String address, RemotingCommand request, long timeoutMillis,
                ResponseCallback callback) {
            invoke(address, request, timeoutMillis, callback);
        }

        @Override
        public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, long timeoutMillis) {
            CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
            invoke(address, request, timeoutMillis, (response, error) -> {
                if (error != null) {
                    future.completeExceptionally(error);
                }
                else {
                    future.complete(response);
                }
            });
            return future;
        }

        @Override
        public void invokeOneway(String address, RemotingCommand request, long timeoutMillis,
                ResponseCallback callback) {
            invoke(address, request, timeoutMillis, callback);
        }

        @Override
        public synchronized PooledBody allocateBody(int capacity) {
            if (this.pool == null) {
                // A client that never connects: it only lends pooled buffers.
                this.pool = new RemotingClient(TransportOptions.builder().ioThreads(1).build(), "fixture");
            }
            return this.pool.allocateBody(capacity);
        }

        int bodiesHeld() {
            return (this.pool != null) ? this.pool.pooledBodiesHeld() : 0;
        }

        /**
         * Fails the requests still open, as a closing transport does, so that their sends
         * end and give their pooled bodies back; then closes the pool.
         */
        synchronized void close() {
            for (Sent open : this.sent) {
                open.end(null, new ConnectionClosedException(open.address(), "Transport closed", null));
            }
            if (this.pool != null) {
                this.pool.close();
            }
        }

    }

    /**
     * Routes from a map: each topic served by the brokers given, four write queues each.
     */
    static final class MapRoutes implements TopicRoutes {

        private final Map<String, PublishRoute> routes = new ConcurrentHashMap<>();

        final List<String> degraded = new CopyOnWriteArrayList<>();

        final List<String> unreachable = new CopyOnWriteArrayList<>();

        void put(String topic, String... brokers) {
            List<QueueData> queues = new ArrayList<>();
            List<BrokerData> datas = new ArrayList<>();
            for (String broker : brokers) {
                queues.add(new QueueData(broker, 4, 4, QueueData.PERM_READ | QueueData.PERM_WRITE, 0));
                datas.add(new BrokerData("cluster", broker, Map.of(BrokerData.MASTER_ID, address(broker))));
            }
            this.routes.put(topic,
                    PublishRoute.of(topic, new TopicRouteData(queues, datas, null), false, Instant.now()));
        }

        /**
         * Routes a topic to a broker that has a slave but no master (a failover under
         * way).
         */
        void putWithoutMaster(String topic, String broker) {
            this.routes.put(topic, PublishRoute.of(topic,
                    new TopicRouteData(
                            List.of(new QueueData(broker, 4, 4, QueueData.PERM_READ | QueueData.PERM_WRITE, 0)),
                            List.of(new BrokerData("cluster", broker, Map.of(1L, address(broker) + "-slave"))), null),
                    false, Instant.now()));
        }

        @Override
        public PublishRoute cached(String topic) {
            return this.routes.get(topic);
        }

        @Override
        public CompletableFuture<PublishRoute> route(String topic) {
            PublishRoute route = this.routes.get(topic);
            return (route != null) ? CompletableFuture.completedFuture(route)
                    : CompletableFuture.failedFuture(new RouteNotFoundException(topic, "No route for " + topic, null));
        }

        @Override
        public void markDegraded(String topic) {
            this.degraded.add(topic);
        }

        @Override
        public void brokerUnreachable(String topic) {
            this.unreachable.add(topic);
        }

        @Override
        public void refreshIfOlderThan(String topic, long millis) {
        }

    }

}
