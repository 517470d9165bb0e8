package io.liftoff.client.internal.remoting;

import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.ConnectFailedException;
import io.liftoff.client.ConnectionClosedException;
import io.liftoff.client.LiftoffException;
import io.liftoff.client.MalformedFrameException;
import io.liftoff.client.RequestTimeoutException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel to one address, and the requests in flight on it. Every piece of mutable state is touched only
 * on the channel's event loop, so no locks are needed: callers hand their request over with
 * {@link EventLoop#execute}. Each request's deadline sits in a {@link TimeoutWheel} on the same loop, so every
 * caller is completed — with the answer, a timeout, or the reason the connection failed — and none waits
 * forever. Requests are encoded here, so that a request that cannot be encoded fails alone.
 */
final class Connection {

    private static final Logger logger = LoggerFactory.getLogger(Connection.class);

    private final String address;

    private final EventLoop loop;

    private final ChannelFuture connectFuture;

    private final Channel channel;

    private final Listener listener;

    private final SerializeType format;

    private final IntObjectMap<Pending> pending = new IntObjectHashMap<>();

    private final TimeoutWheel timeouts;

    private Throwable closeCause;

    private volatile boolean closed;

    Connection(String address, SocketAddress remote, Bootstrap bootstrap, EventLoop loop, SerializeType format,
            Listener listener) {
        this.address = address;
        this.listener = listener;
        this.loop = loop;
        this.format = format;
        this.timeouts = new TimeoutWheel(loop);
        this.connectFuture = bootstrap.clone(loop).handler(new io.netty.channel.ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                listener.initPipeline(address, ch.pipeline());
                ch.pipeline().addLast("liftoff-connection", new Handler());
            }
        }).connect(remote);
        this.channel = this.connectFuture.channel();
        this.connectFuture.addListener((ChannelFuture future) -> {
            if (!future.isSuccess()) {
                closeWith(new ConnectFailedException(address, future.cause()));
            }
            else {
                logger.debug("Connected to {}", address);
                listener.connected(this);
            }
        });
    }

    String address() {
        return this.address;
    }

    /** @return whether this connection failed or was closed; readable from any thread */
    boolean isClosed() {
        return this.closed;
    }

    /**
     * Sends a request. A request marked oneway completes with {@code null} once its frame is written; any other
     * with its answer.
     *
     * @param command the request, with its opaque
     * @param timeoutMillis how long to wait for the answer (oneway: for connecting and writing)
     * @param callback completed once, with the answer or with why there is none
     */
    void send(RemotingCommand command, long timeoutMillis, ResponseCallback callback) {
        Pending request = new Pending(command, timeoutMillis, callback);
        try {
            this.loop.execute(request);
        }
        catch (RejectedExecutionException ex) {
            request.fail(new ConnectionClosedException(this.address, "Client is shut down; request code "
                    + command.code() + " to " + this.address + " not sent", ex));
        }
    }

    /** Writes a response to a server-initiated request, without tracking it. */
    void respond(RemotingCommand response) {
        this.channel.writeAndFlush(response);
    }

    void close() {
        this.loop.execute(() -> closeWith(null));
    }

    private void start(Pending request) {
        if (this.closed) {
            request.fail(closedException());
            return;
        }
        int opaque = request.command.opaque();
        Pending clash = this.pending.put(opaque, request);
        if (clash != null) {
            this.timeouts.remove(clash);
            clash.fail(new ConnectionClosedException(this.address, "Request id " + opaque + " was reused", null));
        }
        this.timeouts.add(request);
        if (this.connectFuture.isDone()) {
            write(request);
        }
        else {
            this.connectFuture.addListener((ignored) -> write(request));
        }
    }

    private void write(Pending request) {
        if (!this.connectFuture.isSuccess() || request.done) {
            return;
        }
        ByteBuf frame;
        try {
            frame = FrameCodec.encode(request.command, this.format, this.channel.alloc());
        }
        catch (RuntimeException ex) {
            remove(request);
            request.fail(new LiftoffException("Could not encode request code " + request.command.code() + " to "
                    + this.address + ": " + ex.getMessage(), ex));
            return;
        }
        if (!request.command.isOneway()) {
            // A failed write closes the connection (the void promise fires exceptionCaught), which fails every
            // request in flight on it, this one included: no listener and no promise per request are needed.
            this.channel.writeAndFlush(frame, this.channel.voidPromise());
            return;
        }
        this.channel.writeAndFlush(frame).addListener((ChannelFuture written) -> {
            remove(request);
            if (!written.isSuccess()) {
                request.fail(new ConnectionClosedException(this.address, "Could not write request code "
                        + request.command.code() + " to " + this.address, written.cause()));
            }
            else {
                request.complete(null);
            }
        });
    }

    private void remove(Pending request) {
        int opaque = request.command.opaque();
        if (this.pending.get(opaque) == request) {
            this.pending.remove(opaque);
        }
        this.timeouts.remove(request);
    }

    private void onResponse(RemotingCommand response) {
        Pending request = this.pending.remove(response.opaque());
        if (request == null) {
            logger.debug("Dropping a late or unknown response from {}: opaque {} code {}", this.address,
                    response.opaque(), response.code());
            return;
        }
        this.timeouts.remove(request);
        request.complete(response);
    }

    private void closeWith(Throwable cause) {
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
        if (!this.pending.isEmpty()) {
            RuntimeException failure = closedException();
            Pending[] all = this.pending.values().toArray(new Pending[0]);
            this.pending.clear();
            for (Pending request : all) {
                this.timeouts.remove(request);
                request.fail(failure);
            }
        }
    }

    private RuntimeException closedException() {
        if (this.closeCause instanceof ConnectFailedException connectFailed) {
            return connectFailed;
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
    }

    /**
     * A request in flight: the task that hands it to the loop, its deadline in the wheel, and its callback,
     * completed once.
     */
    private final class Pending extends TimeoutWheel.Entry implements Runnable {

        final RemotingCommand command;

        final long timeoutMillis;

        final ResponseCallback callback;

        boolean done;

        Pending(RemotingCommand command, long timeoutMillis, ResponseCallback callback) {
            this.command = command;
            this.timeoutMillis = timeoutMillis;
            this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            this.callback = callback;
        }

        @Override
        public void run() {
            start(this);
        }

        @Override
        void expire() {
            remove(this);
            fail(new RequestTimeoutException(Connection.this.address, this.command.code(), this.timeoutMillis));
        }

        void complete(RemotingCommand response) {
            finish(response, null);
        }

        void fail(Throwable cause) {
            finish(null, cause);
        }

        private void finish(RemotingCommand response, Throwable cause) {
            if (this.done) {
                return;
            }
            this.done = true;
            try {
                this.callback.complete(response, cause);
            }
            catch (RuntimeException ex) {
                logger.warn("Callback of request code {} to {} failed", this.command.code(), Connection.this.address,
                        ex);
            }
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<RemotingCommand> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand command) {
            if (command.isResponse()) {
                onResponse(command);
            }
            else {
                Connection.this.listener.request(Connection.this, command);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            closeWith(null);
            super.channelInactive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent && Connection.this.pending.isEmpty()) {
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
