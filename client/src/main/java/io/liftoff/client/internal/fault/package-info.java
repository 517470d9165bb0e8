/**
 * Where a send goes: memory of broker faults (latency, failures, isolation) and the queue
 * choice around them.
 */
@NullMarked
package io.liftoff.client.internal.fault;

import org.jspecify.annotations.NullMarked;
