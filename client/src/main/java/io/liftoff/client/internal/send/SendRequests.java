package io.liftoff.client.internal.send;

import io.liftoff.client.CredentialsProvider;
import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.LiftoffException;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.client.internal.remoting.CustomHeader;
import io.liftoff.client.internal.remoting.LanguageCode;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;
import org.jspecify.annotations.Nullable;

/**
 * Builds send requests ({@code SEND_MESSAGE_V2}, {@code SEND_BATCH_MESSAGE}) and reads
 * their answers.
 */
public final class SendRequests {

    /**
     * SendMessageRequestHeaderV2's single-letter names: group, topic, default topic,
     * default topic queues, queue id, sysFlag, born timestamp, flag, properties,
     * reconsume times, unit mode, batch, broker name.
     */
    private static final String[] V2_NAMES = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "m", "n" };

    /**
     * Decimal strings of 0-1023: queue ids, sysFlags and flags are small, and this spares
     * a string per send.
     */
    private static final String[] SMALL_INTS = new String[1024];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = Integer.toString(i);
        }
    }

    private final String group;

    private final String defaultTopic;

    private final String defaultTopicQueueNums;

    private final @Nullable CredentialsProvider credentials;

    /**
     * Creates the builder of one producer's requests.
     * @param group the producer group on the wire
     * @param defaultTopic the topic whose route creates unknown topics
     * @param defaultTopicQueueNums the queues a topic created that way gets
     */
    public SendRequests(String group, String defaultTopic, int defaultTopicQueueNums) {
        this(group, defaultTopic, defaultTopicQueueNums, null);
    }

    /**
     * Creates the builder of one producer's requests, which signs them.
     * @param group the producer group on the wire
     * @param defaultTopic the topic whose route creates unknown topics
     * @param defaultTopicQueueNums the queues a topic created that way gets
     * @param credentials what requests are signed with, to name the user of a refusal;
     * none when they are not signed
     */
    public SendRequests(String group, String defaultTopic, int defaultTopicQueueNums,
            @Nullable CredentialsProvider credentials) {
        this.group = group;
        this.defaultTopic = defaultTopic;
        this.defaultTopicQueueNums = Integer.toString(defaultTopicQueueNums);
        this.credentials = credentials;
    }

    /**
     * Builds the request of one attempt.
     * @param send the encoded message
     * @param queueId the queue chosen
     * @param brokerName the broker chosen
     * @param bornTimestamp the attempt's time
     * @param opaque the request id, from
     * {@link io.liftoff.client.internal.remoting.RemotingClient#nextOpaque()}
     * @return the request
     */
    public RemotingCommand request(PreparedSend send, int queueId, String brokerName, long bornTimestamp, int opaque) {
        return request(send, queueId, brokerName, bornTimestamp, opaque, 0);
    }

    /**
     * Builds the request of one attempt with the given flag bits.
     * @param flag 0, or {@link RemotingCommand#FLAG_ONEWAY} for a request that gets no
     * answer
     * @return the request
     */
    RemotingCommand request(PreparedSend send, int queueId, String brokerName, long bornTimestamp, int opaque,
            int flag) {
        Header ext = new Header(this, send, queueId, brokerName, bornTimestamp);
        return new RemotingCommand(send.batch() ? RequestCode.SEND_BATCH_MESSAGE : RequestCode.SEND_MESSAGE_V2,
                LanguageCode.JAVA, RemotingCommand.VERSION, opaque, flag, null, ext, send.body(), send.pooledBody());
    }

    private static String decimal(int value) {
        return (value >= 0 && value < SMALL_INTS.length) ? SMALL_INTS[value] : Integer.toString(value);
    }

    /**
     * The SendMessageRequestHeaderV2 of one attempt, read straight from what the send
     * holds: one small object per request instead of a value array, and the born
     * timestamp written as a number.
     */
    private static final class Header extends CustomHeader {

        private static final int BORN_TIMESTAMP = 6;

        private final SendRequests requests;

        private final PreparedSend send;

        private final int queueId;

        private final String brokerName;

        private final long bornTimestamp;

        Header(SendRequests requests, PreparedSend send, int queueId, String brokerName, long bornTimestamp) {
            this.requests = requests;
            this.send = send;
            this.queueId = queueId;
            this.brokerName = brokerName;
            this.bornTimestamp = bornTimestamp;
        }

        @Override
        protected int fieldCount() {
            return V2_NAMES.length;
        }

        @Override
        protected String name(int index) {
            return V2_NAMES[index];
        }

        @Override
        protected boolean isNumber(int index) {
            return index == BORN_TIMESTAMP;
        }

        @Override
        protected long number(int index) {
            return this.bornTimestamp;
        }

        @Override
        protected Object rawValue(int index) {
            return switch (index) {
                case 0 -> this.requests.group;
                case 1 -> this.send.wireTopic();
                case 2 -> this.requests.defaultTopic;
                case 3 -> this.requests.defaultTopicQueueNums;
                case 4 -> decimal(this.queueId);
                case 5 -> decimal(this.send.sysFlag());
                case BORN_TIMESTAMP -> this.bornTimestamp;
                case 7 -> decimal(this.send.flag());
                case 8 -> this.send.properties();
                case 9 -> "0";
                case 10 -> "false";
                case 11 -> this.send.batch() ? "true" : "false";
                case 12 -> this.brokerName;
                default -> throw new IndexOutOfBoundsException(index);
            };
        }

    }

    /**
     * Reads a send's answer.
     * @param response the broker's answer
     * @param address the broker's address
     * @param send what was sent
     * @param queue the queue targeted (topic without namespace)
     * @return the result
     * @throws ErrorResponseException when the broker refused the message; an
     * {@link io.liftoff.client.AccessDeniedException} when it refused the credentials or
     * the user (see {@link AccessRefusals}); a {@link LiftoffException} naming the broker
     * when the answer's queueId or queueOffset is not a number
     */
    SendResult result(RemotingCommand response, String address, PreparedSend send, MessageQueue queue) {
        SendStatus status = switch (response.code()) {
            case ResponseCodes.SUCCESS -> SendStatus.SEND_OK;
            case ResponseCodes.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCodes.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCodes.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
            default -> throw AccessRefusals.refusal(address,
                    send.batch() ? RequestCode.SEND_BATCH_MESSAGE : RequestCode.SEND_MESSAGE_V2, response.code(),
                    response.remark(), "Topic:" + send.wireTopic(), "PUB", this.credentials);
        };
        String queueId = response.ext("queueId");
        int storedQueueId;
        long queueOffset;
        try {
            storedQueueId = (queueId != null) ? Integer.parseInt(queueId) : queue.queueId();
            queueOffset = response.extLong("queueOffset", -1L);
        }
        catch (NumberFormatException ex) {
            throw new LiftoffException("Broker " + address + " answered the send of message " + send.messageId()
                    + " with a queueId or queueOffset that is not a number: queueId " + queueId + ", queueOffset "
                    + response.ext("queueOffset"), ex);
        }
        MessageQueue stored = (storedQueueId == queue.queueId()) ? queue
                : new MessageQueue(queue.topic(), queue.brokerName(), storedQueueId);
        return new SendResult(status, send.messageId(), response.ext("msgId"), stored, queueOffset,
                response.ext("transactionId"), response.ext("MSG_REGION"), response.ext("recallHandle"));
    }

}
