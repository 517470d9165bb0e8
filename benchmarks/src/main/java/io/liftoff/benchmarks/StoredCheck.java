package io.liftoff.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Checks, before anything is measured, that a client's messages really are stored: for
 * each size, sync, async and oneway sends are counted in the brokers' stores, and a
 * sample of the sync ones is read back with the official consumer and compared field by
 * field (key, tag, body after decompression, client message id, and in realistic mode the
 * three user properties). The messages are built as in the measured runs (the same
 * {@link MessageShape}). A client that drops or garbles messages stops the benchmark.
 */
final class StoredCheck {

    private static final int PER_MODE = 40;

    private static final int SAMPLE_EVERY = 8;

    private final StoredMessages stored;

    private final Payloads payloads;

    private final MessageShape shape;

    /**
     * @param stored counts and reads what the brokers stored
     * @param payloads the topic, prebuilt keys and bodies
     * @param shape how each send builds its message, as in the measured runs
     */
    StoredCheck(StoredMessages stored, Payloads payloads, MessageShape shape) {
        this.stored = stored;
        this.payloads = payloads;
        this.shape = shape;
    }

    /**
     * Runs the check.
     * @param client the client
     * @param sizes the body sizes
     * @return a one-line summary
     * @throws IllegalStateException naming the first difference
     */
    String check(BenchClient client, List<Integer> sizes) throws InterruptedException {
        boolean sync = client.unsupported(Scenario.Mode.SYNC_1) == null;
        boolean oneway = client.unsupported(Scenario.Mode.ONEWAY) == null;
        int counted = 0;
        int readBack = 0;
        for (int size : sizes) {
            RunMessages messages = RunMessages.of(this.shape, this.payloads, size,
                    "check-" + client.name() + "-" + size);
            if (sync) {
                readBack += syncReadBack(client, messages);
                counted += PER_MODE;
            }
            counted += async(client, messages);
            if (oneway) {
                long before = this.stored.count();
                for (int i = 0; i < PER_MODE; i++) {
                    client.sendOneway(messages, i);
                }
                expectStored(client, "oneway", size, before, PER_MODE);
                counted += PER_MODE;
            }
        }
        if (!sync) {
            return client.name() + ": " + counted + " async messages counted in the store; not read back (its "
                    + "messages are identical copies of pre-encoded frames)";
        }
        return client.name() + ": " + counted + " sync/async/oneway messages counted in the store, " + readBack
                + " read back with the official consumer and equal (key, tag, body, UNIQ_KEY"
                + ((this.shape == MessageShape.REALISTIC) ? ", user properties tenant, region, traceId)" : ")");
    }

    /**
     * Sends sync messages, counts them in the store and reads a sample back.
     * @return how many were read back
     */
    private int syncReadBack(BenchClient client, RunMessages messages) throws InterruptedException {
        byte[] body = messages.body();
        long before = this.stored.count();
        List<BenchClient.Sent> sent = new ArrayList<>();
        for (int i = 0; i < PER_MODE; i++) {
            sent.add(client.sendForCheck(messages, i));
        }
        expectStored(client, "sync", messages.size(), before, PER_MODE);
        int readBack = 0;
        for (int i = 0; i < sent.size(); i += SAMPLE_EVERY) {
            BenchClient.Sent one = sent.get(i);
            MessageExt message = this.stored.read(one.broker(), one.queueId(), one.queueOffset());
            String where = client.name() + " " + Scenario.sizeLabel(messages.size()) + " message " + one;
            if (message == null) {
                throw new IllegalStateException("Stored check failed: " + where + " is not in the store");
            }
            String key = messages.key(i);
            require(key.equals(message.getKeys()), where, "key", key, message.getKeys());
            require(Payloads.TAG.equals(message.getTags()), where, "tag", Payloads.TAG, message.getTags());
            String uniqueKey = message.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
            require(one.messageId().equals(uniqueKey), where, "UNIQ_KEY", one.messageId(), uniqueKey);
            require(Arrays.equals(body, message.getBody()), where, "body", body.length + " bytes",
                    message.getBody().length + " different bytes");
            if (this.shape == MessageShape.REALISTIC) {
                requireProperty(message, MessageShape.TENANT, MessageShape.tenant(i), where);
                requireProperty(message, MessageShape.REGION, MessageShape.REGION_VALUE, where);
                requireProperty(message, MessageShape.TRACE_ID, MessageShape.traceId(i), where);
            }
            readBack++;
        }
        return readBack;
    }

    /**
     * Sends async calls ({@value #PER_MODE} for a producer, 2 batches for a client that
     * sends many messages per call) and counts their messages in the store.
     * @return the messages counted
     */
    private int async(BenchClient client, RunMessages messages) throws InterruptedException {
        int perCall = client.messagesPerCall();
        int calls = (perCall == 1) ? PER_MODE : 2;
        long before = this.stored.count();
        CountDownLatch done = new CountDownLatch(calls);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < calls; i++) {
            client.sendAsync(messages, i * perCall, System.nanoTime(), (start, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                done.countDown();
            });
        }
        if (!done.await(30, TimeUnit.SECONDS) || failure.get() != null) {
            throw new IllegalStateException("Stored check failed: " + client.name() + " async sends of "
                    + Scenario.sizeLabel(messages.size()) + " did not all succeed: " + failure.get());
        }
        expectStored(client, "async", messages.size(), before, calls * perCall);
        return calls * perCall;
    }

    private void expectStored(BenchClient client, String mode, int size, long before, int expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long count = this.stored.count() - before;
        while (count < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
            count = this.stored.count() - before;
        }
        if (count != expected) {
            throw new IllegalStateException("Stored check failed: " + client.name() + " sent " + expected + " " + mode
                    + " messages of " + Scenario.sizeLabel(size) + " and the brokers stored " + count);
        }
    }

    private static void requireProperty(MessageExt message, String name, String expected, String where) {
        String actual = message.getUserProperty(name);
        require(expected.equals(actual), where, "user property " + name, expected, actual);
    }

    private static void require(boolean ok, String where, String what, Object expected, Object actual) {
        if (!ok) {
            throw new IllegalStateException(
                    "Stored check failed: " + where + " has " + what + " " + actual + ", expected " + expected);
        }
    }

}
