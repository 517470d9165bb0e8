package io.liftoff.client.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.liftoff.client.internal.remoting.FrameCodec;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A tiny blocking server speaking the remoting frame format, for tests that need faults a
 * real broker cannot show (garbage frames, no answer). Each request is handed to a
 * {@link Behavior}.
 */
public final class FakeRemotingServer implements AutoCloseable {

    private final ServerSocket server;

    private final Behavior behavior;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private final AtomicInteger accepted = new AtomicInteger();

    private final Thread acceptor;

    private final CountDownLatch reading;

    public FakeRemotingServer(Behavior behavior) throws IOException {
        this(behavior, 0, new CountDownLatch(0));
    }

    /**
     * A server whose connections read nothing until {@code reading} opens, with a small
     * receive buffer if asked: a client's writes then fill the socket buffers, as with a
     * broker that stalls.
     * @param behavior what to do with each request
     * @param receiveBufferBytes the accepted sockets' receive buffer, or 0 for the
     * default
     * @param reading opened when the connections may start reading
     * @throws IOException when the port cannot be opened
     */
    public FakeRemotingServer(Behavior behavior, int receiveBufferBytes, CountDownLatch reading) throws IOException {
        this.server = new ServerSocket();
        if (receiveBufferBytes > 0) {
            this.server.setReceiveBufferSize(receiveBufferBytes);
        }
        this.server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.reading = reading;
        this.behavior = behavior;
        this.acceptor = new Thread(this::acceptLoop, "fake-remoting-acceptor");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public String address() {
        return "127.0.0.1:" + this.server.getLocalPort();
    }

    public int acceptedConnections() {
        return this.accepted.get();
    }

    private void acceptLoop() {
        while (!this.server.isClosed()) {
            try {
                Socket socket = this.server.accept();
                this.accepted.incrementAndGet();
                this.sockets.add(socket);
                Thread reader = new Thread(() -> serve(socket), "fake-remoting-conn");
                reader.setDaemon(true);
                reader.start();
            }
            catch (IOException ex) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            this.reading.await();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                int length = in.readInt();
                byte[] frame = new byte[length];
                in.readFully(frame);
                ByteBuf buf = Unpooled.buffer(4 + length).writeInt(length).writeBytes(frame);
                RemotingCommand request = FrameCodec.decode(buf, Integer.MAX_VALUE);
                this.behavior.onRequest(request, new Replier(out));
            }
        }
        catch (IOException ex) {
            // connection closed
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes every accepted connection from the server's side, as a broker that drops its
     * clients; the server keeps accepting new ones.
     * @throws IOException when a socket cannot be closed
     */
    public void dropConnections() throws IOException {
        for (Socket socket : this.sockets) {
            socket.close();
            this.sockets.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        this.server.close();
        for (Socket socket : this.sockets) {
            socket.close();
        }
    }

    /** What the server does with a request. */
    @FunctionalInterface
    public interface Behavior {

        void onRequest(RemotingCommand request, Replier replier) throws IOException;

    }

    /** Writes frames or raw bytes back to the client. */
    public static final class Replier {

        private final OutputStream out;

        Replier(OutputStream out) {
            this.out = out;
        }

        public void send(RemotingCommand command) throws IOException {
            ByteBuf buf = Unpooled.buffer();
            FrameCodec.encodeJson(command, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            raw(bytes);
        }

        public void raw(byte[] bytes) throws IOException {
            synchronized (this.out) {
                this.out.write(bytes);
                this.out.flush();
            }
        }

    }

}
