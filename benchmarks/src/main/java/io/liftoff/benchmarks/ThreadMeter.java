package io.liftoff.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time and heap allocation of chosen threads between two points, from
 * {@link com.sun.management.ThreadMXBean}. A window sums, over the threads alive at its
 * end, what each used since the window began (threads born inside the window count from
 * zero). A thread that dies inside a window loses its share, so the load tool keeps every
 * thread it measures alive for the whole run.
 */
final class ThreadMeter {

    private final com.sun.management.ThreadMXBean threads;

    private final com.sun.management.OperatingSystemMXBean os;

    ThreadMeter() {
        this.threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!this.threads.isThreadCpuTimeSupported() || !this.threads.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("This JVM cannot measure per-thread CPU time and allocation");
        }
        this.threads.setThreadCpuTimeEnabled(true);
        this.threads.setThreadAllocatedMemoryEnabled(true);
        this.os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    /**
     * @return the live threads' names by id
     */
    Map<Long, String> names() {
        long[] ids = this.threads.getAllThreadIds();
        ThreadInfo[] infos = this.threads.getThreadInfo(ids, 0);
        Map<Long, String> names = new LinkedHashMap<>();
        for (ThreadInfo info : infos) {
            if (info != null) {
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return names;
    }

    /**
     * @return the highest live thread id: threads created later have higher ids
     */
    long highestThreadId() {
        long highest = 0;
        for (long id : this.threads.getAllThreadIds()) {
            highest = Math.max(highest, id);
        }
        return highest;
    }

    /**
     * Reads every live thread's CPU time and allocated bytes, and the process's CPU time.
     * @return the sample
     */
    Sample sample() {
        long processCpu = this.os.getProcessCpuTime();
        Map<Long, String> names = names();
        long[] ids = names.keySet().stream().mapToLong(Long::longValue).toArray();
        long[] cpu = this.threads.getThreadCpuTime(ids);
        long[] allocated = this.threads.getThreadAllocatedBytes(ids);
        Map<Long, long[]> usage = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            usage.put(ids[i], new long[] { cpu[i], allocated[i] });
        }
        return new Sample(names, usage, processCpu);
    }

    /** Decides which threads a figure counts. */
    interface ThreadFilter {

        boolean test(long id, String name);

    }

    /**
     * What some threads used between two samples.
     *
     * @param cpuNanos CPU time
     * @param allocatedBytes heap bytes allocated
     * @param threads how many threads were counted
     */
    record Usage(long cpuNanos, long allocatedBytes, int threads) {
    }

    /**
     * Every live thread's CPU time and allocation at one moment.
     *
     * @param names thread names by id
     * @param usage CPU nanoseconds and allocated bytes by thread id
     * @param processCpuNanos the process's CPU time (every thread, also GC, JIT and
     * threads that ended), -1 where the JVM cannot tell
     */
    record Sample(Map<Long, String> names, Map<Long, long[]> usage, long processCpuNanos) {

        /**
         * @param start the earlier sample
         * @return the process's CPU time from {@code start} to this sample, -1 when
         * unknown
         */
        long processCpuSince(Sample start) {
            return (this.processCpuNanos < 0 || start.processCpuNanos < 0) ? -1
                    : this.processCpuNanos - start.processCpuNanos;
        }

        /**
         * Sums what the threads passing {@code filter} used from {@code start} to this
         * sample.
         * @param start the earlier sample
         * @param filter the threads to count
         * @return the usage
         */
        Usage since(Sample start, ThreadFilter filter) {
            long cpu = 0;
            long allocated = 0;
            int count = 0;
            for (Map.Entry<Long, long[]> entry : this.usage.entrySet()) {
                long id = entry.getKey();
                if (!filter.test(id, this.names.get(id))) {
                    continue;
                }
                long[] before = start.usage.getOrDefault(id, new long[] { 0, 0 });
                long[] after = entry.getValue();
                if (after[0] >= 0 && before[0] >= 0) {
                    cpu += after[0] - before[0];
                }
                if (after[1] >= 0 && before[1] >= 0) {
                    allocated += after[1] - before[1];
                }
                count++;
            }
            return new Usage(cpu, allocated, count);
        }
    }

}
