package io.liftoff.client.internal.send;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import io.liftoff.client.Message;
import io.liftoff.client.SendMode;
import io.liftoff.client.TraceOptions;
import io.liftoff.client.internal.message.EncodedMessage;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.trace.TraceDispatcher;
import io.liftoff.client.internal.trace.TraceTransport;
import io.liftoff.client.internal.trace.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * Sends the producer's own trace messages: async, through a {@link SendOperation} with
 * the usual retries, but not validated (the trace topic is usually a system topic), not
 * batched, not traced, not reported to the listener and holding no in-flight permits (the
 * {@link TraceDispatcher} bounds them). A customized trace topic gets the namespace, the
 * system trace topic does not ({@link Namespaces#wrap}), as in the official client.
 */
final class TraceSends implements TraceTransport {

    private final SendContext context;

    private final MessageEncoder encoder;

    private final @Nullable String namespace;

    private TraceSends(SendContext context, MessageEncoder encoder, @Nullable String namespace) {
        this.context = context.forTraceMessages();
        this.encoder = encoder;
        this.namespace = namespace;
    }

    /**
     * Creates the producer's tracer, when tracing is on.
     * @param config the producer's configuration
     * @param context the producer's send context, without tracer
     * @param encoder encodes trace messages
     * @param brokers where the store host of a broker name is found
     * @param timer runs the dispatcher's flushes
     * @return the tracer; none when tracing is off
     */
    static @Nullable Tracer tracer(ProducerConfig config, SendContext context, MessageEncoder encoder,
            BrokerAddresses brokers, ScheduledExecutorService timer) {
        TraceOptions options = config.trace();
        if (!options.isEnabled()) {
            return null;
        }
        TraceDispatcher dispatcher = new TraceDispatcher(options, new TraceSends(context, encoder, config.namespace()),
                timer);
        return new Tracer(config.group(), options.topic(), brokers::address, config.clock()::millis, dispatcher);
    }

    @Override
    public CompletableFuture<?> send(String topic, Collection<String> keys, byte[] body) {
        EncodedMessage encoded = this.encoder.encode(Message.builder(topic).keys(keys).body(body).build());
        PreparedSend send = new PreparedSend(topic, Namespaces.wrap(this.namespace, topic), encoded.uniqueId(),
                encoded.propertyBytes(), encoded.body(), null, encoded.sysFlag(), encoded.flag(), false);
        return new SendOperation(this.context, send, SendMode.ASYNC, this.context.options().asyncRetries() + 1,
                this.context.options().sendTimeout().toNanos())
            .start()
            .result();
    }

}
