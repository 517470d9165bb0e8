package io.liftoff.client.internal.remoting;

import io.liftoff.client.TransportOptions.HeaderFormat;
import io.netty.buffer.ByteBuf;

/**
 * Lets the JMH benchmarks encode frames with either header format through the client's package-private
 * {@link FrameCodec#encode} and {@link FrameEncoder}'s buffer estimate. Lives in the benchmarks module only.
 */
public final class FrameCodecAccess {

    private FrameCodecAccess() {
    }

    /**
     * Encodes a whole frame as the producer's pipeline does.
     *
     * @param command the command
     * @param format the header format
     * @param out the buffer
     */
    public static void encode(RemotingCommand command, HeaderFormat format, ByteBuf out) {
        FrameCodec.encode(command, SerializeType.of(format), out);
    }

    /**
     * The initial buffer size the producer's encoder asks the allocator for.
     *
     * @param command the command
     * @return bytes
     */
    public static int estimate(RemotingCommand command) {
        return 256 + command.bodyLength() + 24 * command.extFields().size();
    }

    /**
     * A pooled body as the producer takes one for a compressed message.
     *
     * @param capacity its capacity
     * @return an empty body; the caller releases it
     */
    public static PooledBody pooledBody(int capacity) {
        return new PooledBody(io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(capacity, capacity),
                new java.util.concurrent.atomic.AtomicInteger());
    }
}
