package io.liftoff.client.internal.remoting;

import java.util.concurrent.CompletableFuture;

/**
 * What sends need of the transport: request ids, the three ways to write a request, and
 * pooled buffers for bodies. {@link RemotingClient} is the one used in production; tests
 * of the send path answer requests with an implementation of their own, without a socket.
 */
public interface RequestTransport {

    /**
     * Returns a fresh request id. Never 0.
     * @return the id
     */
    int nextOpaque();

    /**
     * Sends a request and hands the answer, whatever its code, to a callback.
     * @param address the server's {@code host:port}
     * @param request the request
     * @param timeoutMillis how long to wait for the answer, connecting included
     * @param callback completed once with the response or a
     * {@link io.liftoff.client.RemotingException}
     */
    void invoke(String address, RemotingCommand request, long timeoutMillis, ResponseCallback callback);

    /**
     * Sends a request for a caller that blocks until the answer (the caller's thread may
     * write it).
     * @param address the server's {@code host:port}
     * @param request the request
     * @param timeoutMillis how long to wait for the answer, connecting included
     * @param callback completed once with the response or a
     * {@link io.liftoff.client.RemotingException}
     */
    void invokeWaiting(String address, RemotingCommand request, long timeoutMillis, ResponseCallback callback);

    /**
     * Sends a request and completes with the answer, whatever its code.
     * @param address the server's {@code host:port}
     * @param request the request
     * @param timeoutMillis how long to wait for the answer, connecting included
     * @return the answer, or a {@link io.liftoff.client.RemotingException}
     */
    CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, long timeoutMillis);

    /**
     * Sends a oneway request: no answer is read.
     * @param address the server's {@code host:port}
     * @param request the request
     * @param timeoutMillis how long connecting and writing may take
     * @param callback completed once, with {@code null} when written or with why it was
     * not
     */
    void invokeOneway(String address, RemotingCommand request, long timeoutMillis, ResponseCallback callback);

    /**
     * Takes a buffer to hold a request body until the requests that carry it have
     * completed.
     * @param capacity the most bytes the body will take
     * @return an empty body; the caller releases it
     */
    PooledBody allocateBody(int capacity);

    /**
     * Returns the RocketMQ version a server runs, from its first answer on the current
     * connection (connecting if there is none), for features older servers lack.
     * @param address the server's {@code host:port}
     * @return completed with the version ({@code MQVersion} ordinal;
     * {@link #UNKNOWN_VERSION} from a transport that cannot tell), or exceptionally when
     * the connection closed before any answer
     */
    default CompletableFuture<Integer> peerVersion(String address) {
        return CompletableFuture.completedFuture(UNKNOWN_VERSION);
    }

    /** The version of a server that did not say. */
    int UNKNOWN_VERSION = -1;

}
