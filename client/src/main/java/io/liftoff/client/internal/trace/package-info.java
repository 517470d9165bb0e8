/**
 * Message trace in the official client's format:
 * {@link io.liftoff.client.internal.trace.Tracer} turns a finished send into a
 * {@link io.liftoff.client.internal.trace.TraceRecord}, and
 * {@link io.liftoff.client.internal.trace.TraceDispatcher} queues records and sends them
 * in batches, on the producer's timer, through a
 * {@link io.liftoff.client.internal.trace.TraceTransport}.
 * <p>
 * Internal: not part of Liftoff's API, whatever the Java visibility. Any release may
 * change it (see docs/compatibility-policy.md).
 */
@NullMarked
package io.liftoff.client.internal.trace;

import org.jspecify.annotations.NullMarked;
