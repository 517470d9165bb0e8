package io.liftoff.client.internal.remoting;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Splits the inbound byte stream into {@link RemotingCommand}s. A malformed frame raises
 * a {@link io.liftoff.client.MalformedFrameException} once; everything after it is
 * discarded, since the stream can no longer be trusted (the connection handler closes the
 * channel).
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameLength;

    private final JsonHeaderReader jsonReader = new JsonHeaderReader();

    private boolean broken;

    FrameDecoder(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (this.broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            RemotingCommand command = FrameCodec.decode(in, this.maxFrameLength, this.jsonReader);
            if (command != null) {
                out.add(command);
            }
        }
        catch (RuntimeException ex) {
            this.broken = true;
            in.skipBytes(in.readableBytes());
            throw ex;
        }
    }

}
