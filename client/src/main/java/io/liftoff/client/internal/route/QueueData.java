package io.liftoff.client.internal.route;

/**
 * A topic's queues on one broker, as the NameServer reports them.
 *
 * @param brokerName the broker group
 * @param readQueueNums number of read queues
 * @param writeQueueNums number of write queues
 * @param perm permission bits (4 read, 2 write, 1 inherit)
 * @param topicSysFlag topic system flag
 */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {

    /** Permission bit: readable. */
    public static final int PERM_READ = 4;

    /** Permission bit: writeable. */
    public static final int PERM_WRITE = 2;

    /**
     * @return whether producers may write to these queues
     */
    public boolean writeable() {
        return (this.perm & PERM_WRITE) != 0;
    }
}
