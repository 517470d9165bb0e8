package io.liftoff.client.testing;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.liftoff.client.ResponseCodes;
import io.liftoff.client.internal.remoting.LanguageCode;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;

/**
 * A fake broker that answers every send request as its {@link Answer} says and records
 * when each arrived: the answers a real broker cannot be made to give on demand
 * (SYSTEM_BUSY, a flush timeout, no answer at all). Made by a {@link FakeCluster}, which
 * routes topics to it and closes it.
 */
public final class FakeBroker implements AutoCloseable {

    /** The message id a storing fake broker answers with. */
    public static final String STORED_MSG_ID = "7F00000100002A9F0000000000000000";

    private final String name;

    private final FakeRemotingServer server;

    private final List<SendSeen> sendsSeen = new CopyOnWriteArrayList<>();

    FakeBroker(String name, Answer answer, boolean answersHousekeeping) throws IOException {
        this.name = name;
        this.server = new FakeRemotingServer((request, replier) -> {
            if (request.code() == RequestCode.SEND_MESSAGE_V2 || request.code() == RequestCode.SEND_BATCH_MESSAGE) {
                this.sendsSeen.add(new SendSeen(System.nanoTime(), request.isOneway()));
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
     */
    public record SendSeen(long arrivalNanos, boolean oneway) {
    }

}
