package io.liftoff.client.internal.send;

import java.util.HashMap;
import java.util.Map;

import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;

/** Builds send requests ({@code SEND_MESSAGE_V2}, {@code SEND_BATCH_MESSAGE}) and reads their answers. */
final class SendRequests {

    private final String group;

    private final String defaultTopic;

    private final String defaultTopicQueueNums;

    SendRequests(String group, String defaultTopic, int defaultTopicQueueNums) {
        this.group = group;
        this.defaultTopic = defaultTopic;
        this.defaultTopicQueueNums = Integer.toString(defaultTopicQueueNums);
    }

    /**
     * Builds the request of one attempt.
     *
     * @param send the encoded message
     * @param queueId the queue chosen
     * @param brokerName the broker chosen
     * @param bornTimestamp the attempt's time
     * @return the request
     */
    RemotingCommand request(PreparedSend send, int queueId, String brokerName, long bornTimestamp) {
        Map<String, String> ext = new HashMap<>(24);
        ext.put("a", this.group);
        ext.put("b", send.wireTopic());
        ext.put("c", this.defaultTopic);
        ext.put("d", this.defaultTopicQueueNums);
        ext.put("e", Integer.toString(queueId));
        ext.put("f", Integer.toString(send.sysFlag()));
        ext.put("g", Long.toString(bornTimestamp));
        ext.put("h", Integer.toString(send.flag()));
        ext.put("i", send.properties());
        ext.put("j", "0");
        ext.put("k", "false");
        ext.put("m", send.batch() ? "true" : "false");
        ext.put("n", brokerName);
        return RemotingCommand.request(send.batch() ? RequestCode.SEND_BATCH_MESSAGE : RequestCode.SEND_MESSAGE_V2,
                ext, send.body());
    }

    /**
     * Reads a send's answer.
     *
     * @param response the broker's answer
     * @param address the broker's address
     * @param send what was sent
     * @param queue the queue targeted (topic without namespace)
     * @return the result
     * @throws ErrorResponseException when the broker refused the message
     */
    static SendResult result(RemotingCommand response, String address, PreparedSend send, MessageQueue queue) {
        SendStatus status = switch (response.code()) {
            case ResponseCodes.SUCCESS -> SendStatus.SEND_OK;
            case ResponseCodes.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCodes.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCodes.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
            default -> throw new ErrorResponseException(address, send.batch() ? RequestCode.SEND_BATCH_MESSAGE
                    : RequestCode.SEND_MESSAGE_V2, response.code(), response.remark());
        };
        String queueId = response.ext("queueId");
        String queueOffset = response.ext("queueOffset");
        MessageQueue stored = (queueId != null) ? new MessageQueue(queue.topic(), queue.brokerName(),
                Integer.parseInt(queueId)) : queue;
        return new SendResult(status, send.messageId(), response.ext("msgId"), stored,
                (queueOffset != null) ? Long.parseLong(queueOffset) : -1L, response.ext("transactionId"),
                response.ext("MSG_REGION"));
    }
}
