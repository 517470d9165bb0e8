/**
 * Micrometer meters of the producer (send timers, attempt counters, message sizes, route
 * refreshes, broker and in-flight gauges), fed by a
 * {@link io.liftoff.client.ProducerListener}, and their auto-configuration.
 */
@NullMarked
package io.liftoff.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
