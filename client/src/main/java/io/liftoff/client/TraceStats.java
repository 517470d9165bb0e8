package io.liftoff.client;

/**
 * What message trace did so far, counted in trace records (one per traced send, one per
 * message of a batch): all zero while tracing is off.
 *
 * @param written records in trace messages the broker stored
 * @param dropped records dropped because the queue was full, or still queued when the
 * producer closed
 * @param failed records in trace messages that could not be sent
 */
public record TraceStats(long written, long dropped, long failed) {

    /** No records: what a producer without tracing reports. */
    public static final TraceStats NONE = new TraceStats(0, 0, 0);

}
