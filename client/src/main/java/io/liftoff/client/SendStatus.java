package io.liftoff.client;

/**
 * How a broker stored a message. Every status but {@link #SEND_OK} still means the
 * message is stored; the others say that a flush or replication guarantee was not met in
 * time.
 */
public enum SendStatus {

    /** Stored, with every configured guarantee met. */
    SEND_OK,

    /** Stored, but the synchronous flush to disk timed out. */
    FLUSH_DISK_TIMEOUT,

    /** Stored, but the slave did not confirm in time. */
    FLUSH_SLAVE_TIMEOUT,

    /** Stored, but no slave was available for synchronous replication. */
    SLAVE_NOT_AVAILABLE

}
