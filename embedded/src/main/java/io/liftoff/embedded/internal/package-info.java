/**
 * How {@link io.liftoff.embedded.EmbeddedRocketMQ} runs RocketMQ in-process: the
 * NameServer and broker nodes, loopback port reservation, RocketMQ's system properties
 * and log forwarding, and the helpers that start and stop nodes in parallel and wait for
 * them. Not API.
 */
@NullMarked
package io.liftoff.embedded.internal;

import org.jspecify.annotations.NullMarked;
