/**
 * Topic routes from the NameServers: fetching, parsing and caching them, and the queues a
 * topic is published to.
 */
@NullMarked
package io.liftoff.client.internal.route;

import org.jspecify.annotations.NullMarked;
