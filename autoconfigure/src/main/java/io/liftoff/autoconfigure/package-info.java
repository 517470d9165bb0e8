/**
 * Auto-configuration of the Liftoff RocketMQ producer:
 * {@link io.liftoff.autoconfigure.RocketMQAutoConfiguration}, the {@code rocketmq.*}
 * {@link io.liftoff.autoconfigure.RocketMQProperties properties}, connection details, the
 * customizer callbacks, the {@link io.liftoff.autoconfigure.ProducerLifecycle lifecycle}
 * that starts the producer with the context and closes it on shutdown, and the failure
 * analyzers that turn a wrong setting or a failed fail-fast check into a start-up report.
 * Health, the actuator endpoint, metrics, observations and the embedded broker live in
 * sub-packages, each switched on by its own auto-configuration.
 */
@NullMarked
package io.liftoff.autoconfigure;

import org.jspecify.annotations.NullMarked;
