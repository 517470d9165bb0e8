package io.liftoff.client.internal.remoting;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.liftoff.client.MalformedFrameException;
import io.liftoff.client.TransportOptions;
import io.liftoff.client.testing.HostileBytes;
import io.liftoff.client.testing.PropertyCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's inbound pipeline, built by {@link ChannelSetup#initPipeline} on an
 * {@link EmbeddedChannel}, fed streams of real frames with garbage among them, cut in
 * random chunks: it delivers the frames before the garbage exactly as a decode of the
 * whole stream does, then raises one {@link MalformedFrameException} and delivers nothing
 * more.
 */
class InboundPipelineOnGarbageTests {

    private static final int MAX = TransportOptions.DEFAULT_MAX_FRAME_LENGTH;

    private final ChannelSetup setup = new ChannelSetup(TransportOptions.defaults(), Transports.choose(false),
            List.of());

    @Test
    void framesBeforeGarbageArriveAndTheGarbageRaisesOneMalformedFrameWhateverTheChunks() {
        List<byte[]> seeds = HostileFrames.seeds();
        PropertyCheck.forAll("the pipeline stops at the first bad frame, whatever the chunks", 1_500,
                (random) -> stream(random, seeds), this::checkPipeline);
    }

    private void checkPipeline(Stream stream) {
        Outcome expected = decodeWhole(stream.bytes());
        Recorder recorder = new Recorder();
        EmbeddedChannel channel = new EmbeddedChannel();
        this.setup.initPipeline("peer:10911", channel.pipeline());
        channel.pipeline().addLast(recorder);
        int at = 0;
        for (int cut : stream.cuts()) {
            channel.writeInbound(Unpooled.wrappedBuffer(stream.bytes(), at, cut - at));
            at = cut;
        }
        channel.writeInbound(Unpooled.wrappedBuffer(stream.bytes(), at, stream.bytes().length - at));
        channel.checkException();

        assertThat(recorder.afterFailure).as("frames delivered after the garbage").isEmpty();
        assertThat(recorder.commands).hasSameSizeAs(expected.commands());
        for (int i = 0; i < expected.commands().size(); i++) {
            HostileFrames.assertSameCommand(recorder.commands.get(i), expected.commands().get(i));
        }
        if (expected.failure() == null) {
            assertThat(recorder.failures).isEmpty();
        }
        else {
            assertThat(recorder.failures).singleElement()
                .isInstanceOf(DecoderException.class)
                .extracting(Throwable::getCause)
                .isInstanceOf(MalformedFrameException.class)
                .extracting(Throwable::getMessage)
                .isEqualTo(expected.failure().getMessage());
        }
        channel.finishAndReleaseAll();
    }

    private static Outcome decodeWhole(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        JsonHeaderReader reader = new JsonHeaderReader();
        List<RemotingCommand> commands = new ArrayList<>();
        while (true) {
            try {
                RemotingCommand command = FrameCodec.decode(in, MAX, reader);
                if (command == null) {
                    return new Outcome(commands, null);
                }
                commands.add(command);
            }
            catch (MalformedFrameException ex) {
                return new Outcome(commands, ex);
            }
        }
    }

    /** Real frames, one of them mutated or followed by random bytes, and where to cut. */
    private static Stream stream(SplittableRandom random, List<byte[]> seeds) {
        ByteBuf out = Unpooled.buffer();
        int frames = 1 + random.nextInt(5);
        int bad = random.nextInt(frames);
        for (int i = 0; i < frames; i++) {
            boolean binary = random.nextBoolean();
            byte[] frame = random.nextBoolean() ? seeds.get(random.nextInt(seeds.size())) : RandomCommands
                .frame(RandomCommands.command(random, binary), binary ? SerializeType.ROCKETMQ : SerializeType.JSON);
            if (i == bad) {
                frame = random.nextInt(4) == 0 ? HostileBytes.randomBytes(random, 64)
                        : HostileBytes.mutate(random, frame);
            }
            out.writeBytes(frame);
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        int[] cuts = random.ints(random.nextInt(6), 0, bytes.length + 1).sorted().toArray();
        return new Stream(bytes, cuts);
    }

    private record Stream(byte[] bytes, int[] cuts) {

        @Override
        public String toString() {
            return java.util.HexFormat.of().formatHex(this.bytes) + " cut at " + java.util.Arrays.toString(this.cuts);
        }

    }

    private record Outcome(List<RemotingCommand> commands, MalformedFrameException failure) {
    }

    /** Stands where the connection's handler stands: records what reaches it. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {

        final List<RemotingCommand> commands = new ArrayList<>();

        final List<Throwable> failures = new ArrayList<>();

        final List<Object> afterFailure = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!this.failures.isEmpty()) {
                this.afterFailure.add(msg);
                return;
            }
            this.commands.add((RemotingCommand) msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            this.failures.add(cause);
        }

    }

}
