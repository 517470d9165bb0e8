package io.liftoff.client.internal.send;

/** Applies a namespace to topic and group names: {@code namespace%name}, leaving system names alone. */
final class Namespaces {

    private Namespaces() {
    }

    static String wrap(String namespace, String name) {
        if (namespace == null || name.startsWith(namespace + "%") || isSystem(name)) {
            return name;
        }
        return namespace + "%" + name;
    }

    private static boolean isSystem(String name) {
        return name.equals("TBW102") || name.startsWith("rmq_sys_") || name.startsWith("RMQ_SYS_")
                || name.startsWith("%RETRY%") || name.startsWith("%DLQ%") || name.equals("SCHEDULE_TOPIC_XXXX")
                || name.equals("BenchmarkTest") || name.equals("SELF_TEST_TOPIC")
                || name.equals("OFFSET_MOVED_EVENT") || name.equals("TRANS_CHECK_MAX_TIME_TOPIC")
                || name.equals("CHECKPOINT_TOPIC");
    }
}
