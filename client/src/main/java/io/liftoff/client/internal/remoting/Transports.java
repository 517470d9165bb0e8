package io.liftoff.client.internal.remoting;

import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the Netty transport: Linux's native epoll when it is on the class path and
 * loads, else NIO. The epoll classes are touched only after they are known to be present.
 *
 * @param name {@code epoll} or {@code nio}
 * @param ioHandlerFactory the event loops' I/O handler
 * @param channelFactory makes the socket channels
 */
record Transports(String name, IoHandlerFactory ioHandlerFactory,
        ChannelFactory<? extends SocketChannel> channelFactory) {

    static Transports choose(boolean preferNative) {
        if (preferNative && epollPresent()) {
            Transports epoll = Epoll.transport();
            if (epoll != null) {
                return epoll;
            }
        }
        return new Transports("nio", NioIoHandler.newFactory(), DirectNioSocketChannel::new);
    }

    private static boolean epollPresent() {
        try {
            Class.forName("io.netty.channel.epoll.Epoll", false, Transports.class.getClassLoader());
            return true;
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
    }

    /** Loaded only when the epoll classes are present. */
    private static final class Epoll {

        /**
         * @return the epoll transport; absent when it does not load on this machine
         */
        static @Nullable Transports transport() {
            try {
                if (!io.netty.channel.epoll.Epoll.isAvailable()) {
                    return null;
                }
                return new Transports("epoll", io.netty.channel.epoll.EpollIoHandler.newFactory(),
                        io.netty.channel.epoll.EpollSocketChannel::new);
            }
            catch (LinkageError ex) {
                return null;
            }
        }

    }
}
