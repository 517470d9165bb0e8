package io.liftoff.client.internal.recall;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.RecallFailedException;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.RouteNotFoundException;
import io.liftoff.client.internal.remoting.RemotingClient;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;
import io.liftoff.client.internal.route.PublishRoute;
import io.liftoff.client.internal.route.TopicRoutes;

/**
 * Cancels a timer message before its delivery time: {@code RECALL_MESSAGE} (370), sync,
 * to the master of the broker named in the handle, with header {@code producerGroup},
 * {@code topic}, {@code recallHandle} (and {@code bname}); the broker answers with the
 * message id. A broker with {@code recallMessageEnable=false}, its default, refuses with
 * NO_PERMISSION; a handle whose time has passed or that names another broker or topic,
 * with ILLEGAL_OPERATION (604).
 */
public final class MessageRecaller {

    private static final int ILLEGAL_OPERATION = 604;

    private final TopicRoutes routes;

    private final RemotingClient remoting;

    private final String group;

    /**
     * @param routes the routes, to find the broker's master
     * @param remoting the transport
     * @param group the producer group, as on the wire
     */
    public MessageRecaller(TopicRoutes routes, RemotingClient remoting, String group) {
        this.routes = routes;
        this.remoting = remoting;
        this.group = group;
    }

    /**
     * Recalls a message.
     * @param topic the topic as the application names it
     * @param wireTopic the topic as on the wire
     * @param handle the handle from the message's send result
     * @param timeout how long to wait for the route and the broker
     * @return a future completed with the recalled message's id
     * @throws InvalidMessageException when the handle is absent, unreadable or for
     * another topic (nothing was sent)
     */
    public CompletableFuture<String> recall(String topic, String wireTopic, String handle, Duration timeout) {
        RecallHandle parsed = RecallHandle.decode(handle);
        if (!parsed.topic().equals(wireTopic)) {
            throw new InvalidMessageException("Recall handle is for topic '" + parsed.topic() + "', not '" + topic
                    + "': recall a message with the topic it was sent to");
        }
        return this.routes.route(wireTopic).thenCompose((route) -> send(topic, route, parsed, handle, timeout));
    }

    private CompletableFuture<String> send(String topic, PublishRoute route, RecallHandle parsed, String handle,
            Duration timeout) {
        String address = route.masterAddress(parsed.brokerName());
        if (address == null) {
            return CompletableFuture.failedFuture(new RouteNotFoundException(topic, "Cannot recall a message of topic '"
                    + topic + "': its broker '" + parsed.brokerName() + "' has no master in the route", null));
        }
        Map<String, String> header = new LinkedHashMap<>();
        header.put("producerGroup", this.group);
        header.put("topic", parsed.topic());
        header.put("recallHandle", handle);
        header.put("bname", parsed.brokerName());
        RemotingCommand request = RemotingCommand.request(RequestCode.RECALL_MESSAGE, header, null);
        return this.remoting.invoke(address, request, timeout.toMillis())
            .thenApply((response) -> answer(topic, parsed, response));
    }

    private static String answer(String topic, RecallHandle handle, RemotingCommand response) {
        int code = response.code();
        if (code == ResponseCodes.SUCCESS) {
            String id = response.ext("msgId");
            return (id != null) ? id : handle.messageId();
        }
        String remark = (response.remark() != null) ? response.remark() : "";
        String what = "Broker '" + handle.brokerName() + "' refused to recall message " + handle.messageId()
                + " of topic '" + topic + "' (" + ResponseCodes.describe(code) + ": " + remark + ")";
        String todo = switch (code) {
            case ResponseCodes.NO_PERMISSION -> remark.contains("forbidden")
                    ? ": recall is off on this broker; set recallMessageEnable=true in its broker.conf (off by "
                            + "default in RocketMQ 5.3)"
                    : ": the credentials in use may not publish to this topic";
            case ILLEGAL_OPERATION ->
                ": the message is due already (or was delivered), or the handle names " + "another broker or topic";
            case ResponseCodes.TOPIC_NOT_EXIST -> ": the broker no longer has the topic";
            default -> "";
        };
        throw new RecallFailedException(what + todo, code);
    }

}
