package io.liftoff.embedded.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.remoting.netty.NettyEvent;
import org.apache.rocketmq.remoting.netty.NettyEventType;
import org.apache.rocketmq.remoting.netty.NettyRemotingAbstract;

/**
 * Keeps RocketMQ's Netty event threads awake while a NameServer or broker shuts down, so
 * that the shutdown does not sit out a 3 s timeout per Netty server and client.
 *
 * <p>
 * Every RocketMQ Netty server and client has an event thread that polls its event queue
 * with a 3 s timeout and checks between polls whether it was stopped; shutting the server
 * or client down sets the flag and then joins the thread, which waits out the current
 * poll. A broker has two servers and a client and shuts them down one after the other,
 * which adds up to 9 s. This waker puts a no-op event ({@link NettyEventType#ACTIVE}:
 * both RocketMQ listeners ignore it, and clients have no listener) into each queue every
 * {@value #INTERVAL_MILLIS} ms through the public
 * {@link NettyRemotingAbstract#putNettyEvent} until closed, so each thread notices its
 * stop flag at once.
 */
public final class ShutdownWaker implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 20;

    private final List<NettyRemotingAbstract> targets = new ArrayList<>();

    private final Thread thread;

    private ShutdownWaker(String name, Object... remotingServersAndClients) {
        for (Object candidate : remotingServersAndClients) {
            if (candidate instanceof NettyRemotingAbstract) {
                this.targets.add((NettyRemotingAbstract) candidate);
            }
        }
        this.thread = new Thread(this::run, "liftoff-embedded-wake-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts waking the event threads of the given RocketMQ servers and clients; others
     * are ignored.
     * @param name names the thread, for example the broker name
     * @param remotingServersAndClients RocketMQ {@code RemotingServer}s and
     * {@code RemotingClient}s
     * @return the running waker, to close once the shutdown returned
     */
    public static ShutdownWaker start(String name, Object... remotingServersAndClients) {
        ShutdownWaker waker = new ShutdownWaker(name, remotingServersAndClients);
        waker.thread.start();
        return waker;
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (NettyRemotingAbstract target : this.targets) {
                    target.putNettyEvent(new NettyEvent(NettyEventType.ACTIVE, "", null));
                }
                TimeUnit.MILLISECONDS.sleep(INTERVAL_MILLIS);
            }
        }
        catch (InterruptedException ex) {
            // Closed.
        }
    }

    /** Stops waking and waits for the waker thread to end. */
    @Override
    public void close() {
        this.thread.interrupt();
        try {
            this.thread.join(TimeUnit.SECONDS.toMillis(1));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
