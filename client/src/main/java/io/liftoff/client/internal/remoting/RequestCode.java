package io.liftoff.client.internal.remoting;

/** Request codes of the RocketMQ remoting protocol that Liftoff sends or receives. */
public final class RequestCode {

    /** Send a message, header V1 (long names). */
    public static final int SEND_MESSAGE = 10;

    /** Ask a broker for a queue's max offset (cheap reachability probe). */
    public static final int GET_MAX_OFFSET = 30;

    /** Client heartbeat to a broker. */
    public static final int HEART_BEAT = 34;

    /** Unregister a client from a broker. */
    public static final int UNREGISTER_CLIENT = 35;

    /** Commit or roll back a transaction (oneway). */
    public static final int END_TRANSACTION = 37;

    /** Broker asks the producer for a transaction's state (oneway, server to client). */
    public static final int CHECK_TRANSACTION_STATE = 39;

    /** Look up a topic's route on a NameServer. */
    public static final int GET_ROUTEINFO_BY_TOPIC = 105;

    /** Ask a NameServer for the cluster's brokers. */
    public static final int GET_BROKER_CLUSTER_INFO = 106;

    /** Send a message, header V2 (single-letter names). */
    public static final int SEND_MESSAGE_V2 = 310;

    /** Send a batch of messages, header V2. */
    public static final int SEND_BATCH_MESSAGE = 320;

    /**
     * Broker to requester: a reply to its request ({@code ReplyMessageRequestHeader}).
     */
    public static final int PUSH_REPLY_MESSAGE_TO_CLIENT = 326;

    /** Cancel a timer message before it is delivered (5.3.2+). */
    public static final int RECALL_MESSAGE = 370;

    private RequestCode() {
    }

}
