package io.liftoff.client.internal.remoting;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import io.liftoff.client.MalformedFrameException;
import io.liftoff.client.testing.HostileBytes;
import io.liftoff.client.testing.PropertyCheck;
import io.liftoff.client.testing.ThreadAllocations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Properties of {@link FrameCodec#decode} over random bytes and over mutations of frames
 * captured from a real broker: a decode returns a whole frame, waits for more bytes
 * without consuming any, or throws {@link MalformedFrameException}, and never allocates
 * what a forged length asks for.
 */
class FrameDecodingOfHostileBytesTests {

    private static final int MAX = 16 * 1024 * 1024;

    private static final int[] MAX_FRAME_LENGTHS = { 1024, 64 * 1024, MAX, Integer.MAX_VALUE - 8, Integer.MAX_VALUE };

    /**
     * Room for an exception with its stack trace and message: far below any forged
     * length.
     */
    private static final long ALLOCATION_SLACK = 256 * 1024;

    @Test
    void randomBytesDecodeIntoWholeFramesOrAreAwaitedOrRefusedAsMalformed() {
        PropertyCheck.forAllBytes("random bytes decode, wait or fail as malformed", 20_000,
                (random) -> HostileBytes.randomBytes(random, 300), (stream) -> decodeAll(stream, MAX));
    }

    @Test
    void mutatedCapturedFramesDecodeIntoWholeFramesOrAreAwaitedOrRefusedAsMalformed() {
        List<byte[]> seeds = HostileFrames.seeds();
        PropertyCheck.forAllBytes("mutated captured frames decode, wait or fail as malformed", 30_000,
                (random) -> HostileBytes.mutate(random, seeds.get(random.nextInt(seeds.size()))),
                (stream) -> decodeAll(stream, MAX));
    }

    @Test
    void framesBeforeAMutatedOneInTheStreamDecodeUnchanged() {
        List<byte[]> seeds = HostileFrames.seeds();
        PropertyCheck.forAll("frames before a mutated one decode unchanged", 5_000, (random) -> {
            byte[][] frames = new byte[1 + random.nextInt(4)][];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = seeds.get(random.nextInt(seeds.size()));
            }
            int mutated = random.nextInt(frames.length);
            frames[mutated] = HostileBytes.mutate(random, frames[mutated]);
            return new Stream(frames, mutated);
        }, (stream) -> {
            ByteBuf in = Unpooled.wrappedBuffer(stream.frames());
            JsonHeaderReader reader = new JsonHeaderReader();
            for (int i = 0; i < stream.mutated(); i++) {
                RemotingCommand command = FrameCodec.decode(in, MAX, reader);
                HostileFrames.assertSameCommand(command,
                        FrameCodec.decode(Unpooled.wrappedBuffer(stream.frames()[i]), MAX));
            }
            decodeAll(in, MAX, reader);
        });
    }

    @Test
    void aForgedLengthIsAwaitedOrRefusedWithoutAllocatingIt() {
        assertThat(ThreadAllocations.supported()).as("per-thread allocation counting").isTrue();
        PropertyCheck.forAll("a forged length allocates nothing in proportion to it", 10_000,
                FrameDecodingOfHostileBytesTests::forgedFrame, (forged) -> {
                    ByteBuf in = Unpooled.wrappedBuffer(forged.bytes());
                    JsonHeaderReader reader = new JsonHeaderReader();
                    long before = ThreadAllocations.allocatedSoFar();
                    try {
                        FrameCodec.decode(in, forged.maxFrameLength(), reader);
                    }
                    catch (MalformedFrameException ex) {
                        // refused: fine
                    }
                    long allocated = ThreadAllocations.allocatedSoFar() - before;
                    assertThat(allocated).as("bytes allocated decoding %s", forged)
                        .isLessThanOrEqualTo(ALLOCATION_SLACK + 4L * forged.bytes().length);
                });
    }

    @Test
    void aFrameClaimingAlmostTwoGibibytesIsAwaitedWhenTheMaximumAllowsIt() {
        ByteBuf in = Unpooled.buffer().writeInt(Integer.MAX_VALUE - 2).writeInt(0).writeBytes(new byte[] { '{', '}' });

        AtomicReference<RemotingCommand> command = new AtomicReference<>();

        // Caught, out of memory included: the decoder once allocated the claimed length.
        Throwable failure = catchThrowable(() -> command.set(FrameCodec.decode(in, Integer.MAX_VALUE)));

        assertThat(failure).isNull();
        assertThat(command.get()).as("not whole yet: waits for more bytes").isNull();
        assertThat(in.readerIndex()).isZero();
    }

    /**
     * Decodes every frame of a stream the way the channel's decoder does, with one JSON
     * reader for the stream, and checks what each decode consumed.
     */
    private static void decodeAll(byte[] stream, int maxFrameLength) {
        decodeAll(Unpooled.wrappedBuffer(stream), maxFrameLength, new JsonHeaderReader());
    }

    private static void decodeAll(ByteBuf in, int maxFrameLength, JsonHeaderReader reader) {
        while (true) {
            int start = in.readerIndex();
            RemotingCommand command;
            try {
                command = FrameCodec.decode(in, maxFrameLength, reader);
            }
            catch (MalformedFrameException ex) {
                assertThat(ex.getMessage()).isNotBlank();
                return;
            }
            if (command == null) {
                assertThat(in.readerIndex()).as("nothing consumed while waiting").isEqualTo(start);
                return;
            }
            int length = in.getInt(start);
            assertThat(in.readerIndex() - start).as("a whole frame consumed").isEqualTo(4 + length);
            int headerLength = in.getInt(start + 4) & 0xFFFFFF;
            assertThat(command.bodyLength()).isEqualTo(length - 4 - headerLength);
        }
    }

    private static ForgedFrame forgedFrame(SplittableRandom random) {
        int length = random.nextBoolean() ? HostileBytes.extremeInt(random)
                : Integer.MAX_VALUE - random.nextInt(1 << 20);
        int typeAndHeader = random.nextBoolean() ? (random.nextInt(2) << 24) | random.nextInt(1 << 24)
                : HostileBytes.extremeInt(random);
        byte[] rest = HostileBytes.randomBytes(random, 64);
        int cut = random.nextInt(9);
        byte[] bytes = new byte[8 + rest.length];
        HostileBytes.putInt(bytes, 0, length);
        HostileBytes.putInt(bytes, 4, typeAndHeader);
        System.arraycopy(rest, 0, bytes, 8, rest.length);
        byte[] sent = (cut < 8 && random.nextInt(4) == 0) ? java.util.Arrays.copyOf(bytes, cut) : bytes;
        return new ForgedFrame(sent, MAX_FRAME_LENGTHS[random.nextInt(MAX_FRAME_LENGTHS.length)]);
    }

    private record Stream(byte[][] frames, int mutated) {

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("frames (mutated: #" + this.mutated + ")");
            for (byte[] frame : this.frames) {
                text.append(' ').append(java.util.HexFormat.of().formatHex(frame));
            }
            return text.toString();
        }

    }

    private record ForgedFrame(byte[] bytes, int maxFrameLength) {

        @Override
        public String toString() {
            return "frame " + java.util.HexFormat.of().formatHex(this.bytes) + " with maxFrameLength "
                    + this.maxFrameLength;
        }

    }

}
