/**
 * RocketMQ remoting on Netty: frames, header codecs, connections, and the client that
 * sends requests on them.
 * <p>
 * Internal: not part of Liftoff's API, whatever the Java visibility. Any release may
 * change it (see docs/compatibility-policy.md).
 */
@NullMarked
package io.liftoff.client.internal.remoting;

import org.jspecify.annotations.NullMarked;
