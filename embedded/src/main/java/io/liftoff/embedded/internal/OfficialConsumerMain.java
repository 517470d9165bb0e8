package io.liftoff.embedded.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Reads topics with the official consumer of whatever RocketMQ version is on the class
 * path, in a child JVM that {@link io.liftoff.embedded.process.RocketMQProcesses} starts
 * with that version's class path; prints what it read on standard output for the parent
 * to parse.
 *
 * <p>
 * Arguments: the NameServer address, the timeout in milliseconds, then
 * {@code topic=expected} pairs. Output lines, fields separated by tabs, binary fields in
 * Base64: {@code V <client version>}, then per message
 * {@code M <topic> <queueId> <queueOffset> <bornTimestamp> <storeTimestamp> <msgId> <sysFlag> <storeSize> <body> <properties>}
 * (properties as {@code name=value} lines), then {@code E <topic> <error>} for a topic
 * that could not be read. Uses only API that 4.9.x and 5.x share
 * ({@link DefaultMQPullConsumer}, deprecated in 5.x and still shipped), and reads
 * constants reflectively, since the compiler would inline the values of the version it
 * compiled against.
 */
@SuppressWarnings("deprecation")
public final class OfficialConsumerMain {

    private static final int PULL_BATCH = 32;

    private OfficialConsumerMain() {
    }

    /**
     * Reads the topics and prints them.
     * @param args the NameServer address, the timeout in milliseconds, then
     * {@code topic=expected} pairs
     * @throws Exception when the consumer cannot start
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(
                new java.io.BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        String nameServer = args[0];
        long timeoutMillis = Long.parseLong(args[1]);
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].lastIndexOf('=');
            expected.put(args[i].substring(0, eq), Integer.parseInt(args[i].substring(eq + 1)));
        }
        int version = MQVersion.class.getField("CURRENT_VERSION").getInt(null);
        out.println("V\t" + MQVersion.getVersionDesc(version));
        String name = "compat-reader-" + UUID.randomUUID().toString().substring(0, 8);
        DefaultMQPullConsumer consumer = new DefaultMQPullConsumer(name);
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName(name);
        consumer.start();
        try {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            for (Map.Entry<String, Integer> topic : expected.entrySet()) {
                try {
                    pullAll(consumer, topic.getKey(), topic.getValue(), deadline, out);
                }
                catch (Exception ex) {
                    out.println("E\t" + topic.getKey() + "\t" + encode(String.valueOf(ex)));
                }
            }
        }
        finally {
            out.flush();
            consumer.shutdown();
        }
        Runtime.getRuntime().halt(0);
    }

    /**
     * Pulls a topic's queues from their first offsets and prints each message as it comes
     * (nothing is held: a topic of many messages fits any heap), until the expected
     * number were read and every queue is read to its end, or the deadline.
     */
    private static void pullAll(DefaultMQPullConsumer consumer, String topic, int expected, long deadline,
            PrintStream out) throws Exception {
        Set<MessageQueue> queues = null;
        while (queues == null) {
            try {
                queues = consumer.fetchSubscribeMessageQueues(topic);
            }
            catch (Exception ex) {
                if (System.nanoTime() > deadline) {
                    throw ex;
                }
                Thread.sleep(200);
            }
        }
        Map<MessageQueue, Long> next = new HashMap<>();
        int read = 0;
        boolean last = false;
        while (true) {
            int before = read;
            for (MessageQueue queue : queues) {
                long offset = next.computeIfAbsent(queue, (q) -> 0L);
                PullResult result;
                try {
                    result = consumer.pull(queue, "*", offset, PULL_BATCH, 3000);
                }
                catch (Exception ex) {
                    continue;
                }
                if (result.getPullStatus() == PullStatus.FOUND) {
                    for (MessageExt message : result.getMsgFoundList()) {
                        out.println(line(message));
                        read++;
                    }
                }
                next.put(queue, result.getNextBeginOffset());
            }
            if (last || System.nanoTime() > deadline) {
                return;
            }
            if (read < expected) {
                if (read == before) {
                    // Nothing new yet: wait for more rather than spin.
                    Thread.sleep(100);
                }
            }
            else if (read == before) {
                // Every queue is read to its end: once more, so that a message too many
                // is seen too.
                last = true;
                Thread.sleep(300);
            }
        }
    }

    private static String line(MessageExt message) {
        StringBuilder properties = new StringBuilder();
        for (Map.Entry<String, String> property : message.getProperties().entrySet()) {
            properties.append(property.getKey()).append('=').append(property.getValue()).append('\n');
        }
        return "M\t" + message.getTopic() + "\t" + message.getQueueId() + "\t" + message.getQueueOffset() + "\t"
                + message.getBornTimestamp() + "\t" + message.getStoreTimestamp() + "\t" + message.getMsgId() + "\t"
                + message.getSysFlag() + "\t" + message.getStoreSize() + "\t"
                + Base64.getEncoder().encodeToString(message.getBody()) + "\t" + encode(properties.toString());
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

}
