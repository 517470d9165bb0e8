package io.liftoff.embedded.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.SerializeType;

/**
 * One remoting request on its own blocking socket, with a JSON header and the version of
 * the RocketMQ on the class path ({@code 5.5.0}): enough for a test fixture to ask a
 * NameServer or broker of any version since 4.0 a question (a 4.9.x server answers in the
 * request's header encoding, a 5.x server in JSON by default, and the decoder reads
 * both). Not for the hot path.
 */
public final class BlockingRemoting {

    private static final AtomicInteger OPAQUE = new AtomicInteger();

    private BlockingRemoting() {
    }

    /**
     * Sends a request and waits for its answer.
     * @param address {@code host:port}
     * @param request the request
     * @param timeout connect and read timeout
     * @return the answer
     * @throws IOException when the peer cannot be reached, closes the connection or does
     * not answer in time
     */
    public static RemotingCommand invoke(String address, RemotingCommand request, Duration timeout) throws IOException {
        int colon = address.lastIndexOf(':');
        request.setSerializeTypeCurrentRPC(SerializeType.JSON);
        request.setVersion(MQVersion.CURRENT_VERSION);
        request.setOpaque(OPAQUE.incrementAndGet());
        ByteBuffer frame = request.encode();
        try (Socket socket = new Socket()) {
            int millis = (int) Math.max(1, timeout.toMillis());
            socket.connect(
                    new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                    millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readInt();
            byte[] body = new byte[length];
            in.readFully(body);
            try {
                return RemotingCommand.decode(ByteBuffer.wrap(body));
            }
            catch (Exception ex) {
                throw new IOException("Unreadable answer from " + address + ": " + ex, ex);
            }
        }
    }

}
