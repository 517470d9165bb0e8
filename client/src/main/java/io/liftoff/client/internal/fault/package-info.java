/**
 * Where a send goes: memory of broker faults (latency, failures, isolation) and the queue
 * choice around them.
 * <p>
 * Internal: not part of Liftoff's API, whatever the Java visibility. Any release may
 * change it (see docs/compatibility-policy.md).
 */
@NullMarked
package io.liftoff.client.internal.fault;

import org.jspecify.annotations.NullMarked;
