/**
 * Logging helpers shared by the client's internals.
 */
@NullMarked
package io.liftoff.client.internal.logging;

import org.jspecify.annotations.NullMarked;
