package io.liftoff.client.internal.remoting;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.TransportOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link RemotingClient}'s channels are made: the bootstrap with its socket
 * options, the allocator of each channel, and the handlers of its pipeline (flush
 * consolidation, idle close, frame decoding and encoding) and, with TLS on, the
 * {@link SslHandler} that goes first ({@link TlsHandlers}). Shared by every connection of
 * one client; immutable.
 */
final class ChannelSetup {

    private final TransportOptions options;

    private final Bootstrap bootstrap;

    private final SerializeType format;

    private final FrameEncoder encoder;

    private final Set<String> unpooledAddresses;

    private final @Nullable TlsHandlers tls;

    /**
     * Creates the set-up of a client's channels.
     * @param options transport options
     * @param transport the transport of the client's event loops
     * @param unpooledAddresses addresses with little traffic (NameServers), whose
     * channels allocate unpooled buffers
     */
    ChannelSetup(TransportOptions options, Transports transport, Collection<String> unpooledAddresses) {
        this.options = options;
        this.unpooledAddresses = Set.copyOf(unpooledAddresses);
        this.bootstrap = new Bootstrap().channelFactory(transport.channelFactory())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis());
        this.format = SerializeType.of(options.headerFormat());
        this.encoder = new FrameEncoder(this.format);
        this.tls = TlsHandlers.of(options.tls(), options.connectTimeout().toMillis(),
                "the connections to NameServers " + unpooledAddresses + " and their brokers");
    }

    /**
     * @return the bootstrap to clone for each connection
     */
    Bootstrap bootstrap() {
        return this.bootstrap;
    }

    /**
     * @return the header encoding of requests
     */
    SerializeType format() {
        return this.format;
    }

    /**
     * @return whether a synchronous sender may write its request to the socket itself:
     * never with TLS, whose engine must see every byte
     */
    boolean callerWrites() {
        return this.options.callerWrites() && this.tls == null;
    }

    /**
     * Makes the TLS handler of a new connection, before it connects.
     * @param address the server's {@code host:port}
     * @param remote the server's host and port
     * @return the handler to put first in the pipeline; absent when TLS is off
     * @throws io.liftoff.client.TlsHandshakeException when no TLS context can be made
     */
    @Nullable SslHandler newTlsHandler(String address, InetSocketAddress remote) {
        return (this.tls != null) ? this.tls.newHandler(address, remote) : null;
    }

    /**
     * The allocator of broker channels and pooled bodies: Netty's shared pool, whose
     * per-thread caches serve the hot path. Set on each channel when its pipeline is
     * built, on an I/O thread, so that the caller's thread does not initialize it at
     * start-up.
     * @return the allocator
     */
    static ByteBufAllocator pooledAllocator() {
        return PooledByteBufAllocator.DEFAULT;
    }

    /**
     * Sets a new channel's allocator and adds the handlers that frame requests and
     * answers.
     * @param address the server's {@code host:port}
     * @param pipeline the channel's pipeline, still empty
     */
    void initPipeline(String address, ChannelPipeline pipeline) {
        long idleMillis = this.options.idleTimeout().toMillis();
        pipeline.channel()
            .config()
            .setAllocator(
                    this.unpooledAddresses.contains(address) ? UnpooledByteBufAllocator.DEFAULT : pooledAllocator());
        // Under load many requests are written in one event-loop turn: one flush (one
        // syscall) for all of them.
        pipeline.addLast("flush", new FlushConsolidationHandler(256, true));
        // Idle means nothing read: every request is answered and heartbeats run every 30
        // s, so a connection in use is never read-idle, and watching reads only spares a
        // promise and a listener per write.
        pipeline.addLast("idle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        pipeline.addLast("decoder", new FrameDecoder(this.options.maxFrameLength()));
        pipeline.addLast("encoder", this.encoder);
    }

}
