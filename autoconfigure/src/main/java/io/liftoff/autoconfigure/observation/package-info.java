/**
 * Auto-configuration that gives the {@link io.liftoff.spring.MessageTemplate} the
 * application's {@code ObservationRegistry} and observation convention, so that each send
 * is observed, and traced when a tracer is on the classpath.
 */
@NullMarked
package io.liftoff.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
