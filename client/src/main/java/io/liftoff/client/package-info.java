/**
 * Liftoff's public API: {@link io.liftoff.client.Producer} and its
 * {@link io.liftoff.client.ProducerBuilder}, {@link io.liftoff.client.Message} and
 * {@link io.liftoff.client.SendResult}, the immutable option classes grouped by concern
 * ({@link io.liftoff.client.SendOptions},
 * {@link io.liftoff.client.FaultToleranceOptions}, ...), shared
 * {@link io.liftoff.client.ClientResources}, the
 * {@link io.liftoff.client.ProducerListener} event SPI, and the exceptions a send throws,
 * all subclasses of {@link io.liftoff.client.LiftoffException}. Everything else lives in
 * {@code io.liftoff.client.internal} and is not API. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.liftoff.client;

import org.jspecify.annotations.NullMarked;
