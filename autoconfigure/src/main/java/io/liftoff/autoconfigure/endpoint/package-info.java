/**
 * The {@code rocketmq} actuator endpoint (routes, broker health, the configuration with
 * secrets masked, per-queue send counts, a route refresh), its auto-configuration, and
 * the sanitizing function that masks RocketMQ credentials in the {@code env} and
 * {@code configprops} endpoints.
 */
@NullMarked
package io.liftoff.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
