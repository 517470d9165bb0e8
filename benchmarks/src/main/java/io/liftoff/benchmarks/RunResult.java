package io.liftoff.benchmarks;

/**
 * One client's run of one scenario in one round.
 *
 * @param client the client's name
 * @param round the round (negative for warm-up rounds)
 * @param calls sends that returned (or, async, completed) without an error
 * @param errors sends that failed
 * @param stored messages the brokers stored during the run
 * @param seconds from the first send until the last acknowledgement (oneway: until the
 * brokers stored the last message)
 * @param rate messages per second: acknowledged ones, or for oneway the stored ones
 * @param p50Micros median latency of a send call (async: until the completion; oneway:
 * until the call returned)
 * @param p99Micros 99th percentile latency
 * @param maxMicros largest latency
 * @param cpuMillisPer1000 CPU time of the client's threads (and its sender threads) per
 * 1,000 messages
 * @param processCpuMicrosPerMessage CPU time of the whole JVM process per message
 * (com.sun.management.OperatingSystemMXBean#getProcessCpuTime): every thread, GC and JIT
 * included, and the brokers too when they run in this JVM
 * @param serversCpuMicrosPerMessage CPU time of the NameServer's and brokers' JVMs per
 * message, when they run as child JVMs ({@code --brokers-as processes}); NaN otherwise
 * @param allocatedBytesPerMessage heap bytes those threads allocated per message
 * @param threads how many threads were counted
 * @param firstError the first failure's description, or {@code null}
 */
record RunResult(String client, int round, long calls, long errors, long stored, double seconds, double rate,
        double p50Micros, double p99Micros, double maxMicros, double cpuMillisPer1000,
        double processCpuMicrosPerMessage, double serversCpuMicrosPerMessage, double allocatedBytesPerMessage,
        int threads, String firstError) {

    /** The metrics compared, in table order. */
    enum Metric {

        RATE("msgs/s", true), P50("p50 us", false), P99("p99 us", false), MAX("max us", false),
        CPU("CPU us/msg", false), PROCESS_CPU("process CPU us/msg", false), SERVERS_CPU("servers CPU us/msg", false),
        ALLOC("alloc B/msg", false);

        final String label;

        final boolean higherIsBetter;

        Metric(String label, boolean higherIsBetter) {
            this.label = label;
            this.higherIsBetter = higherIsBetter;
        }

    }

    double value(Metric metric) {
        return switch (metric) {
            case RATE -> this.rate;
            case P50 -> this.p50Micros;
            case P99 -> this.p99Micros;
            case MAX -> this.maxMicros;
            case CPU -> this.cpuMillisPer1000;
            case PROCESS_CPU -> this.processCpuMicrosPerMessage;
            case SERVERS_CPU -> this.serversCpuMicrosPerMessage;
            case ALLOC -> this.allocatedBytesPerMessage;
        };
    }
}
