package io.liftoff.client.internal.remoting;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.liftoff.client.CredentialsProvider;
import io.liftoff.client.LiftoffException;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.TransportOptions;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remoting transport: request/response by opaque over one lazily opened channel per
 * address, oneway requests, and server-to-client requests routed to registered
 * {@link RequestHandler}s. Every request has a timeout and is always completed. Runs on
 * {@link EventLoops} of its own or shared with other clients; {@link #close()} stops only
 * what it owns. Thread-safe.
 */
public final class RemotingClient implements RequestTransport, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(RemotingClient.class);

    private final EventLoops loops;

    private final boolean ownsThreads;

    private final ChannelSetup setup;

    private final ExecutorService callbackExecutor;

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    private final Map<Integer, RequestHandler> handlers = new ConcurrentHashMap<>();

    private final Set<ConnectionListener> listeners = ConcurrentHashMap.newKeySet();

    private final AtomicInteger opaques = new AtomicInteger();

    private final Connection.Listener connectionListener = new ConnectionEvents();

    private final @Nullable CredentialsProvider credentials;

    private volatile boolean closed;

    private final AtomicInteger pooledBodies = new AtomicInteger();

    private final LongAdder callerWrites = new LongAdder();

    private final LongAdder callerWritesFinishedByLoop = new LongAdder();

    /**
     * Creates a client with I/O threads and a callback executor of its own, stopped by
     * {@link #close()}; no connection is opened until the first request to an address.
     * @param options transport options
     * @param name a short name for thread names ({@code liftoff-io-<name>-N})
     */
    public RemotingClient(TransportOptions options, String name) {
        this(options, name, Set.of());
    }

    /**
     * Creates a client with I/O threads and a callback executor of its own, stopped by
     * {@link #close()}.
     * @param options transport options
     * @param name a short name for thread names ({@code liftoff-io-<name>-N})
     * @param unpooledAddresses addresses with little traffic (NameServers), whose
     * channels allocate unpooled buffers (see
     * {@link #RemotingClient(TransportOptions, EventLoops, ExecutorService, Collection, CredentialsProvider)})
     */
    public RemotingClient(TransportOptions options, String name, Collection<String> unpooledAddresses) {
        this(options, new EventLoops(options.ioThreads(), options.nativeTransport(), name),
                callbackExecutor(options.callbackThreads(), name), unpooledAddresses, true, null);
    }

    /**
     * Creates a client on I/O threads and a callback executor that others own (shared
     * client resources): {@link #close()} closes its connections and leaves both running.
     * @param options transport options (their thread counts and transport choice are the
     * loops' business)
     * @param loops the I/O threads
     * @param callbackExecutor runs handlers of requests that servers send
     * @param unpooledAddresses addresses with little traffic (NameServers), whose
     * channels allocate unpooled buffers: their first request then does not wait for the
     * pooled allocator's first-use cost, which the channels to brokers pay in the
     * background meanwhile
     * @param credentials signs every request with the provider's credentials (see
     * {@link RequestSigner}); none for unsigned requests
     */
    public RemotingClient(TransportOptions options, EventLoops loops, ExecutorService callbackExecutor,
            Collection<String> unpooledAddresses, @Nullable CredentialsProvider credentials) {
        this(options, loops, callbackExecutor, unpooledAddresses, false, credentials);
    }

    private RemotingClient(TransportOptions options, EventLoops loops, ExecutorService callbackExecutor,
            Collection<String> unpooledAddresses, boolean ownsThreads, @Nullable CredentialsProvider credentials) {
        this.credentials = credentials;
        this.loops = loops;
        this.ownsThreads = ownsThreads;
        loops.warmUpOnce();
        this.setup = new ChannelSetup(options, loops.transport(), unpooledAddresses);
        this.callbackExecutor = callbackExecutor;
    }

    /**
     * Creates the executor that runs handlers of requests servers send: a fixed number of
     * threads, started when the first request arrives, and a queue of 10,000.
     * @param threads the threads
     * @param name a short name for thread names ({@code liftoff-callback-<name>-N})
     * @return the executor
     */
    public static ThreadPoolExecutor callbackExecutor(int threads, String name) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
                new DefaultThreadFactory("liftoff-callback-" + name, true));
    }

    /**
     * Sends a request and completes with the response, whatever its code.
     * @param address the server's {@code host:port}
     * @param request the request; an opaque of 0 is replaced by a fresh one (see
     * {@link #nextOpaque()})
     * @param timeoutMillis how long to wait for the answer, connecting included
     * @return a future completed with the response, or with a
     * {@link io.liftoff.client.RemotingException}
     */
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, long timeoutMillis) {
        ResponseFuture future = new ResponseFuture();
        invoke(address, request, timeoutMillis, future);
        return future;
    }

    /**
     * Sends a request and hands the response, whatever its code, to a callback: the hot
     * path's variant of {@link #invoke(String, RemotingCommand, long)}, with no future.
     * @param address the server's {@code host:port}
     * @param request the request; an opaque of 0 is replaced by a fresh one (see
     * {@link #nextOpaque()})
     * @param timeoutMillis how long to wait for the answer, connecting included
     * @param callback completed once, on an I/O thread, with the response or a
     * {@link io.liftoff.client.RemotingException}
     */
    public void invoke(String address, RemotingCommand request, long timeoutMillis, ResponseCallback callback) {
        send(address, (request.opaque() != 0) ? request : request.withOpaque(nextOpaque()), timeoutMillis, callback,
                false);
    }

    /**
     * Sends a request for a caller that will block until the answer: when nothing else is
     * queued on the connection, the caller's thread writes the frame to the socket itself
     * instead of waking an I/O thread to do it (a system call and a thread switch fewer
     * per request), unless {@link TransportOptions#callerWrites()} is off. Callers that
     * go on with other work use
     * {@link #invoke(String, RemotingCommand, long, ResponseCallback)}, whose writes the
     * I/O thread gathers.
     * @param address the server's {@code host:port}
     * @param request the request; an opaque of 0 is replaced by a fresh one (see
     * {@link #nextOpaque()})
     * @param timeoutMillis how long to wait for the answer, connecting included
     * @param callback completed once, on an I/O thread, with the response or a
     * {@link io.liftoff.client.RemotingException}
     */
    public void invokeWaiting(String address, RemotingCommand request, long timeoutMillis, ResponseCallback callback) {
        send(address, (request.opaque() != 0) ? request : request.withOpaque(nextOpaque()), timeoutMillis, callback,
                this.setup.callerWrites());
    }

    /**
     * {@link #invokeWaiting(String, RemotingCommand, long, ResponseCallback)} with a
     * future.
     * @param address the server's {@code host:port}
     * @param request the request; an opaque of 0 is replaced by a fresh one
     * @param timeoutMillis how long to wait for the answer, connecting included
     * @return a future completed with the response, or with a
     * {@link io.liftoff.client.RemotingException}
     */
    public CompletableFuture<RemotingCommand> invokeWaiting(String address, RemotingCommand request,
            long timeoutMillis) {
        ResponseFuture future = new ResponseFuture();
        invokeWaiting(address, request, timeoutMillis, future);
        return future;
    }

    /**
     * Returns a fresh request id, so that a caller can build a request with it and spare
     * {@link #invoke} a copy. Never 0.
     * @return the id
     */
    public int nextOpaque() {
        int opaque = this.opaques.incrementAndGet();
        return (opaque != 0) ? opaque : this.opaques.incrementAndGet();
    }

    /**
     * Takes a buffer from the pool the connections write frames from, to hold a request
     * body until the requests that carry it have completed (see {@link PooledBody}).
     * @param capacity the most bytes the body will take
     * @return an empty body; the caller releases it
     */
    public PooledBody allocateBody(int capacity) {
        return new PooledBody(ChannelSetup.pooledAllocator().directBuffer(capacity, capacity), this.pooledBodies);
    }

    /**
     * @return how many request frames callers' threads wrote to a socket themselves,
     * because nothing else was queued on the connection, instead of handing them to an
     * I/O thread
     */
    public long framesWrittenByCallers() {
        return this.callerWrites.sum();
    }

    /**
     * @return how many of {@link #framesWrittenByCallers()} the socket took only in part,
     * the rest by an I/O thread
     */
    public long framesFinishedByLoop() {
        return this.callerWritesFinishedByLoop.sum();
    }

    /**
     * @return how many bodies from {@link #allocateBody} are not released yet: those of
     * sends in progress
     */
    public int pooledBodiesHeld() {
        return this.pooledBodies.get();
    }

    /**
     * Sends a oneway request: no answer is read.
     * @param address the server's {@code host:port}
     * @param request the request; it is marked oneway and given a fresh opaque
     * @param timeoutMillis how long connecting and writing may take
     * @return a future completed with {@code null} once the frame is written
     */
    public CompletableFuture<?> invokeOneway(String address, RemotingCommand request, long timeoutMillis) {
        ResponseFuture future = new ResponseFuture();
        invokeOneway(address, request, timeoutMillis, future);
        return future;
    }

    /**
     * Sends a oneway request and tells a callback once its frame is written.
     * @param address the server's {@code host:port}
     * @param request the request; unless already marked oneway with an opaque, a copy is,
     * with a fresh opaque
     * @param timeoutMillis how long connecting and writing may take
     * @param callback completed once, with {@code null} when written or with why it was
     * not
     */
    public void invokeOneway(String address, RemotingCommand request, long timeoutMillis, ResponseCallback callback) {
        send(address, (request.isOneway() && request.opaque() != 0) ? request : request.asOneway(nextOpaque()),
                timeoutMillis, callback, false);
    }

    private void send(String address, RemotingCommand request, long timeoutMillis, ResponseCallback callback,
            boolean callerWaits) {
        Connection connection;
        try {
            connection = connection(address, null);
        }
        catch (RuntimeException ex) {
            callback.complete(null, ex);
            return;
        }
        connection.send(request, timeoutMillis, callback, callerWaits);
    }

    /**
     * Opens the connection to an address on an I/O thread, unless one is open or opening,
     * so that the first request to it finds the connect under way and the caller's thread
     * is not held up by it. A failure is left to that request to report.
     * @param address the server's {@code host:port}
     */
    public void connectInBackground(String address) {
        if (this.closed) {
            return;
        }
        // The connect runs on the loop that will own the channel, so that no other loop's
        // work delays it.
        EventLoop loop = this.loops.next();
        try {
            loop.execute(() -> {
                try {
                    connection(address, loop);
                }
                catch (RuntimeException ex) {
                    logger.debug("Could not open a connection to {} in advance: {}", address, ex.getMessage());
                }
            });
        }
        catch (RejectedExecutionException ex) {
            logger.debug("Client is closed; no connection opened to {}", address);
        }
    }

    /**
     * Routes requests that servers send with {@code code} to a handler.
     * @param code the request code
     * @param handler the handler, run on the callback executor
     */
    public void registerHandler(int code, RequestHandler handler) {
        this.handlers.put(code, handler);
    }

    /**
     * Adds a listener for connection life-cycle events.
     * @param listener the listener
     */
    public void addConnectionListener(ConnectionListener listener) {
        this.listeners.add(listener);
    }

    /**
     * @return the addresses with a connection open or opening
     */
    public Set<String> connectedAddresses() {
        return Set.copyOf(this.connections.keySet());
    }

    /**
     * Closes every connection (failing requests in flight), then stops the I/O threads
     * and callback executor if this client created them.
     */
    @Override
    public void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        this.connections.values().forEach(Connection::close);
        if (!this.ownsThreads) {
            return;
        }
        this.loops.shutdown();
        this.callbackExecutor.shutdown();
        try {
            if (!this.callbackExecutor.awaitTermination(2, TimeUnit.SECONDS)) {
                this.callbackExecutor.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            this.callbackExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletableFuture<Integer> peerVersion(String address) {
        return connection(address, null).peerVersion();
    }

    private Connection connection(String address, @Nullable EventLoop loop) {
        if (this.closed) {
            throw new LiftoffException("Client is closed; cannot send to " + address);
        }
        Connection existing = this.connections.get(address);
        if (existing != null) {
            if (!existing.isClosed()) {
                return existing;
            }
            this.connections.remove(address, existing);
        }
        InetSocketAddress remote = Addresses.parse(address);
        return this.connections.computeIfAbsent(address,
                (key) -> new Connection(key, remote, this.setup.bootstrap(), this.setup.newTlsHandler(key, remote),
                        (loop != null) ? loop : this.loops.next(), this.setup.format(), this.connectionListener,
                        this.credentials));
    }

    private void dispatch(Connection connection, RemotingCommand request) {
        RequestHandler handler = this.handlers.get(request.code());
        if (handler == null) {
            logger.debug("Unsupported request code {} from {}", request.code(), connection.address());
            if (!request.isOneway()) {
                connection.respond(RemotingCommand.response(ResponseCodes.REQUEST_CODE_NOT_SUPPORTED, request.opaque(),
                        "request code " + request.code() + " not supported by Liftoff producer"));
            }
            return;
        }
        try {
            this.callbackExecutor.execute(() -> handle(connection, request, handler));
        }
        catch (RejectedExecutionException ex) {
            logger.warn("Rejected request code {} from {}: callback executor is full or shut down", request.code(),
                    connection.address());
            if (!request.isOneway()) {
                connection.respond(RemotingCommand.response(ResponseCodes.SYSTEM_BUSY, request.opaque(),
                        "Liftoff producer is busy"));
            }
        }
    }

    private void handle(Connection connection, RemotingCommand request, RequestHandler handler) {
        RemotingCommand response;
        try {
            response = handler.handle(request, connection.address());
        }
        catch (RuntimeException ex) {
            logger.warn("Handler for request code {} from {} failed", request.code(), connection.address(), ex);
            response = RemotingCommand.response(ResponseCodes.SYSTEM_ERROR, request.opaque(), ex.toString());
        }
        if (response != null && !request.isOneway()) {
            connection.respond(response.withOpaque(request.opaque()));
        }
    }

    private final class ConnectionEvents implements Connection.Listener {

        @Override
        public void initPipeline(String address, ChannelPipeline pipeline) {
            RemotingClient.this.setup.initPipeline(address, pipeline);
        }

        @Override
        public void connected(Connection connection) {
            for (ConnectionListener listener : RemotingClient.this.listeners) {
                listener.connected(connection.address());
            }
        }

        @Override
        public void closed(Connection connection) {
            RemotingClient.this.connections.remove(connection.address(), connection);
            for (ConnectionListener listener : RemotingClient.this.listeners) {
                listener.closed(connection.address());
            }
        }

        @Override
        public void request(Connection connection, RemotingCommand request) {
            dispatch(connection, request);
        }

        @Override
        public void wroteOnCaller(boolean whole) {
            RemotingClient.this.callerWrites.increment();
            if (!whole) {
                RemotingClient.this.callerWritesFinishedByLoop.increment();
            }
        }

    }

}
