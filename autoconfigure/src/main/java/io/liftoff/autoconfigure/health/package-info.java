/**
 * The {@code rocketmq} health indicator, built from a bounded NameServer check and the
 * producer's snapshot, and its auto-configuration
 * ({@code management.health.rocketmq.enabled}).
 */
@NullMarked
package io.liftoff.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
