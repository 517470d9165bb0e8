package io.liftoff.client.internal.remoting;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.ConnectFailedException;
import io.liftoff.client.ConnectionClosedException;
import io.liftoff.client.MalformedFrameException;
import io.liftoff.client.RequestTimeoutException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel to one address, and the requests in flight on it. Every piece of mutable state is touched only
 * on the channel's event loop, so no locks are needed: callers hand their request over with
 * {@link EventLoop#execute}. Each request gets a timer on the same loop, so every caller is completed — with
 * the answer, a timeout, or the reason the connection failed — and none waits forever.
 */
final class Connection {

    private static final Logger logger = LoggerFactory.getLogger(Connection.class);

    private final String address;

    private final EventLoop loop;

    private final ChannelFuture connectFuture;

    private final Channel channel;

    private final Listener listener;

    private final IntObjectMap<Pending> pending = new IntObjectHashMap<>();

    private Throwable closeCause;

    private volatile boolean closed;

    Connection(String address, SocketAddress remote, Bootstrap bootstrap, EventLoop loop, Listener listener) {
        this.address = address;
        this.listener = listener;
        this.loop = loop;
        this.connectFuture = bootstrap.clone(loop).handler(new io.netty.channel.ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                listener.initPipeline(ch.pipeline());
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

    /** Sends a request; the future completes with the response, or exceptionally. */
    CompletableFuture<RemotingCommand> request(RemotingCommand command, long timeoutMillis) {
        CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
        submit(new Pending(command, timeoutMillis, future));
        return future;
    }

    /** Sends a oneway request; the future completes with {@code null} once the frame is written. */
    CompletableFuture<RemotingCommand> oneway(RemotingCommand command, long timeoutMillis) {
        CompletableFuture<RemotingCommand> written = new CompletableFuture<>();
        submit(new Pending(command, timeoutMillis, written));
        return written;
    }

    /** Writes a response to a server-initiated request, without tracking it. */
    void respond(RemotingCommand response) {
        this.channel.writeAndFlush(response);
    }

    void close() {
        this.loop.execute(() -> closeWith(null));
    }

    private void submit(Pending request) {
        try {
            this.loop.execute(() -> start(request));
        }
        catch (RejectedExecutionException ex) {
            request.future.completeExceptionally(new ConnectionClosedException(this.address,
                    "Client is shut down; request code " + request.command.code() + " to " + this.address
                            + " not sent", ex));
        }
    }

    private void start(Pending request) {
        if (this.closed) {
            request.future.completeExceptionally(closedException());
            return;
        }
        int opaque = request.command.opaque();
        Pending clash = this.pending.put(opaque, request);
        if (clash != null) {
            clash.fail(new ConnectionClosedException(this.address, "Request id " + opaque + " was reused", null));
        }
        long delay = request.deadlineNanos - System.nanoTime();
        request.timer = this.loop.schedule(() -> timeout(opaque, request), Math.max(0, delay), TimeUnit.NANOSECONDS);
        if (this.connectFuture.isDone()) {
            write(request);
        }
        else {
            this.connectFuture.addListener((ignored) -> write(request));
        }
    }

    private void write(Pending request) {
        if (!this.connectFuture.isSuccess() || request.future.isDone()) {
            return;
        }
        this.channel.writeAndFlush(request.command).addListener((ChannelFuture written) -> {
            if (!written.isSuccess()) {
                remove(request);
                request.fail(new ConnectionClosedException(this.address, "Could not write request code "
                        + request.command.code() + " to " + this.address, written.cause()));
            }
            else if (request.command.isOneway()) {
                remove(request);
                request.complete(null);
            }
        });
    }

    private void timeout(int opaque, Pending request) {
        if (this.pending.get(opaque) == request) {
            this.pending.remove(opaque);
        }
        request.future.completeExceptionally(
                new RequestTimeoutException(this.address, request.command.code(), request.timeoutMillis));
    }

    private void remove(Pending request) {
        int opaque = request.command.opaque();
        if (this.pending.get(opaque) == request) {
            this.pending.remove(opaque);
        }
    }

    private void onResponse(RemotingCommand response) {
        Pending request = this.pending.remove(response.opaque());
        if (request == null) {
            logger.debug("Dropping a late or unknown response from {}: opaque {} code {}", this.address,
                    response.opaque(), response.code());
            return;
        }
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

        void initPipeline(io.netty.channel.ChannelPipeline pipeline);

        void connected(Connection connection);

        void closed(Connection connection);

        void request(Connection connection, RemotingCommand request);
    }

    private static final class Pending {

        final RemotingCommand command;

        final long timeoutMillis;

        final long deadlineNanos;

        final CompletableFuture<RemotingCommand> future;

        ScheduledFuture<?> timer;

        Pending(RemotingCommand command, long timeoutMillis, CompletableFuture<RemotingCommand> future) {
            this.command = command;
            this.timeoutMillis = timeoutMillis;
            this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            this.future = future;
        }

        void complete(RemotingCommand response) {
            cancelTimer();
            this.future.complete(response);
        }

        void fail(Throwable cause) {
            cancelTimer();
            this.future.completeExceptionally(cause);
        }

        private void cancelTimer() {
            if (this.timer != null) {
                this.timer.cancel(false);
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
