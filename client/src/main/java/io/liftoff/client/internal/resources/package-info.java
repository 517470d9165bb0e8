/**
 * The threads producers run on, owned by one producer or shared by several
 * ({@link io.liftoff.client.ClientResources}).
 */
@NullMarked
package io.liftoff.client.internal.resources;

import org.jspecify.annotations.NullMarked;
