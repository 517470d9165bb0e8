package io.liftoff.client.internal.send;

import io.liftoff.client.internal.message.EncodedMessage;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.remoting.PooledBody;
import io.liftoff.client.internal.remoting.RemotingCommand;

/**
 * Lets the JMH benchmarks build send requests with the client's own package-private {@link SendRequests}, so that
 * they measure the code the producer runs, not a copy. Lives in the benchmarks module only (the way Netty's
 * microbenchmarks reach package-private code); if {@code SendRequests} changes shape, this is the one class to
 * adapt.
 */
public final class SendRequestsAccess {

    private final SendRequests requests;

    /**
     * Creates a request builder as a producer does.
     *
     * @param group the producer group on the wire
     * @param defaultTopic the default topic ({@code TBW102})
     * @param defaultTopicQueueNums the default topic's queue count
     */
    public SendRequestsAccess(String group, String defaultTopic, int defaultTopicQueueNums) {
        this.requests = new SendRequests(group, defaultTopic, defaultTopicQueueNums);
    }

    /**
     * Builds the request of one attempt.
     *
     * @param topic the topic
     * @param encoded the encoded message
     * @param queueId the queue
     * @param brokerName the broker
     * @param bornTimestamp the attempt's time
     * @return the request
     */
    public RemotingCommand request(String topic, EncodedMessage encoded, int queueId, String brokerName,
            long bornTimestamp) {
        PreparedSend send = new PreparedSend(topic, topic, encoded.uniqueId(), encoded.propertyBytes(), encoded.body(),
                null, encoded.sysFlag(), encoded.flag(), false);
        return this.requests.request(send, queueId, brokerName, bornTimestamp, 1);
    }

    /**
     * Builds a request as {@link #request(String, EncodedMessage, int, String, long)} does, for a message whose
     * body the producer compressed into a pooled buffer.
     *
     * @param topic the topic
     * @param encoded the encoded message, body not compressed
     * @param compressed its compressed body
     * @param queueId the queue
     * @param brokerName the broker
     * @param bornTimestamp the attempt's time
     * @return the request
     */
    public RemotingCommand request(String topic, EncodedMessage encoded, PooledBody compressed, int queueId,
            String brokerName, long bornTimestamp) {
        PreparedSend send = new PreparedSend(topic, topic, encoded.uniqueId(), encoded.propertyBytes(), null,
                compressed, MessageEncoder.compressedSysFlag(encoded.sysFlag()), encoded.flag(), false);
        return this.requests.request(send, queueId, brokerName, bornTimestamp, 1);
    }
}
