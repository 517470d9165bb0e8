/**
 * A real Apache RocketMQ NameServer and brokers started in-process, for tests and
 * development: {@link io.liftoff.embedded.EmbeddedRocketMQ} with its builder, the
 * {@link io.liftoff.embedded.BrokerCustomizer} hook, and
 * {@link io.liftoff.embedded.StoredMessages} to read back what the brokers stored.
 */
@NullMarked
package io.liftoff.embedded;

import org.jspecify.annotations.NullMarked;
