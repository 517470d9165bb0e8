package io.liftoff.client.internal.trace;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one trace message: the producer's own send path, untraced and unchecked (the
 * trace topic is usually a system topic, which applications may not send to).
 */
@FunctionalInterface
public interface TraceTransport {

    /**
     * Starts sending a trace message; must not block.
     * @param topic the trace topic as the application names it
     * @param keys the message's keys (the traced message ids and keys)
     * @param body the joined records, UTF-8
     * @return completed when the broker stored it, exceptionally when it could not be
     * sent
     */
    CompletableFuture<?> send(String topic, Collection<String> keys, byte[] body);

}
