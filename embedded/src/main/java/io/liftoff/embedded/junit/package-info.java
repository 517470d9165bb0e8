/**
 * JUnit Jupiter support: {@link io.liftoff.embedded.junit.WithEmbeddedRocketMQ} starts
 * one embedded RocketMQ per test class through
 * {@link io.liftoff.embedded.junit.EmbeddedRocketMQExtension}, which closes it when the
 * class is done and passes it to parameters of its type.
 */
@NullMarked
package io.liftoff.embedded.junit;

import org.jspecify.annotations.NullMarked;
