package io.liftoff.benchmarks;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

/**
 * The ceiling, not a producer: pre-encoded {@code SEND_BATCH_MESSAGE} frames of
 * {@value #BATCH} messages ({@link BatchFrames}: one frame per queue and body size, built
 * at start with the run's {@link MessageShape}, their keys, tag, properties and
 * {@code UNIQ_KEY}s fixed), written as they are over one plain socket per broker, at most
 * {@value #IN_FLIGHT} requests in flight in total, queues in turn. A request counts as
 * {@value #BATCH} messages; its latency is the request's. It shows how fast the same
 * brokers store these messages when the client does next to nothing: what a producer
 * could approach by batching.
 *
 * <p>
 * Async sends only. Its messages are identical copies, so the stored check counts them
 * but does not read them back. Its threads: the tool's sender thread and one reader
 * thread per broker connection ({@code bench-raw-batch-reader-<broker>}), which completes
 * requests.
 */
final class RawBatchClient implements BenchClient {

    /** Its name in options and output. */
    static final String NAME = "raw-batch";

    /** Messages per request. */
    static final int BATCH = 64;

    /** Requests in flight at most, over all brokers. */
    static final int IN_FLIGHT = 64;

    private final StoredMessages stored;

    private final MessageShape shape;

    private final Payloads payloads;

    private final List<Integer> sizes;

    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();

    private final List<Connection> connections = new ArrayList<>();

    /** Per body size, one frame per queue, each with the connection to its broker. */
    private final Map<Integer, List<QueueFrame>> frames = new HashMap<>();

    private final AtomicInteger opaque = new AtomicInteger();

    private volatile boolean closing;

    /**
     * @param stored gives the topic's route (the reader consumer's client)
     * @param shape how the frames' messages are built
     * @param payloads the topic, keys and bodies
     * @param sizes the body sizes to encode frames for
     */
    RawBatchClient(StoredMessages stored, MessageShape shape, Payloads payloads, List<Integer> sizes) {
        this.stored = stored;
        this.shape = shape;
        this.payloads = payloads;
        this.sizes = List.copyOf(sizes);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ceiling: pre-encoded batch frames, not a producer (SEND_BATCH_MESSAGE frames of " + BATCH + " "
                + this.shape.label + " messages encoded once per queue and size, written over one plain socket per "
                + "broker, " + IN_FLIGHT + " requests in flight; async only)";
    }

    @Override
    public String unsupported(Scenario.Mode mode) {
        return (mode == Scenario.Mode.ASYNC) ? null : "raw-batch is a ceiling of async sends (pre-encoded batches, "
                + IN_FLIGHT + " in flight): it has no sync or oneway call";
    }

    @Override
    public int messagesPerCall() {
        return BATCH;
    }

    @Override
    public int callsInFlight(int window) {
        return IN_FLIGHT;
    }

    @Override
    public void start() {
        TopicRouteData route = this.stored.route();
        Map<String, Connection> byBroker = new LinkedHashMap<>();
        for (BrokerData broker : route.getBrokerDatas()) {
            String address = broker.getBrokerAddrs().get(MixAll.MASTER_ID);
            if (address != null) {
                Connection connection = new Connection(broker.getBrokerName(), address);
                byBroker.put(broker.getBrokerName(), connection);
                this.connections.add(connection);
            }
        }
        for (int size : this.sizes) {
            RunMessages messages = RunMessages.of(this.shape, this.payloads, size, "raw-" + size);
            List<QueueFrame> queues = new ArrayList<>();
            for (QueueData queue : route.getQueueDatas()) {
                Connection connection = byBroker.get(queue.getBrokerName());
                for (int id = 0; connection != null && id < queue.getWriteQueueNums(); id++) {
                    queues
                        .add(new QueueFrame(connection, BatchFrames.frame(messages, queue.getBrokerName(), id, BATCH)));
                }
            }
            if (queues.isEmpty()) {
                throw new IllegalStateException("The route of the topic has no writable queue: " + route);
            }
            this.frames.put(size, queues);
        }
    }

    @Override
    public void sendAsync(RunMessages messages, int index, long startNanos, Completion completion) {
        List<QueueFrame> queues = this.frames.get(messages.size());
        QueueFrame target = queues.get(Math.floorMod(index / BATCH, queues.size()));
        int id = this.opaque.incrementAndGet();
        this.pending.put(id, new Pending(target.connection, startNanos, completion));
        try {
            target.connection.write(target.frame, id);
        }
        catch (IOException ex) {
            Pending failed = this.pending.remove(id);
            if (failed != null) {
                completion.done(startNanos, ex);
            }
        }
    }

    @Override
    public void sendSync(RunMessages messages, int index) {
        throw new UnsupportedOperationException(unsupported(Scenario.Mode.SYNC_1));
    }

    @Override
    public void sendOneway(RunMessages messages, int index) {
        throw new UnsupportedOperationException(unsupported(Scenario.Mode.ONEWAY));
    }

    @Override
    public Sent sendForCheck(RunMessages messages, int index) {
        throw new UnsupportedOperationException("raw-batch messages are not read back: they are identical copies");
    }

    @Override
    public boolean owns(long id, String name) {
        return name.startsWith("bench-" + NAME + "-");
    }

    @Override
    public void close() {
        this.closing = true;
        this.connections.forEach(Connection::close);
    }

    /** Completes the request a response answers. */
    private void answered(RemotingCommand response) {
        Pending request = this.pending.remove(response.getOpaque());
        if (request == null) {
            return;
        }
        request.completion()
            .done(request.startNanos(), (response.getCode() == ResponseCode.SUCCESS) ? null : new IllegalStateException(
                    "Broker answered code " + response.getCode() + ": " + response.getRemark()));
    }

    /** Fails the requests a lost connection was carrying. */
    private void failAll(Connection connection, Throwable failure) {
        for (Map.Entry<Integer, Pending> entry : this.pending.entrySet()) {
            if (entry.getValue().connection() == connection && this.pending.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().completion().done(entry.getValue().startNanos(), failure);
            }
        }
    }

    /** A request waiting for its response on a connection. */
    private record Pending(Connection connection, long startNanos, Completion completion) {
    }

    /** A queue's frame and the connection to its broker. */
    private record QueueFrame(Connection connection, byte[] frame) {
    }

    /**
     * A plain socket to a broker and the thread that reads its responses. The broker
     * closes a connection idle for 120 s (its {@code serverChannelMaxIdleTimeSeconds};
     * this client sends no heartbeats), as happens between raw-batch runs of a long
     * round: the reader then closes the socket, and the next write opens a new one.
     */
    private final class Connection {

        private final String broker;

        private final String address;

        private Socket socket;

        private OutputStream out;

        Connection(String broker, String address) {
            this.broker = broker;
            this.address = address;
            open();
        }

        private void open() {
            int colon = this.address.lastIndexOf(':');
            Socket opened = new Socket();
            try {
                opened.setTcpNoDelay(true);
                opened.connect(new InetSocketAddress(this.address.substring(0, colon),
                        Integer.parseInt(this.address.substring(colon + 1))), 3000);
                this.out = opened.getOutputStream();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(
                        "raw-batch cannot connect to broker " + this.broker + " at " + this.address, ex);
            }
            this.socket = opened;
            Thread reader = new Thread(() -> read(opened), "bench-" + NAME + "-reader-" + this.broker);
            reader.setDaemon(true);
            reader.start();
        }

        /** Writes a frame with its opaque; frames are shared, so one write at a time. */
        synchronized void write(byte[] frame, int opaque) throws IOException {
            if (this.socket.isClosed()) {
                open();
            }
            BatchFrames.setOpaque(frame, opaque);
            this.out.write(frame);
        }

        private void read(Socket socket) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()))) {
                while (true) {
                    byte[] bytes = new byte[in.readInt()];
                    in.readFully(bytes);
                    RemotingCommand command = RemotingCommand.decode(ByteBuffer.wrap(bytes));
                    if (command.isResponseType()) {
                        answered(command);
                    }
                }
            }
            catch (Exception ex) {
                if (!RawBatchClient.this.closing) {
                    failAll(this, ex);
                }
            }
        }

        synchronized void close() {
            try {
                this.socket.close();
            }
            catch (IOException ex) {
                // Closing at the end of the run: nothing to do.
            }
        }

    }

}
