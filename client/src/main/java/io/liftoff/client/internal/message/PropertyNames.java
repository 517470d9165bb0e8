package io.liftoff.client.internal.message;

import java.util.Set;

/**
 * Names of the message properties the client writes or reads (RocketMQ's
 * {@code MessageConst}), and the set of names a user property may not take.
 */
public final class PropertyNames {

    /** The message keys, joined by single spaces. */
    public static final String KEYS = "KEYS";

    /** The tag. */
    public static final String TAGS = "TAGS";

    /** Whether the broker answers only once the message is stored: "true" or "false". */
    public static final String WAIT = "WAIT";

    /** The 4.x delay level, 1 to 18. */
    public static final String DELAY = "DELAY";

    /** The client-made message id. */
    public static final String UNIQ_KEY = "UNIQ_KEY";

    /** A 5.x timer message's delay in milliseconds. */
    public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";

    /** A 5.x timer message's delivery time in epoch milliseconds. */
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";

    /** "true" on a half (prepared) transaction message. */
    public static final String TRAN_MSG = "TRAN_MSG";

    /**
     * The producer group of a half message; the broker checks back with a producer of
     * this group.
     */
    public static final String PGROUP = "PGROUP";

    /** The transaction id. */
    public static final String TRANSACTION_ID = "__transactionId__";

    /** How many times the broker has checked a half message's transaction. */
    public static final String TRANSACTION_CHECK_TIMES = "TRANSACTION_CHECK_TIMES";

    /** The namespace, when the producer has one. */
    public static final String INSTANCE_ID = "INSTANCE_ID";

    /**
     * A light message queue dispatch list; its value may not contain the file separator.
     */
    public static final String INNER_MULTI_DISPATCH = "INNER_MULTI_DISPATCH";

    /**
     * Names RocketMQ keeps for itself ({@code MessageConst.STRING_HASH_SET} of 5.5.0): a
     * user property with one of these names is rejected.
     */
    static final Set<String> RESERVED = Set.of("TRACE_ON", "MSG_REGION", KEYS, TAGS, WAIT, DELAY, "RETRY_TOPIC",
            "REAL_TOPIC", "REAL_QID", TRAN_MSG, PGROUP, "MIN_OFFSET", "MAX_OFFSET", "BUYER_ID", "ORIGIN_MESSAGE_ID",
            "TRANSFER_FLAG", "CORRECTION_FLAG", "MQ2_FLAG", "RECONSUME_TIME", UNIQ_KEY, "MAX_RECONSUME_TIMES",
            "CONSUME_START_TIME", "POP_CK", "POP_CK_OFFSET", "1ST_POP_TIME", "TRAN_PREPARED_QUEUE_OFFSET", "DUP_INFO",
            "EXTEND_UNIQ_INFO", INSTANCE_ID, "CORRELATION_ID", "REPLY_TO_CLIENT", "TTL", "ARRIVE_TIME",
            "PUSH_REPLY_TIME", "CLUSTER", "MSG_TYPE", "INNER_MULTI_QUEUE_OFFSET", TIMER_DELAY_MS, "TIMER_DELAY_SEC",
            TIMER_DELIVER_MS, "TIMER_ENQUEUE_MS", "TIMER_DEQUEUE_MS", "TIMER_ROLL_TIMES", "TIMER_OUT_MS",
            "TIMER_DEL_UNIQKEY", "TIMER_DELAY_LEVEL", "__BORNHOST", "BORN_TIMESTAMP", "DLQ_ORIGIN_TOPIC",
            "DLQ_ORIGIN_MESSAGE_ID", "__CRC32#", "ORIGIN_GROUP", "_SYS_MSG_PRIORITY_", "__LITE_TOPIC");

    private PropertyNames() {
    }

    /**
     * Tells whether RocketMQ reserves a property name.
     * @param name the name
     * @return {@code true} when a user property may not take this name
     */
    public static boolean isReserved(String name) {
        return RESERVED.contains(name);
    }

}
