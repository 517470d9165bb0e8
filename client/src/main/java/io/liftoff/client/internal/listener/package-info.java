/**
 * Calls to {@link io.liftoff.client.ProducerListener}s, each guarded once.
 * <p>
 * Internal: not part of Liftoff's API, whatever the Java visibility. Any release may
 * change it (see docs/compatibility-policy.md).
 */
@NullMarked
package io.liftoff.client.internal.listener;

import org.jspecify.annotations.NullMarked;
