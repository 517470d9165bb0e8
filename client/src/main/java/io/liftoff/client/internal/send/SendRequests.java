package io.liftoff.client.internal.send;

import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.client.internal.remoting.HeaderFields;
import io.liftoff.client.internal.remoting.LanguageCode;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;

/** Builds send requests ({@code SEND_MESSAGE_V2}, {@code SEND_BATCH_MESSAGE}) and reads their answers. */
final class SendRequests {

    /**
     * SendMessageRequestHeaderV2's single-letter names: group, topic, default topic, default topic queues,
     * queue id, sysFlag, born timestamp, flag, properties, reconsume times, unit mode, batch, broker name.
     */
    private static final String[] V2_NAMES = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "m", "n" };

    /** Decimal strings of 0-1023: queue ids, sysFlags and flags are small, and this spares a string per send. */
    private static final String[] SMALL_INTS = new String[1024];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = Integer.toString(i);
        }
    }

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
     * @param opaque the request id, from {@link io.liftoff.client.internal.remoting.RemotingClient#nextOpaque()}
     * @return the request
     */
    RemotingCommand request(PreparedSend send, int queueId, String brokerName, long bornTimestamp, int opaque) {
        return request(send, queueId, brokerName, bornTimestamp, opaque, 0);
    }

    /**
     * Builds the request of one attempt with the given flag bits.
     *
     * @param flag 0, or {@link RemotingCommand#FLAG_ONEWAY} for a request that gets no answer
     * @return the request
     */
    RemotingCommand request(PreparedSend send, int queueId, String brokerName, long bornTimestamp, int opaque,
            int flag) {
        Object[] values = { this.group, send.wireTopic(), this.defaultTopic, this.defaultTopicQueueNums,
                decimal(queueId), decimal(send.sysFlag()), bornTimestamp, decimal(send.flag()),
                send.properties(), "0", "false", send.batch() ? "true" : "false",
                brokerName };
        HeaderFields ext = new HeaderFields(V2_NAMES, values);
        return new RemotingCommand(send.batch() ? RequestCode.SEND_BATCH_MESSAGE : RequestCode.SEND_MESSAGE_V2,
                LanguageCode.JAVA, RemotingCommand.VERSION, opaque, flag, null, ext, send.body());
    }

    private static String decimal(int value) {
        return (value >= 0 && value < SMALL_INTS.length) ? SMALL_INTS[value] : Integer.toString(value);
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
        int storedQueueId = (queueId != null) ? Integer.parseInt(queueId) : queue.queueId();
        MessageQueue stored = (storedQueueId == queue.queueId()) ? queue
                : new MessageQueue(queue.topic(), queue.brokerName(), storedQueueId);
        return new SendResult(status, send.messageId(), response.ext("msgId"), stored,
                response.extLong("queueOffset", -1L), response.ext("transactionId"),
                response.ext("MSG_REGION"));
    }
}
