/**
 * RocketMQ remoting on Netty: frames, header codecs, connections, and the client that
 * sends requests on them.
 */
@NullMarked
package io.liftoff.client.internal.remoting;

import org.jspecify.annotations.NullMarked;
