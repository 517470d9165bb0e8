package io.liftoff.client.internal.message;

import java.util.Set;

/**
 * RocketMQ's own topic names, in one list: the topics that
 * {@code TopicValidator.isSystemTopic} names (no application may send to them), the few
 * of those that only the broker writes, and the names a namespace leaves alone (system
 * topics, and groups' retry and dead-letter topics).
 */
public final class SystemTopics {

    /** Prefix of system topics added in 5.x ({@code rmq_sys_...}). */
    private static final String SYSTEM_TOPIC_PREFIX = "rmq_sys_";

    /**
     * Every system topic ({@code TopicValidator.isSystemTopic}), including the broker's
     * own.
     */
    private static final Set<String> SYSTEM_TOPICS = Set.of("TBW102", "SCHEDULE_TOPIC_XXXX", "BenchmarkTest",
            "RMQ_SYS_TRANS_HALF_TOPIC", "RMQ_SYS_TRACE_TOPIC", "RMQ_SYS_TRANS_OP_HALF_TOPIC",
            "TRANS_CHECK_MAX_TIME_TOPIC", "SELF_TEST_TOPIC", "OFFSET_MOVED_EVENT", "CHECKPOINT_TOPIC",
            "RMQ_SYS_ROCKSDB_TRANS_HALF_TOPIC", "RMQ_SYS_ROCKSDB_TRANS_OP_HALF_TOPIC");

    /**
     * Topics the broker keeps to itself
     * ({@code TopicValidator.NOT_ALLOWED_SEND_TOPIC_SET}).
     */
    private static final Set<String> BROKER_ONLY_TOPICS = Set.of("SCHEDULE_TOPIC_XXXX", "RMQ_SYS_TRANS_HALF_TOPIC",
            "RMQ_SYS_TRANS_OP_HALF_TOPIC", "TRANS_CHECK_MAX_TIME_TOPIC", "SELF_TEST_TOPIC", "OFFSET_MOVED_EVENT",
            "RMQ_SYS_ROCKSDB_TRANS_HALF_TOPIC", "RMQ_SYS_ROCKSDB_TRANS_OP_HALF_TOPIC");

    private SystemTopics() {
    }

    /**
     * Tells whether a topic is one of RocketMQ's system topics.
     * @param topic the topic
     * @return whether it is
     */
    public static boolean isSystemTopic(String topic) {
        return SYSTEM_TOPICS.contains(topic) || topic.startsWith(SYSTEM_TOPIC_PREFIX);
    }

    /**
     * Tells whether a topic is one only the broker writes to.
     * @param topic the topic
     * @return whether it is
     */
    public static boolean isBrokerOnly(String topic) {
        return BROKER_ONLY_TOPICS.contains(topic);
    }

    /**
     * Tells whether a namespace leaves a name alone: a system topic, any {@code RMQ_SYS_}
     * name, or a group's retry or dead-letter topic.
     * @param name a topic or group name
     * @return whether it stays as it is under a namespace
     */
    public static boolean isOutsideNamespaces(String name) {
        return isSystemTopic(name) || name.startsWith("RMQ_SYS_") || name.startsWith("%RETRY%")
                || name.startsWith("%DLQ%");
    }

}
