/**
 * The {@code rocketmq.send} observation of {@link io.liftoff.spring.MessageTemplate}
 * sends, declared as data: its documentation enum with the key names, its sender context
 * (whose carrier is the message being built, so that the trace context lands in its user
 * properties) and its convention, with the default one.
 */
@NullMarked
package io.liftoff.spring.observation;

import org.jspecify.annotations.NullMarked;
