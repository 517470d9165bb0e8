package io.liftoff.client.internal.send;

import io.liftoff.client.Producer;

/**
 * Lets tests outside this package read what a producer built by
 * {@link Producer#builder()} holds inside.
 */
public final class ProducerInternals {

    private ProducerInternals() {
    }

    /**
     * Counts the compressed bodies a producer holds in pooled buffers.
     * @param producer a producer from {@link Producer#builder()}
     * @return the bodies allocated and not released yet
     */
    public static int pooledBodiesHeld(Producer producer) {
        return ((DefaultProducer) producer).remoting().pooledBodiesHeld();
    }

    /**
     * Counts the request frames that callers' threads wrote to a socket themselves.
     * @param producer a producer from {@link Producer#builder()}
     * @return the frames written so far
     */
    public static long framesWrittenByCallers(Producer producer) {
        return ((DefaultProducer) producer).remoting().framesWrittenByCallers();
    }

    /**
     * Lists the addresses a producer has a connection open or opening to.
     * @param producer a producer from {@link Producer#builder()}
     * @return the addresses
     */
    public static java.util.Set<String> connectedAddresses(Producer producer) {
        return ((DefaultProducer) producer).remoting().connectedAddresses();
    }

}
