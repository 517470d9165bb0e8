package io.liftoff.client.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.ResponseCodes;
import io.liftoff.client.internal.remoting.LanguageCode;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;
import org.jspecify.annotations.Nullable;

/**
 * A fake broker that answers every send request as its {@link Answer} says, records every
 * request and when each send arrived, and can send requests of its own to a client that
 * heartbeat: the answers a real broker cannot be made to give on demand (SYSTEM_BUSY, a
 * flush timeout, no answer at all). Made by a {@link FakeCluster}, which routes topics to
 * it and closes it.
 */
public final class FakeBroker implements AutoCloseable {

    /** A request code no client supports, for {@link #roundTrip()}. */
    private static final int ROUND_TRIP_CODE = 9999;

    /** The message id a storing fake broker answers with. */
    public static final String STORED_MSG_ID = "7F00000100002A9F0000000000000000";

    private final String name;

    private final FakeRemotingServer server;

    private final List<SendSeen> sendsSeen = new CopyOnWriteArrayList<>();

    private final List<RemotingCommand> requests = new CopyOnWriteArrayList<>();

    private volatile FakeRemotingServer.@Nullable Replier registered;

    FakeBroker(String name, Answer answer, boolean answersHousekeeping) throws IOException {
        this.name = name;
        this.server = new FakeRemotingServer((request, replier) -> {
            // Registered before the heartbeat is seen, so that a test that saw it can
            // send.
            if (request.code() == RequestCode.HEART_BEAT) {
                this.registered = replier;
            }
            synchronized (this.requests) {
                this.requests.add(request);
                this.requests.notifyAll();
            }
            if (request.code() == RequestCode.SEND_MESSAGE_V2 || request.code() == RequestCode.SEND_BATCH_MESSAGE) {
                this.sendsSeen.add(new SendSeen(System.nanoTime(), request.isOneway(), request));
                RemotingCommand response = answer.to(request);
                if (response != null) {
                    replier.send(response);
                }
            }
            else if ((request.code() == RequestCode.HEART_BEAT || request.code() == RequestCode.UNREGISTER_CLIENT)
                    && answersHousekeeping) {
                replier.send(RemotingCommand.response(ResponseCodes.SUCCESS, request.opaque(), null));
            }
        });
    }

    /**
     * Answers as a broker that stored the message: the code (SUCCESS, or
     * FLUSH_DISK_TIMEOUT and the like, which a broker also sends for a stored message)
     * with the {@code msgId}, {@code queueId} and {@code queueOffset} of a stored
     * message.
     * @param code the response code
     * @return the answer
     */
    public static Answer stores(int code) {
        return (request) -> new RemotingCommand(code, LanguageCode.JAVA, RemotingCommand.VERSION, request.opaque(),
                RemotingCommand.FLAG_RESPONSE, null,
                Map.of("msgId", STORED_MSG_ID, "queueId", request.ext("e"), "queueOffset", "0"), null);
    }

    /**
     * Answers as a broker that refused the message.
     * @param code the error code
     * @param remark the broker's remark
     * @return the answer
     */
    public static Answer refuses(int code, String remark) {
        return (request) -> RemotingCommand.response(code, request.opaque(), remark);
    }

    /**
     * @return the broker's name, as the route names it
     */
    public String name() {
        return this.name;
    }

    /**
     * @return the broker's {@code host:port}
     */
    public String address() {
        return this.server.address();
    }

    /**
     * @return every send request seen (oneway ones included), in arrival order
     */
    public List<SendSeen> sendsSeen() {
        return List.copyOf(this.sendsSeen);
    }

    /**
     * Returns the requests of one code seen so far, whatever they were answered.
     * @param code the request code
     * @return the requests in arrival order
     */
    public List<RemotingCommand> requestsSeen(int code) {
        return this.requests.stream().filter((request) -> request.code() == code).toList();
    }

    /**
     * Waits until requests of one code arrived.
     * @param code the request code
     * @param count how many to wait for
     * @param timeout how long to wait at most
     * @return the requests of that code seen when the count was reached or the time was
     * up, in arrival order
     * @throws InterruptedException when interrupted
     */
    public List<RemotingCommand> awaitRequests(int code, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this.requests) {
            while (requestsSeen(code).size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this.requests, left);
            }
        }
        return requestsSeen(code);
    }

    /**
     * Sends the client a request it does not support and waits for its refusal: by then
     * the client has read every frame sent to it before on that connection.
     * @throws IOException when the request cannot be written
     * @throws InterruptedException when interrupted
     */
    public void roundTrip() throws IOException, InterruptedException {
        int refused = requestsSeen(ResponseCodes.REQUEST_CODE_NOT_SUPPORTED).size();
        sendToClient(new RemotingCommand(ROUND_TRIP_CODE, LanguageCode.JAVA, RemotingCommand.VERSION,
                1_000_000 + refused, 0, null, null, null));
        if (awaitRequests(ResponseCodes.REQUEST_CODE_NOT_SUPPORTED, refused + 1, Duration.ofSeconds(5))
            .size() <= refused) {
            throw new IllegalStateException("The client did not answer a request within 5 s");
        }
    }

    /**
     * Sends a request to the client over the connection it last heartbeat on, as a broker
     * checks back a transaction with a producer of the group.
     * @param request the request
     * @throws IOException when it cannot be written
     * @throws IllegalStateException when no client has heartbeat yet
     */
    public void sendToClient(RemotingCommand request) throws IOException {
        FakeRemotingServer.Replier connection = this.registered;
        if (connection == null) {
            throw new IllegalStateException("No client has heartbeat to broker '" + this.name + "'");
        }
        connection.send(request);
    }

    /**
     * @return how many connections this broker accepted so far
     */
    public int acceptedConnections() {
        return this.server.acceptedConnections();
    }

    /**
     * Closes every connection to this broker from its side; it keeps accepting new ones.
     * @throws IOException when a socket cannot be closed
     */
    public void dropConnections() throws IOException {
        this.server.dropConnections();
    }

    @Override
    public void close() throws IOException {
        this.server.close();
    }

    /** What the fake broker answers to a send request. */
    @FunctionalInterface
    public interface Answer {

        /**
         * Answers a send request.
         * @param request the request
         * @return the response, or {@code null} for none
         */
        RemotingCommand to(RemotingCommand request);

    }

    /**
     * One send request the fake broker saw.
     *
     * @param arrivalNanos when it arrived ({@link System#nanoTime()})
     * @param oneway whether it asked for no answer
     * @param request the request itself
     */
    public record SendSeen(long arrivalNanos, boolean oneway, RemotingCommand request) {
    }

}
