package io.liftoff.client.internal.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes each {@link RemotingCommand} as one frame, in one buffer, with the configured
 * header format.
 */
@Sharable
final class FrameEncoder extends MessageToByteEncoder<RemotingCommand> {

    private final SerializeType format;

    FrameEncoder(SerializeType format) {
        super(RemotingCommand.class, true);
        this.format = format;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RemotingCommand command, boolean preferDirect) {
        return ctx.alloc().ioBuffer(FrameCodec.estimateLength(command));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand command, ByteBuf out) {
        FrameCodec.encode(command, this.format, out);
    }

}
