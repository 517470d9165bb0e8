package io.liftoff.client.internal.remoting;

import org.jspecify.annotations.Nullable;

/**
 * Handles a request that a server sent to this client on one of its connections (for
 * example the broker's transaction check-back). Runs on the client's callback executor,
 * never on an I/O thread.
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * Handles a request.
     * @param request the request
     * @param remoteAddress the {@code host:port} of the server that sent it
     * @return the response to write back, absent for none (always ignored for oneway
     * requests)
     */
    @Nullable RemotingCommand handle(RemotingCommand request, String remoteAddress);

}
