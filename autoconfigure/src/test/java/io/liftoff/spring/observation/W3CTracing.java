package io.liftoff.spring.observation;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * An OpenTelemetry tracer behind Micrometer Tracing, with W3C trace context propagation,
 * recording finished spans in memory: what an application with
 * {@code micrometer-tracing-bridge-otel} has, minus the exporter. Install it on an
 * {@link ObservationRegistry} (a {@code TestObservationRegistry} in tests) to turn
 * observations into spans and to have senders' trace context written into their carriers.
 */
public final class W3CTracing implements AutoCloseable {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();

    private final SdkTracerProvider provider = SdkTracerProvider.builder()
        .setSampler(Sampler.alwaysOn())
        .addSpanProcessor(SimpleSpanProcessor.create(this.spans))
        .build();

    private final OtelTracer tracer;

    private final OtelPropagator propagator;

    /** Creates the tracer. */
    public W3CTracing() {
        io.opentelemetry.api.trace.Tracer otel = this.provider.get("liftoff-tests");
        this.tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), (event) -> {
        });
        this.propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
    }

    /**
     * Makes a registry's observations spans, propagating the context of sender
     * observations and reading it in receiver observations (as Spring Boot's tracing
     * auto-configuration does).
     * @param registry the registry
     * @param <R> its type
     * @return the registry
     */
    public <R extends ObservationRegistry> R install(R registry) {
        registry.observationConfig()
            .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                    new PropagatingSenderTracingObservationHandler<>(this.tracer, this.propagator),
                    new PropagatingReceiverTracingObservationHandler<>(this.tracer, this.propagator),
                    new DefaultTracingObservationHandler(this.tracer)));
        return registry;
    }

    /**
     * @return the spans finished so far, oldest first
     */
    public List<SpanData> finishedSpans() {
        return new ArrayList<>(this.spans.getFinishedSpanItems());
    }

    /**
     * Returns the W3C {@code traceparent} a span's context is written as.
     * @param span the span
     * @return {@code 00-<trace id>-<span id>-01} (sampled)
     */
    public static String traceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-01";
    }

    @Override
    public void close() {
        this.provider.close();
    }

}
