package io.liftoff.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * One load shape: a send mode with its concurrency, a body size and a message count, the
 * same for every client.
 *
 * @param mode how messages are sent
 * @param size the body size in bytes (bodies of 4 KiB or more are compressed by both
 * clients)
 * @param count messages per client per round
 */
record Scenario(Mode mode, int size, int count) {

    /** The sizes of the issue: 128 B, 1 KiB, and 16 KiB (compressed). */
    static final int[] SIZES = { 128, 1024, 16 * 1024 };

    /**
     * @return a short stable name, such as {@code sync-8/1KiB}
     */
    String name() {
        return this.mode.label + "/" + sizeLabel(this.size);
    }

    static String sizeLabel(int size) {
        if (size >= 1024 && size % 1024 == 0) {
            return (size / 1024) + "KiB";
        }
        return size + "B";
    }

    /**
     * Builds the scenario list: every mode with every size, counts scaled so that a full
     * run stays within a few minutes on two cores.
     * @param modes the modes to run
     * @param sizes the sizes to run
     * @param scale multiplies every count
     * @param count messages per client per round in every scenario, overriding the modes'
     * counts and {@code scale}; 0 for the modes' counts
     * @return the scenarios, modes outermost
     */
    static List<Scenario> all(List<Mode> modes, List<Integer> sizes, double scale, int count) {
        List<Scenario> scenarios = new ArrayList<>();
        for (Mode mode : modes) {
            for (int size : sizes) {
                int base = (size >= 16 * 1024) ? mode.largeCount : mode.count;
                int messages = (count > 0) ? count : Math.max(mode.threads * 50, (int) Math.round(base * scale));
                scenarios.add(new Scenario(mode, size, messages));
            }
        }
        return scenarios;
    }

    /** A send mode and its concurrency. */
    enum Mode {

        /** {@code send} from one thread: one request in flight. */
        SYNC_1("sync-1", 1, 0, 4_000, 2_500),

        /** {@code send} from eight threads. */
        SYNC_8("sync-8", 8, 0, 15_000, 6_000),

        /**
         * {@code sendAsync} from one thread, at most 1,024 sends in flight (a semaphore,
         * for both clients).
         */
        ASYNC("async-1024", 1, 1024, 75_000, 15_000),

        /**
         * {@code sendOneway} from one thread; its rate counts messages the brokers
         * stored.
         */
        ONEWAY("oneway", 1, 0, 30_000, 5_000);

        final String label;

        final int threads;

        final int window;

        final int count;

        final int largeCount;

        Mode(String label, int threads, int window, int count, int largeCount) {
            this.label = label;
            this.threads = threads;
            this.window = window;
            this.count = count;
            this.largeCount = largeCount;
        }

        static Mode ofLabel(String label) {
            for (Mode mode : values()) {
                if (mode.label.equalsIgnoreCase(label) || mode.name().equalsIgnoreCase(label)
                        || mode.label.startsWith(label.toLowerCase(java.util.Locale.ROOT) + "-")) {
                    return mode;
                }
            }
            throw new IllegalArgumentException(
                    "Unknown mode '" + label + "'; modes are sync-1, sync-8, async-1024, " + "oneway");
        }

    }
}
