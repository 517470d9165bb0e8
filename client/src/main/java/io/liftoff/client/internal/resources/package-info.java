/**
 * The threads producers run on, owned by one producer or shared by several
 * ({@link io.liftoff.client.ClientResources}).
 * <p>
 * Internal: not part of Liftoff's API, whatever the Java visibility. Any release may
 * change it (see docs/compatibility-policy.md).
 */
@NullMarked
package io.liftoff.client.internal.resources;

import org.jspecify.annotations.NullMarked;
