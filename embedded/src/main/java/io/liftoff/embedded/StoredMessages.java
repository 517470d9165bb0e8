package io.liftoff.embedded;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.jspecify.annotations.Nullable;

/**
 * Reads what brokers stored, with the official RocketMQ client, so that tests check the
 * stored messages and not what a producer believes it sent. Each read uses its own
 * consumer group and instance name, and pulls every queue of the topic from its first
 * offset, pass after pass without pause while a pass finds messages: about 9,000 messages
 * in 8 queues take under 2 s, where a 100 ms pause after every pass (at most 32 messages
 * per queue) made it about 15 s.
 *
 * <p>
 * It pulls synchronously with {@link DefaultMQPullConsumer} (deprecated in 5.x, still
 * shipped) rather than with {@code DefaultLitePullConsumer}: on this test stack (seen
 * with RocketMQ 5.3.3 remoting on the Netty 4.2 of the Spring Boot BOM) the official
 * client now and then fails a request on a fresh connection and closes the connection,
 * failing the requests in flight with it; the lite consumer's background pulls then once
 * missed a batch until the read timed out, while a synchronous pull is simply tried
 * again.
 */
@SuppressWarnings("deprecation")
public final class StoredMessages {

    private static final int PULL_BATCH = 32;

    private StoredMessages() {
    }

    /**
     * Reads a topic from the beginning until {@code expected} messages arrived and every
     * queue is read to its end, or the timeout passed; then once more, so that a message
     * too many is seen too.
     * @param nameServer the NameServer address
     * @param topic the topic
     * @param expected how many messages to wait for
     * @param timeout how long to wait for them
     * @return every message read, queue by queue in offset order
     * @throws IllegalStateException when the consumer cannot start or the topic has no
     * route
     */
    public static List<MessageExt> read(String nameServer, String topic, int expected, Duration timeout) {
        return read(nameServer, topic, expected, timeout, null, false);
    }

    /**
     * Reads a topic as {@link #read(String, String, int, Duration)} does, over TLS when
     * asked: the official consumer then trusts any server certificate (RocketMQ's
     * JVM-wide {@code tls.test.mode.enable}, {@code true} unless set), which is fine for
     * reading back what a test sent.
     * @param nameServer the NameServer address
     * @param topic the topic
     * @param expected how many messages to wait for
     * @param timeout how long to wait for them
     * @param useTls whether to connect with TLS (a cluster that enforces it)
     * @return every message read, queue by queue in offset order
     * @throws IllegalStateException when the consumer cannot start or the topic has no
     * route
     */
    public static List<MessageExt> read(String nameServer, String topic, int expected, Duration timeout,
            boolean useTls) {
        return read(nameServer, topic, expected, timeout, null, useTls);
    }

    /**
     * Reads a topic of an embedded cluster as
     * {@link #read(String, String, int, Duration)} does: as its admin user (whom no ACL
     * restricts) when authentication is on, over TLS when the cluster enforces it.
     * @param rocketmq the cluster
     * @param topic the topic
     * @param expected how many messages to wait for
     * @param timeout how long to wait for them
     * @return every message read, queue by queue in offset order
     * @throws IllegalStateException when the consumer cannot start or the topic has no
     * route
     */
    public static List<MessageExt> read(EmbeddedRocketMQ rocketmq, String topic, int expected, Duration timeout) {
        return read(rocketmq.nameServerAddress(), topic, expected, timeout, rocketmq.auth(), rocketmq.isTlsEnforcing());
    }

    private static List<MessageExt> read(String nameServer, String topic, int expected, Duration timeout,
            @Nullable EmbeddedAuth auth, boolean useTls) {
        try {
            return pullAll(nameServer, topic, expected, timeout, auth, useTls);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading topic '" + topic + "'", ex);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not read topic '" + topic + "' with the official consumer", ex);
        }
    }

    private static List<MessageExt> pullAll(String nameServer, String topic, int expected, Duration timeout,
            @Nullable EmbeddedAuth auth, boolean useTls) throws Exception {
        String name = "it-reader-" + UUID.randomUUID().toString().substring(0, 8);
        DefaultMQPullConsumer consumer = (auth != null)
                ? new DefaultMQPullConsumer(name,
                        new AclClientRPCHook(new SessionCredentials(auth.admin(), auth.adminSecret())))
                : new DefaultMQPullConsumer(name);
        consumer.setNamesrvAddr(nameServer);
        consumer.setUseTLS(useTls);
        consumer.setInstanceName(name);
        consumer.start();
        try {
            Set<MessageQueue> queues = retry(() -> consumer.fetchSubscribeMessageQueues(topic));
            Map<MessageQueue, Long> next = new HashMap<>();
            List<MessageExt> messages = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean last = false;
            while (true) {
                int before = messages.size();
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
                        messages.addAll(result.getMsgFoundList());
                    }
                    next.put(queue, result.getNextBeginOffset());
                }
                if (last || System.nanoTime() > deadline) {
                    return messages;
                }
                if (messages.size() > before) {
                    // A pass brings at most one pull batch per queue: go on at once.
                    continue;
                }
                if (messages.size() < expected) {
                    Thread.sleep(100);
                }
                else {
                    // Every queue is read to its end (duplicates can make the count
                    // reached before that).
                    last = true;
                    Thread.sleep(300);
                }
            }
        }
        finally {
            consumer.shutdown();
        }
    }

    /**
     * Returns a message's body as text.
     * @param message the message
     * @return the body, decoded as UTF-8
     */
    public static String text(MessageExt message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }

    private static <T> T retry(Call<T> call) throws Exception {
        for (int attempt = 1;; attempt++) {
            try {
                return call.call();
            }
            catch (Exception ex) {
                if (attempt == 5) {
                    throw ex;
                }
                Thread.sleep(200);
            }
        }
    }

    @FunctionalInterface
    private interface Call<T> {

        T call() throws Exception;

    }

}
