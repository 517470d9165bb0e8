package io.liftoff.client.testing;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * What the JMH microbenchmarks send: the load tool's topic, tag, key shape, group, broker and bodies (the load tool,
 * {@code ProducerBenchmark} in the benchmarks module, sends the same).
 */
public final class BenchmarkFixtures {

    public static final String TOPIC = "liftoff-bench";

    public static final String TAG = "bench";

    public static final String KEY = "order-1000001";

    public static final String GROUP = "bench-liftoff";

    public static final String BROKER = "broker-a";

    private BenchmarkFixtures() {
    }

    /**
     * Returns JSON-like text that compresses 3 to 4 times, as the load tool sends, the same for the same size.
     *
     * @param size the body's length in bytes
     * @return a new body
     */
    public static byte[] body(int size) {
        SplittableRandom random = new SplittableRandom(size);
        StringBuilder text = new StringBuilder(size + 128);
        while (text.length() < size) {
            text.append("{\"orderId\":").append(random.nextLong(1_000_000_000L)).append(",\"sku\":\"SKU-")
                    .append(random.nextInt(100_000)).append("\",\"qty\":").append(random.nextInt(1, 10))
                    .append(",\"state\":\"paid\",\"amount\":").append(random.nextInt(1, 100_000)).append("}\n");
        }
        byte[] body = new byte[size];
        System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, body, 0, size);
        return body;
    }
}
