/**
 * Spring messaging on top of the Liftoff client:
 * {@link io.liftoff.spring.MessageOperations} and its
 * {@link io.liftoff.spring.MessageTemplate}, which send payloads and Spring messages to a
 * {@code topic} or {@code topic:tag} destination, with payload conversion (JSON through
 * Jackson by default) and header mapping to RocketMQ keys, tag, delay and user
 * properties.
 */
@NullMarked
package io.liftoff.spring;

import org.jspecify.annotations.NullMarked;
