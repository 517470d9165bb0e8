package io.liftoff.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.NullMarked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy a test controls, standing between clients and one real broker: it listens
 * on one address and forwards every connection to the broker, bytes unchanged, in both
 * directions. A test can then make the broker slow to answer or cut it off without
 * touching the broker or the client:
 * <ul>
 * <li>{@link #delayAnswers(Duration, Duration)}: for a while, every byte from the broker
 * is held back before it is forwarded, while requests still reach the broker at once: the
 * broker stores the message and only its answer is late, as with a broker stalled in its
 * put lock.</li>
 * <li>{@link #blackHole()} and {@link #heal()}: a partition. Nothing is forwarded in
 * either direction, yet every connection stays open (the client sees no FIN, no RST, and
 * a new connection is accepted but never answered). Bytes are held, not dropped, as TCP
 * would retransmit them once the network heals, so requests sent meanwhile reach the
 * broker after {@link #heal()}.</li>
 * </ul>
 *
 * <p>
 * Blocking sockets: each connection has, per direction, a thread that reads into a queue
 * and a thread that writes from it once the bytes are due, so held bytes never delay the
 * reading of later ones. Byte order within a direction is kept. {@link #close()} closes
 * every socket and joins every thread.
 */
@NullMarked
public final class BrokerProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerProxy.class);

    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private static final int CHUNK_BYTES = 64 * 1024;

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final ServerSocket server;

    private final InetSocketAddress target;

    private final String name;

    private final Thread acceptor;

    private final List<Link> links = new CopyOnWriteArrayList<>();

    private final AtomicInteger accepted = new AtomicInteger();

    private final AtomicLong delayedBytes = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition changed = this.lock.newCondition();

    private boolean blackHoled;

    private long delayNanos;

    private long delayUntilNanos;

    private boolean closed;

    private BrokerProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
        this.name = "broker-proxy-" + server.getLocalPort();
        this.acceptor = new Thread(this::acceptLoop, this.name + "-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts a proxy.
     * @param listen where clients connect, {@code host:port}, for example the address a
     * broker registers with the NameServer
     * @param target where the broker listens, {@code host:port}
     * @return the running proxy
     * @throws IOException if {@code listen} cannot be bound
     */
    public static BrokerProxy start(String listen, String target) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(address(listen), 50);
        }
        catch (IOException ex) {
            server.close();
            throw ex;
        }
        BrokerProxy proxy = new BrokerProxy(server, address(target));
        proxy.acceptor.start();
        return proxy;
    }

    /**
     * Returns the address clients connect to.
     * @return {@code host:port}
     */
    public String address() {
        return this.server.getInetAddress().getHostAddress() + ":" + this.server.getLocalPort();
    }

    /**
     * Holds back every byte coming from the broker for {@code delay} before forwarding
     * it, for the bytes that arrive within {@code period} from now. Requests still go to
     * the broker at once. Replaces an earlier call's delay.
     * @param delay how long each answer byte is held
     * @param period how long answers are delayed; bytes arriving afterwards pass at once
     * (behind the delayed ones: order is kept)
     */
    public void delayAnswers(Duration delay, Duration period) {
        this.lock.lock();
        try {
            this.delayNanos = delay.toNanos();
            this.delayUntilNanos = System.nanoTime() + period.toNanos();
            this.changed.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Stops forwarding anything, in both directions, on every connection, keeping every
     * connection open; new connections are accepted and connected to the broker, but
     * nothing passes either.
     */
    public void blackHole() {
        setBlackHoled(true);
    }

    /**
     * Forwards again after {@link #blackHole()}, held bytes first.
     */
    public void heal() {
        setBlackHoled(false);
    }

    /**
     * Counts the connections accepted since start.
     * @return the count
     */
    public int acceptedConnections() {
        return this.accepted.get();
    }

    /**
     * Counts the connections open now.
     * @return the count
     */
    public int openConnections() {
        return this.links.size();
    }

    /**
     * Counts the broker's bytes that {@link #delayAnswers(Duration, Duration)} held back.
     * @return the count since start
     */
    public long delayedBytes() {
        return this.delayedBytes.get();
    }

    /**
     * Closes the listening socket and every connection (both sides), and waits for every
     * thread of this proxy to end. Idempotent.
     */
    @Override
    public void close() {
        this.lock.lock();
        try {
            if (this.closed) {
                return;
            }
            this.closed = true;
            this.changed.signalAll();
        }
        finally {
            this.lock.unlock();
        }
        closeQuietly(this.server);
        join(this.acceptor);
        for (Link link : this.links) {
            link.close();
        }
        for (Link link : this.links) {
            link.join();
        }
    }

    @Override
    public String toString() {
        return "BrokerProxy[" + address() + " -> " + this.target.getHostString() + ":" + this.target.getPort() + "]";
    }

    private void setBlackHoled(boolean blackHoled) {
        this.lock.lock();
        try {
            this.blackHoled = blackHoled;
            this.changed.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

    private boolean isClosed() {
        this.lock.lock();
        try {
            return this.closed;
        }
        finally {
            this.lock.unlock();
        }
    }

    private void acceptLoop() {
        while (!isClosed()) {
            Socket client;
            try {
                client = this.server.accept();
            }
            catch (IOException ex) {
                if (!isClosed()) {
                    log.warn("{} stopped accepting", this, ex);
                }
                return;
            }
            this.accepted.incrementAndGet();
            Socket broker = new Socket();
            try {
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                broker.connect(this.target, CONNECT_TIMEOUT_MILLIS);
            }
            catch (IOException ex) {
                log.warn("{} could not connect to the broker; closing the client's connection", this, ex);
                closeQuietly(broker);
                closeQuietly(client);
                continue;
            }
            Link link = new Link(client, broker, this.accepted.get());
            this.links.add(link);
            if (isClosed()) {
                link.close();
            }
            else {
                link.start();
            }
        }
    }

    /**
     * Waits until bytes due at {@code dueNanos} may be forwarded: not black-holed, and
     * past their delay, if any.
     * @return {@code false} if the proxy closed meanwhile
     */
    private boolean awaitDue(long dueNanos) throws InterruptedException {
        this.lock.lock();
        try {
            while (!this.closed) {
                long wait = dueNanos - System.nanoTime();
                if (!this.blackHoled && wait <= 0) {
                    return true;
                }
                if (this.blackHoled) {
                    this.changed.await();
                }
                else {
                    this.changed.awaitNanos(wait);
                }
            }
            return false;
        }
        finally {
            this.lock.unlock();
        }
    }

    /** When bytes of the broker read now are due. */
    private long answerDueNanos(int bytes) {
        long now = System.nanoTime();
        this.lock.lock();
        try {
            if (now - this.delayUntilNanos < 0) {
                this.delayedBytes.addAndGet(bytes);
                return now + this.delayNanos;
            }
            return now;
        }
        finally {
            this.lock.unlock();
        }
    }

    private static InetSocketAddress address(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Expected host:port, not '" + hostAndPort + "'");
        }
        return new InetSocketAddress(hostAndPort.substring(0, colon),
                Integer.parseInt(hostAndPort.substring(colon + 1)));
    }

    private static void join(Thread thread) {
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException(
                    thread.getName() + " did not end within " + JOIN_TIMEOUT.toMillis() + " ms");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ex) {
            // Closing anyway: nothing else to do with it.
        }
    }

    /** Bytes read from one side, and when they may be written to the other. */
    private record Chunk(byte[] bytes, long dueNanos) {

        /** The end of a direction: the sender shut its output down. */
        static final Chunk END = new Chunk(new byte[0], 0);

    }

    /** One proxied connection: the client's socket, the broker's, four threads. */
    private final class Link {

        private final Socket client;

        private final Socket broker;

        private final List<Thread> threads = new ArrayList<>();

        private final AtomicInteger threadsEnded = new AtomicInteger();

        private final AtomicInteger directionsEnded = new AtomicInteger();

        Link(Socket client, Socket broker, int id) {
            this.client = client;
            this.broker = broker;
            direction(id + "-requests", client, broker, false);
            direction(id + "-answers", broker, client, true);
        }

        void start() {
            this.threads.forEach(Thread::start);
        }

        void close() {
            closeQuietly(this.client);
            closeQuietly(this.broker);
            this.threads.forEach(Thread::interrupt);
        }

        void join() {
            for (Thread thread : this.threads) {
                if (thread.getState() != Thread.State.NEW) {
                    BrokerProxy.join(thread);
                }
            }
        }

        private void direction(String label, Socket from, Socket to, boolean answers) {
            BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
            thread(label + "-read", () -> read(from, queue, answers));
            thread(label + "-write", () -> write(queue, to));
        }

        private void thread(String label, Runnable body) {
            Thread thread = new Thread(() -> {
                try {
                    body.run();
                }
                finally {
                    if (this.threadsEnded.incrementAndGet() == 4) {
                        BrokerProxy.this.links.remove(this);
                    }
                }
            }, BrokerProxy.this.name + "-" + label);
            thread.setDaemon(true);
            this.threads.add(thread);
        }

        private void read(Socket from, BlockingQueue<Chunk> queue, boolean answers) {
            byte[] buffer = new byte[CHUNK_BYTES];
            try {
                InputStream in = from.getInputStream();
                while (true) {
                    int read = in.read(buffer);
                    if (read < 0) {
                        queue.add(Chunk.END);
                        return;
                    }
                    long due = answers ? answerDueNanos(read) : System.nanoTime();
                    // Read no further while black-holed, so the sender's buffers fill as
                    // in a partition.
                    if (!awaitDue(System.nanoTime() - 1)) {
                        return;
                    }
                    queue.add(new Chunk(Arrays.copyOf(buffer, read), due));
                }
            }
            catch (IOException | InterruptedException ex) {
                close();
            }
        }

        private void write(BlockingQueue<Chunk> queue, Socket to) {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk chunk = queue.take();
                    if (!awaitDue(chunk.dueNanos())) {
                        return;
                    }
                    if (chunk == Chunk.END) {
                        to.shutdownOutput();
                        if (this.directionsEnded.incrementAndGet() == 2) {
                            // Both sides shut their output down: the connection is over.
                            close();
                        }
                        return;
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            }
            catch (IOException | InterruptedException ex) {
                close();
            }
        }

    }

}
