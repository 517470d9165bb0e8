package io.liftoff.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What both clients send: the same topic, tag, key per message index and body array per
 * size. Bodies are JSON-like text with random numbers, compressing about 3 to 4 times,
 * like typical business events; they are built once and shared (neither client modifies a
 * body).
 */
final class Payloads {

    static final String TAG = "bench";

    private final String topic;

    private final String[] keys;

    private final Map<Integer, byte[]> bodies = new HashMap<>();

    Payloads(String topic, int maxCount, int[] sizes) {
        this.topic = topic;
        this.keys = new String[maxCount];
        for (int i = 0; i < maxCount; i++) {
            this.keys[i] = "order-" + (1_000_000 + i);
        }
        for (int size : sizes) {
            this.bodies.put(size, body(size, size));
        }
    }

    String topic() {
        return this.topic;
    }

    /**
     * Returns the key of a message; keys repeat past the largest count.
     * @param index the message's index in its run
     * @return its key
     */
    String key(int index) {
        return this.keys[index % this.keys.length];
    }

    byte[] body(int size) {
        byte[] body = this.bodies.get(size);
        if (body == null) {
            throw new IllegalArgumentException("No body of " + size + " bytes was prepared");
        }
        return body;
    }

    /** A deterministic body of exactly {@code size} bytes. */
    static byte[] body(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] words = { "created", "paid", "shipped", "warehouse", "express", "customer", "coupon", "refund" };
        StringBuilder text = new StringBuilder(size + 128);
        while (text.length() < size) {
            text.append("{\"orderId\":")
                .append(random.nextLong(1_000_000_000L))
                .append(",\"sku\":\"SKU-")
                .append(random.nextInt(100_000))
                .append("\",\"qty\":")
                .append(random.nextInt(1, 10))
                .append(",\"state\":\"")
                .append(words[random.nextInt(words.length)])
                .append("\",\"amount\":")
                .append(random.nextInt(1, 100_000))
                .append('.')
                .append(random.nextInt(10, 100))
                .append("}\n");
        }
        byte[] bytes = new byte[size];
        System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, size);
        return bytes;
    }

}
