package io.liftoff.client.internal.remoting;

/** Notified when connections open and close (heartbeats, health). */
public interface ConnectionListener {

    /**
     * A connection became active.
     * @param address the remote {@code host:port}
     */
    default void connected(String address) {
    }

    /**
     * A connection closed or failed to open.
     * @param address the remote {@code host:port}
     */
    default void closed(String address) {
    }

}
