package io.liftoff.client.internal.remoting;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * An NIO socket channel whose socket a thread outside the event loop may write to, so
 * that a caller that is going to wait for an answer anyway writes its request itself
 * instead of waking the loop to do it. {@link Connection} decides when that is safe: only
 * while Netty has nothing of its own to write on the channel, and never at the same time
 * as the loop.
 */
final class DirectNioSocketChannel extends NioSocketChannel {

    /**
     * Writes as much of {@code bytes} as the socket takes now, without blocking.
     * @param bytes the bytes, from their position
     * @return how many bytes were written, possibly 0
     * @throws IOException when the socket fails
     */
    int writeNow(ByteBuffer bytes) throws IOException {
        return javaChannel().write(bytes);
    }

    /**
     * @return whether Netty has no bytes of its own waiting to be written: safe to read
     * from any thread
     */
    boolean nothingQueued() {
        ChannelOutboundBuffer queued = unsafe().outboundBuffer();
        return queued != null && queued.totalPendingWriteBytes() == 0;
    }

}
