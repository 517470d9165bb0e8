/**
 * How {@link io.liftoff.embedded.EmbeddedRocketMQ} runs RocketMQ in-process: the
 * NameServer and broker nodes, loopback port reservation, RocketMQ's system properties
 * and log forwarding, and the helpers that start and stop nodes in parallel and wait for
 * them.
 * <p>
 * Internal: not part of Liftoff's API, whatever the Java visibility. Any release may
 * change it (see docs/compatibility-policy.md).
 */
@NullMarked
package io.liftoff.embedded.internal;

import org.jspecify.annotations.NullMarked;
