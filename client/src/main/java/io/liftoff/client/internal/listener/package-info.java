/**
 * Calls to {@link io.liftoff.client.ProducerListener}s, each guarded once.
 */
@NullMarked
package io.liftoff.client.internal.listener;

import org.jspecify.annotations.NullMarked;
