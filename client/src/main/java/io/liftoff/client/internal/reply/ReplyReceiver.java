package io.liftoff.client.internal.reply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.liftoff.client.LiftoffException;
import io.liftoff.client.ReplyMessage;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.internal.message.BodyCompression;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.message.PropertyNames;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@code PUSH_REPLY_MESSAGE_TO_CLIENT}: the broker that took a reply pushes it to
 * the requester's connection, header fields as {@code ReplyMessageRequestHeader} (topic,
 * sysFlag, properties, bornHost, storeHost, timestamps) and the body, compressed when the
 * sysFlag says so. Reads it as the official client's
 * {@code ClientRemotingProcessor.receiveReplyMessage}, completes the request its
 * {@code CORRELATION_ID} names, and answers SUCCESS, also for a reply nobody waits for
 * any more (the broker would only log a failure).
 */
public final class ReplyReceiver implements RequestHandler {

    private static final Logger logger = LoggerFactory.getLogger(ReplyReceiver.class);

    static final String CORRELATION_ID = "CORRELATION_ID";

    private final PendingReplies pending;

    /**
     * @param pending the requests waiting
     */
    public ReplyReceiver(PendingReplies pending) {
        this.pending = pending;
    }

    @Override
    public RemotingCommand handle(RemotingCommand request, String remoteAddress) {
        Map<String, String> properties = MessageEncoder.decodeProperties(request.ext("properties"));
        String correlationId = properties.get(CORRELATION_ID);
        if (correlationId == null) {
            logger.debug("Reply from {} without a correlation id, dropped", remoteAddress);
            return RemotingCommand.response(ResponseCodes.SUCCESS, request.opaque(), null);
        }
        ReplyMessage reply;
        try {
            reply = decode(request, properties, correlationId);
        }
        catch (LiftoffException ex) {
            this.pending.fail(correlationId, ex);
            return RemotingCommand.response(ResponseCodes.SUCCESS, request.opaque(), null);
        }
        if (!this.pending.complete(correlationId, reply)) {
            logger.debug("Reply {} from {} matches no waiting request (timed out, or not ours)", correlationId,
                    remoteAddress);
        }
        return RemotingCommand.response(ResponseCodes.SUCCESS, request.opaque(), null);
    }

    static ReplyMessage decode(RemotingCommand request, Map<String, String> properties, String correlationId) {
        byte[] body = (request.body() != null) ? request.body() : new byte[0];
        int sysFlag;
        long bornTimestamp;
        long storeTimestamp;
        try {
            sysFlag = (int) request.extLong("sysFlag", 0);
            bornTimestamp = request.extLong("bornTimestamp", 0);
            storeTimestamp = request.extLong("storeTimestamp", 0);
        }
        catch (NumberFormatException ex) {
            throw new LiftoffException("Reply " + correlationId
                    + " cannot be read: its sysFlag, bornTimestamp or storeTimestamp is not a number ("
                    + ex.getMessage() + ")", ex);
        }
        if (BodyCompression.isCompressed(sysFlag)) {
            body = uncompress(body, sysFlag, correlationId);
        }
        String keys = properties.get(PropertyNames.KEYS);
        List<String> keyList = (keys != null) ? splitKeys(keys) : List.of();
        Map<String, String> user = new LinkedHashMap<>();
        properties.forEach((name, value) -> {
            if (!PropertyNames.isReserved(name)) {
                user.put(name, value);
            }
        });
        String topic = request.ext("topic");
        return new ReplyMessage((topic != null) ? topic : "", body, properties.get(PropertyNames.TAGS), keyList, user,
                properties.get(PropertyNames.UNIQ_KEY), correlationId, request.ext("bornHost"),
                request.ext("storeHost"), bornTimestamp, storeTimestamp);
    }

    private static List<String> splitKeys(String keys) {
        List<String> list = new ArrayList<>();
        for (String key : keys.split(" ")) {
            if (!key.isEmpty()) {
                list.add(key);
            }
        }
        return list;
    }

    private static byte[] uncompress(byte[] body, int sysFlag, String correlationId) {
        try {
            return BodyCompression.decompress(body, sysFlag);
        }
        catch (IllegalStateException ex) {
            throw new LiftoffException("Reply " + correlationId + " cannot be read: " + ex.getMessage(), ex);
        }
        catch (IllegalArgumentException ex) {
            throw new LiftoffException("Reply " + correlationId + " has a corrupt body: " + ex.getMessage(), ex);
        }
    }

}
