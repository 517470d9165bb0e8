/**
 * Topic routes from the NameServers: fetching, parsing and caching them, and the queues a
 * topic is published to.
 * <p>
 * Internal: not part of Liftoff's API, whatever the Java visibility. Any release may
 * change it (see docs/compatibility-policy.md).
 */
@NullMarked
package io.liftoff.client.internal.route;

import org.jspecify.annotations.NullMarked;
