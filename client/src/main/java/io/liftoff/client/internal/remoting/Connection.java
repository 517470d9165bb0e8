package io.liftoff.client.internal.remoting;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import javax.net.ssl.SSLException;

import io.liftoff.client.ConnectFailedException;
import io.liftoff.client.ConnectionClosedException;
import io.liftoff.client.CredentialsProvider;
import io.liftoff.client.LiftoffException;
import io.liftoff.client.MalformedFrameException;
import io.liftoff.client.TlsHandshakeException;
import io.liftoff.client.internal.remoting.InFlightRequests.Request;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel to one address, and the requests in flight on it
 * ({@link InFlightRequests}). The requests in flight and their deadlines are touched only
 * on the channel's event loop: callers hand their request over with
 * {@link EventLoop#execute}. Each request's deadline sits in a {@link TimeoutWheel} on
 * the same loop, so every caller is completed — with the answer, a timeout, or the reason
 * the connection failed — and none waits forever. Requests are encoded here, so that a
 * request that cannot be encoded fails alone.
 *
 * <p>
 * One shortcut: when nothing else is queued for the channel, a thread outside the loop
 * that sends a request and then blocks until the answer writes its frame to the socket
 * itself ({@link SocketWrites}), which spares waking the loop (a system call and a thread
 * switch on each side). Such a request waits in a small lock-free table until its answer
 * arrives or the wheel's next tick takes its deadline over.
 */
final class Connection {

    private static final Logger logger = LoggerFactory.getLogger(Connection.class);

    private final String address;

    private final EventLoop loop;

    private final ChannelFuture connectFuture;

    /**
     * Done when requests may be written: when connected, and with TLS when the handshake
     * is done too.
     */
    private final ChannelPromise ready;

    private final Channel channel;

    private final Listener listener;

    private final SerializeType format;

    private final InFlightRequests requests;

    private final SocketWrites writes;

    private @Nullable Throwable closeCause;

    /** The version of the server, from its first answer. */
    private final CompletableFuture<Integer> peerVersion = new CompletableFuture<>();

    /** Answers nobody waits for; on the loop only. */
    private final UnmatchedAnswers unmatched;

    private volatile boolean closed;

    /** Signs the requests encoded on the loop; absent when requests are not signed. */
    private final @Nullable RequestSigner signer;

    /** Whether anything was read; on the loop only. */
    private boolean answered;

    /** Whether the server closed the connection; on the loop only. */
    private boolean closedByServer;

    private final boolean encrypted;

    private final SocketAddress remote;

    private final @Nullable SslHandler tls;

    Connection(String address, SocketAddress remote, Bootstrap bootstrap, @Nullable SslHandler tls, EventLoop loop,
            SerializeType format, Listener listener, @Nullable CredentialsProvider credentials) {
        this.address = address;
        this.unmatched = new UnmatchedAnswers(address);
        this.signer = (credentials != null) ? new RequestSigner(credentials) : null;
        this.listener = listener;
        this.loop = loop;
        this.format = format;
        this.encrypted = tls != null;
        this.remote = remote;
        this.tls = tls;
        this.requests = new InFlightRequests(address, loop, this::start);
        this.connectFuture = bootstrap.clone(loop).handler(new io.netty.channel.ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (tls != null) {
                    ch.pipeline().addFirst("tls", tls);
                }
                listener.initPipeline(address, ch.pipeline());
                ch.pipeline().addLast("liftoff-connection", new Handler());
            }
        }).connect(remote);
        this.channel = this.connectFuture.channel();
        this.ready = this.channel.newPromise();
        // With TLS the engine must see every byte: callers never write to the socket.
        this.writes = new SocketWrites(this.channel, tls == null, loop, format, new SocketWrites.Listener() {
            @Override
            public void wroteOnCaller(boolean whole) {
                listener.wroteOnCaller(whole);
            }

            @Override
            public void failed(IOException cause) {
                failFromCaller(cause);
            }
        }, (credentials != null) ? new RequestSigner(credentials) : null);
        this.connectFuture.addListener((ChannelFuture future) -> {
            if (!future.isSuccess()) {
                this.ready.tryFailure(future.cause());
            }
            else if (tls == null) {
                this.ready.trySuccess();
            }
            else {
                tls.handshakeFuture().addListener((handshake) -> {
                    if (handshake.isSuccess()) {
                        this.ready.trySuccess();
                    }
                    else {
                        this.ready.tryFailure(handshake.cause());
                    }
                });
            }
        });
        this.ready.addListener((ChannelFuture future) -> {
            if (!future.isSuccess()) {
                closeWith(connectFailure(future.cause()));
            }
            else {
                logger.debug("Connected to {}{}", address, (tls != null) ? " (TLS)" : "");
                listener.connected(this);
            }
        });
    }

    private ConnectFailedException connectFailure(Throwable cause) {
        SslHandler handler = this.tls;
        if (handler == null || !this.connectFuture.isSuccess()) {
            return new ConnectFailedException(this.address, cause);
        }
        String host = (this.remote instanceof InetSocketAddress inet) ? inet.getHostString() : this.address;
        TlsHandshakeException failure = TlsFailures.describe(this.address, host, cause, handler.engine(),
                handler.getHandshakeTimeoutMillis());
        logger.debug("{}", failure.getMessage());
        return failure;
    }

    String address() {
        return this.address;
    }

    /**
     * @return whether this connection failed or was closed; readable from any thread
     */
    boolean isClosed() {
        return this.closed;
    }

    /**
     * Sends a request. A request marked oneway completes with {@code null} once its frame
     * is written; any other with its answer.
     * @param command the request, with its opaque
     * @param timeoutMillis how long to wait for the answer (oneway: for connecting and
     * writing)
     * @param callback completed once, with the answer or with why there is none
     * @param callerWaits whether the calling thread blocks until the answer: it may then
     * write the frame itself
     */
    void send(RemotingCommand command, long timeoutMillis, ResponseCallback callback, boolean callerWaits) {
        Request request = this.requests.newRequest(command, timeoutMillis, callback);
        if (callerWaits && !command.isOneway() && writeHere(request)) {
            return;
        }
        this.writes.enqueued();
        try {
            this.loop.execute(request);
        }
        catch (RejectedExecutionException ex) {
            this.writes.leftQueue();
            request.fail(new ConnectionClosedException(this.address,
                    "Client is shut down; request code " + command.code() + " to " + this.address + " not sent", ex));
        }
    }

    /** Writes a response to a server-initiated request, without tracking it. */
    void respond(RemotingCommand response) {
        this.writes.enqueued();
        try {
            this.loop.execute(() -> {
                try {
                    this.writes.writeOnLoop(response, this.channel.voidPromise());
                }
                finally {
                    this.writes.leftQueue();
                }
            });
        }
        catch (RejectedExecutionException ex) {
            this.writes.leftQueue();
            logger.debug("Client is shut down; response to {} not sent", this.address);
        }
    }

    /**
     * Writes a request on the caller's thread, when that is safe: the channel is open and
     * idle (nothing handed to the loop or queued in Netty), the socket lock is free and
     * the request's slot in the table is free.
     * @return whether the request was taken (written, or failed); {@code false} to hand
     * it to the loop instead
     */
    private boolean writeHere(Request request) {
        if (!this.writes.callersMayWrite() || this.closed || !this.ready.isSuccess()) {
            return false;
        }
        if (!this.requests.writtenSlotFree(request.command.opaque()) || !this.writes.lockIfIdle()) {
            return false;
        }
        RuntimeException unencodable = null;
        try {
            // In the table before the first byte leaves: the answer may be read at once.
            if (this.closed || !this.requests.putWritten(request)) {
                return false;
            }
            try {
                this.writes.writeFromCaller(request.command);
            }
            catch (RuntimeException ex) {
                this.requests.clearWritten(request);
                unencodable = ex;
            }
        }
        finally {
            this.writes.unlock();
        }
        if (unencodable != null) {
            request.fail(new LiftoffException("Could not encode request code " + request.command.code() + " to "
                    + this.address + ": " + unencodable.getMessage(), unencodable));
            return true;
        }
        this.requests.watchWritten();
        if (this.closed && this.requests.takeBackWritten(request)) {
            // The connection closed while the request was being written, and may have
            // missed it in the table.
            request.fail(closedException());
        }
        return true;
    }

    /** A caller's write failed: close the connection, which fails every request on it. */
    private void failFromCaller(IOException cause) {
        try {
            this.loop.execute(() -> closeWith(cause));
        }
        catch (RejectedExecutionException ex) {
            this.channel.close();
        }
    }

    void close() {
        this.loop.execute(() -> closeWith(null));
    }

    private void start(Request request) {
        try {
            track(request);
        }
        finally {
            this.writes.leftQueue();
        }
    }

    private void track(Request request) {
        if (this.closed) {
            request.fail(closedException());
            return;
        }
        this.requests.register(request);
        if (this.ready.isDone()) {
            write(request);
        }
        else {
            this.ready.addListener((ignored) -> write(request));
        }
    }

    private void write(Request request) {
        if (!this.ready.isSuccess() || request.done) {
            return;
        }
        ByteBuf frame;
        try {
            frame = FrameCodec.encode(request.command, this.format, this.channel.alloc(), this.signer);
        }
        catch (RuntimeException ex) {
            this.requests.remove(request);
            request.fail(new LiftoffException("Could not encode request code " + request.command.code() + " to "
                    + this.address + ": " + ex.getMessage(), ex));
            return;
        }
        if (!request.command.isOneway()) {
            // A failed write closes the connection (the void promise fires
            // exceptionCaught), which fails every
            // request in flight on it, this one included: no listener and no promise per
            // request are needed.
            this.writes.writeOnLoop(frame, this.channel.voidPromise());
            return;
        }
        ChannelPromise promise = this.channel.newPromise();
        this.writes.writeOnLoop(frame, promise);
        promise.addListener((ChannelFuture written) -> {
            this.requests.remove(request);
            if (!written.isSuccess()) {
                request.fail(new ConnectionClosedException(this.address,
                        "Could not write request code " + request.command.code() + " to " + this.address,
                        written.cause()));
            }
            else {
                request.complete(null);
            }
        });
    }

    private void onResponse(RemotingCommand response) {
        if (!this.peerVersion.isDone()) {
            this.peerVersion.complete(response.version());
        }
        Request request = this.requests.take(response.opaque());
        if (request == null) {
            this.unmatched.handle(response);
            return;
        }
        request.complete(response);
    }

    private void closeWith(@Nullable Throwable cause) {
        if (this.closed) {
            return;
        }
        this.closed = true;
        if (cause != null) {
            this.closeCause = cause;
        }
        if (this.channel.isOpen()) {
            this.channel.close();
        }
        this.listener.closed(this);
        this.writes.close(closedException());
        this.requests.failAll(this::closedException);
        this.peerVersion.completeExceptionally(closedException());
    }

    /**
     * @return completed with the version the server's first answer carried (RocketMQ's
     * {@code MQVersion} ordinal), or exceptionally when the connection closed before any
     * answer
     */
    CompletableFuture<Integer> peerVersion() {
        return this.peerVersion;
    }

    private RuntimeException closedException() {
        if (this.closeCause instanceof ConnectFailedException connectFailed) {
            return connectFailed;
        }
        if (this.closeCause == null && this.closedByServer && !this.answered && !this.encrypted) {
            // What a server that enforces TLS does to a clear-text connection.
            return new ConnectionClosedException(this.address,
                    "Connection to " + this.address
                            + " closed by the server before any answer (if the server enforces TLS, RocketMQ's "
                            + "tls.server.mode=enforcing, turn TLS on for this producer)",
                    null);
        }
        String reason = (this.closeCause != null) ? ": " + this.closeCause.getMessage() : "";
        return new ConnectionClosedException(this.address, "Connection to " + this.address + " closed" + reason,
                this.closeCause);
    }

    /** Receives connection life-cycle events and inbound requests. */
    interface Listener {

        void initPipeline(String address, io.netty.channel.ChannelPipeline pipeline);

        void connected(Connection connection);

        void closed(Connection connection);

        void request(Connection connection, RemotingCommand request);

        /**
         * A caller's thread wrote a request's frame to the socket itself.
         * @param whole whether the socket took all of it; if not, the loop writes the
         * rest
         */
        void wroteOnCaller(boolean whole);

    }

    private final class Handler extends SimpleChannelInboundHandler<RemotingCommand> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand command) {
            Connection.this.answered = true;
            if (command.isResponse()) {
                onResponse(command);
            }
            else {
                Connection.this.listener.request(Connection.this, command);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            Connection.this.closedByServer = !Connection.this.closed;
            closeWith(null);
            super.channelInactive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent && Connection.this.requests.isEmpty()) {
                logger.debug("Closing idle connection to {}", Connection.this.address);
                closeWith(null);
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable reason = (cause instanceof DecoderException && cause.getCause() != null) ? cause.getCause()
                    : cause;
            if (Connection.this.closed) {
                return;
            }
            if (!Connection.this.ready.isDone()) {
                // A failed TLS handshake: said in words once the promise fails.
                Connection.this.ready.tryFailure(reason);
                return;
            }
            if (Connection.this.encrypted && !Connection.this.answered && reason instanceof SSLException) {
                // With TLS 1.3 a server refuses a client certificate after the client
                // finished its handshake: the alert comes with the first read.
                closeWith(connectFailure(reason));
                return;
            }
            if (reason instanceof MalformedFrameException) {
                logger.warn("Closing connection to {}: malformed frame: {}", Connection.this.address,
                        reason.getMessage());
            }
            else {
                logger.debug("Closing connection to {} after an error", Connection.this.address, reason);
            }
            closeWith(reason);
        }

    }

}
