package io.liftoff.embedded.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Free TCP ports on the loopback address, chosen at run time so that several test JVMs
 * can share a machine.
 *
 * <p>
 * A port is free when a {@link ServerSocket} can bind it on {@value #LOOPBACK}. Chosen
 * ports stay bound by a {@link Reservation} until the server that will use them is about
 * to start, so one reservation never hands out the same port twice; another process can
 * still take a port between release and use, which callers handle by choosing again.
 */
public final class LoopbackPorts {

    /** The address every embedded server binds to. */
    public static final String LOOPBACK = "127.0.0.1";

    private static final int ATTEMPTS = 100;

    private static final int LOWEST_USABLE_PORT = 1024;

    private LoopbackPorts() {
    }

    /**
     * Finds a port {@code p} such that both {@code p} and {@code p - 2} are free, as a
     * broker needs: RocketMQ opens its "fast" (VIP) server on the listen port minus two
     * and offers no switch to turn it off.
     * @param reservation holds the chosen ports bound until released
     * @return the listen port
     * @throws IllegalStateException if no such pair is found after {@value #ATTEMPTS}
     * tries
     */
    public static int reserveBrokerPort(Reservation reservation) {
        for (int i = 0; i < ATTEMPTS; i++) {
            ServerSocket listen = bind(0);
            if (listen == null) {
                continue;
            }
            int port = listen.getLocalPort();
            ServerSocket fast = (port - 2 >= LOWEST_USABLE_PORT) ? bind(port - 2) : null;
            if (fast == null) {
                closeQuietly(listen);
                continue;
            }
            reservation.hold(listen);
            reservation.hold(fast);
            return port;
        }
        throw new IllegalStateException(
                "Found no free loopback port p with p-2 also free after " + ATTEMPTS + " attempts");
    }

    /**
     * Finds one free port.
     * @param reservation holds the chosen port bound until released
     * @return the port
     * @throws IllegalStateException if no port could be bound after {@value #ATTEMPTS}
     * tries
     */
    public static int reservePort(Reservation reservation) {
        for (int i = 0; i < ATTEMPTS; i++) {
            ServerSocket socket = bind(0);
            if (socket != null) {
                reservation.hold(socket);
                return socket.getLocalPort();
            }
        }
        throw new IllegalStateException("Found no free loopback port after " + ATTEMPTS + " attempts");
    }

    /**
     * Tells whether {@code port} can be bound on the loopback address right now.
     * @param port the port
     * @return {@code true} if a server socket could bind it
     */
    public static boolean isFree(int port) {
        return isFree(LOOPBACK, port);
    }

    /**
     * Tells whether {@code port} can be bound on a given local address right now.
     * @param host the address, for example {@code 127.0.0.2}
     * @param port the port
     * @return {@code true} if a server socket could bind it
     */
    public static boolean isFree(String host, int port) {
        ServerSocket socket = bind(host, port);
        if (socket == null) {
            return false;
        }
        closeQuietly(socket);
        return true;
    }

    /**
     * Waits until every given port can be bound again, for example after a server shut
     * down: Netty closes its server channels asynchronously, and a restart on the same
     * port fails while the old channel still listens.
     * @param timeout how long to wait at most
     * @param ports the ports
     * @return {@code true} if all ports became free within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean awaitFree(Duration timeout, int... ports) throws InterruptedException {
        return awaitFree(timeout, LOOPBACK, ports);
    }

    /**
     * Waits until every given port can be bound again on a given local address; see
     * {@link #awaitFree(Duration, int...)}.
     * @param timeout how long to wait at most
     * @param host the address, for example {@code 127.0.0.2}
     * @param ports the ports
     * @return {@code true} if all ports became free within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean awaitFree(Duration timeout, String host, int... ports) throws InterruptedException {
        return Waits.poll(timeout, () -> {
            for (int port : ports) {
                if (!isFree(host, port)) {
                    return false;
                }
            }
            return true;
        });
    }

    private static @Nullable ServerSocket bind(int port) {
        return bind(LOOPBACK, port);
    }

    private static @Nullable ServerSocket bind(String host, int port) {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            // Same as Netty's server bootstrap in RocketMQ, so "free" means "RocketMQ can
            // bind it".
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
            return socket;
        }
        catch (IOException ex) {
            closeQuietly(socket);
            return null;
        }
    }

    private static void closeQuietly(@Nullable ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        }
        catch (IOException ex) {
            // Nothing to do: the socket is unusable either way.
        }
    }

    /**
     * Ports held bound until {@link #close()}; not thread-safe.
     */
    public static final class Reservation implements AutoCloseable {

        private final List<ServerSocket> sockets = new ArrayList<>();

        /** Creates an empty reservation. */
        public Reservation() {
        }

        void hold(ServerSocket socket) {
            this.sockets.add(socket);
        }

        /** Releases every held port so that a server can bind it. */
        @Override
        public void close() {
            for (ServerSocket socket : this.sockets) {
                closeQuietly(socket);
            }
            this.sockets.clear();
        }

    }

}
