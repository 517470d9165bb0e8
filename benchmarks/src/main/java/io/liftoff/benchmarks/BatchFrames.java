package io.liftoff.benchmarks;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageBatch;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.apache.rocketmq.remoting.exception.RemotingCommandException;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.SerializeType;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2;

/**
 * Whole {@code SEND_BATCH_MESSAGE} (320) request frames, encoded once with the official
 * client's own classes as its producer encodes a batch ({@code MessageBatch}, a
 * {@code UNIQ_KEY} per message and one for the batch, the batch body of
 * {@code MessageDecoder.encodeMessages}, header V2 with {@code batch=true}), with the
 * ROCKETMQ binary header so that a request's opaque sits at a fixed offset and can be
 * patched in place before each write.
 */
final class BatchFrames {

    /** The producer group the frames name. */
    static final String GROUP = "bench-raw-batch";

    /**
     * Where the opaque is in a frame: after the frame length (4), the header length (4),
     * and in the binary header after code (2), language (1) and version (2).
     */
    static final int OPAQUE_OFFSET = 13;

    private BatchFrames() {
    }

    /**
     * Encodes one frame.
     * @param messages the run's messages (the shape, topic and body)
     * @param brokerName the broker the frame is for
     * @param queueId the queue it writes to
     * @param count messages in the batch
     * @return the frame, length field included
     * @throws IllegalStateException when the encoded frame does not decode back as
     * expected
     */
    static byte[] frame(RunMessages messages, String brokerName, int queueId, int count) {
        List<Message> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(messages.build(i, OfficialBenchClient.MESSAGES));
        }
        MessageBatch batch = MessageBatch.generateFromList(list);
        for (Message message : batch) {
            MessageClientIDSetter.setUniqID(message);
        }
        MessageClientIDSetter.setUniqID(batch);
        batch.setBody(batch.encode());
        SendMessageRequestHeader header = new SendMessageRequestHeader();
        header.setProducerGroup(GROUP);
        header.setTopic(batch.getTopic());
        header.setDefaultTopic(TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC);
        header.setDefaultTopicQueueNums(4);
        header.setQueueId(queueId);
        header.setSysFlag(0);
        header.setBornTimestamp(System.currentTimeMillis());
        header.setFlag(batch.getFlag());
        header.setProperties(MessageDecoder.messageProperties2String(batch.getProperties()));
        header.setReconsumeTimes(0);
        header.setUnitMode(false);
        header.setBatch(true);
        header.setBrokerName(brokerName);
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.SEND_BATCH_MESSAGE,
                SendMessageRequestHeaderV2.createSendMessageRequestHeaderV2(header));
        request.setSerializeTypeCurrentRPC(SerializeType.ROCKETMQ);
        request.setBody(batch.getBody());
        ByteBuffer encoded = request.encode();
        byte[] frame = new byte[encoded.remaining()];
        encoded.get(frame);
        verify(frame);
        return frame;
    }

    /**
     * Writes a request id into a frame.
     * @param frame the frame
     * @param opaque the request id
     */
    static void setOpaque(byte[] frame, int opaque) {
        frame[OPAQUE_OFFSET] = (byte) (opaque >>> 24);
        frame[OPAQUE_OFFSET + 1] = (byte) (opaque >>> 16);
        frame[OPAQUE_OFFSET + 2] = (byte) (opaque >>> 8);
        frame[OPAQUE_OFFSET + 3] = (byte) opaque;
    }

    /** Patches an opaque and decodes the frame with the official decoder. */
    private static void verify(byte[] frame) {
        setOpaque(frame, 0x12345678);
        try {
            RemotingCommand decoded = RemotingCommand.decode(ByteBuffer.wrap(frame, 4, frame.length - 4).slice());
            if (decoded.getOpaque() != 0x12345678 || decoded.getCode() != RequestCode.SEND_BATCH_MESSAGE
                    || !"true".equals(decoded.getExtFields().get("m"))) {
                throw new IllegalStateException("A batch frame decodes as code " + decoded.getCode() + ", opaque "
                        + decoded.getOpaque() + ", header " + decoded.getExtFields());
            }
        }
        catch (RemotingCommandException ex) {
            throw new IllegalStateException("A batch frame does not decode: " + ex, ex);
        }
    }

}
