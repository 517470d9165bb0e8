package io.liftoff.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** What the microbenchmarks encode: the load tool's topic, tag, key shape and bodies. */
final class Fixtures {

    static final String TOPIC = "liftoff-bench";

    static final String TAG = "bench";

    static final String KEY = "order-1000001";

    static final String GROUP = "bench-liftoff";

    static final String BROKER = "broker-a";

    private Fixtures() {
    }

    /** JSON-like text that compresses 3 to 4 times, as the load tool sends. */
    static byte[] body(int size) {
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
