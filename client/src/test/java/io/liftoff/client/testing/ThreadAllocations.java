package io.liftoff.client.testing;

import java.lang.management.ManagementFactory;

/**
 * Counts the heap bytes the calling thread allocates (HotSpot's per-thread allocation
 * counter): what a property needs to show that a decoder did not allocate what a forged
 * length asked for.
 */
public final class ThreadAllocations {

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
        .getThreadMXBean();

    private ThreadAllocations() {
    }

    /**
     * @return whether the JVM counts allocations per thread
     */
    public static boolean supported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /**
     * @return the bytes the calling thread allocated so far
     */
    public static long allocatedSoFar() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

}
