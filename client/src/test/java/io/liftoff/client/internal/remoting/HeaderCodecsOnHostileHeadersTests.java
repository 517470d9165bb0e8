package io.liftoff.client.internal.remoting;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import io.liftoff.client.MalformedFrameException;
import io.liftoff.client.testing.HostileBytes;
import io.liftoff.client.testing.PropertyCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the two header codecs, {@link JsonHeaderReader} and
 * {@link BinaryHeaderCodec}: a random valid command survives a round trip; a hostile
 * header (random, or a valid one mutated) is read or refused with
 * {@link MalformedFrameException}, and never read past its end; a reader kept across
 * headers, as a connection keeps one, reads each exactly as a new one does.
 */
class HeaderCodecsOnHostileHeadersTests {

    private static final String[] JSON_TOKENS = { "{", "}", "[", "]", ":", ",", "\"", "\\", "\"code\"", "\"opaque\"",
            "\"flag\"", "\"version\"", "\"language\"", "\"remark\"", "\"extFields\"", "\"msgId\"", "\"queueId\"",
            "\"JAVA\"", "\"GO\"", "null", "true", "false", "0", "-1", "1.5e3", "2147483647", "2147483648",
            "-2147483649", "99999999999999999999", "\"12345\"", "\"0123\"", "\"\\u00e9\"", "\"\\ud83d\\ude80\"",
            "\"\\x\"", "\"\\u12\"", " ", "\n", "\t", "\u00e9", "\u0001" };

    @Test
    void randomCommandsSurviveARoundTripThroughEitherHeader() {
        PropertyCheck.forAll("random commands round-trip through both headers", 4_000, (random) -> {
            boolean binary = random.nextBoolean();
            return new Object[] { RandomCommands.command(random, binary),
                    binary ? SerializeType.ROCKETMQ : SerializeType.JSON };
        }, (pair) -> {
            RemotingCommand command = (RemotingCommand) pair[0];
            byte[] frame = RandomCommands.frame(command, (SerializeType) pair[1]);
            HostileFrames.assertSameCommand(FrameCodec.decode(Unpooled.wrappedBuffer(frame), Integer.MAX_VALUE),
                    command);
        });
    }

    @Test
    void mutatedJsonHeadersAreReadWithinTheirLengthOrRefusedAsMalformed() {
        PropertyCheck.forAllBytes("mutated JSON headers are read or refused as malformed", 8_000,
                (random) -> HostileBytes.mutate(random, header(RandomCommands.command(random, false), false)),
                (header) -> readJson(header, new JsonHeaderReader()));
    }

    @Test
    void jsonTokenSoupIsReadWithinItsLengthOrRefusedAsMalformed() {
        PropertyCheck.forAllBytes("JSON token soup is read or refused as malformed", 10_000,
                HeaderCodecsOnHostileHeadersTests::tokenSoup, (header) -> readJson(header, new JsonHeaderReader()));
    }

    @Test
    void aReaderKeptAcrossHostileHeadersReadsEachAsANewReaderDoes() {
        JsonHeaderReader kept = new JsonHeaderReader();
        PropertyCheck.forAllBytes("a kept JSON reader reads hostile headers as a new one does", 4_000, (random) -> {
            byte[] header = header(RandomCommands.command(random, false), false);
            return random.nextBoolean() ? HostileBytes.mutate(random, header) : header;
        }, (header) -> {
            RemotingCommand fresh = readJson(header, new JsonHeaderReader());
            RemotingCommand again = readJson(header, kept);
            if (fresh == null) {
                assertThat(again).isNull();
            }
            else {
                HostileFrames.assertSameCommand(again, fresh);
            }
        });
    }

    @Test
    void mutatedBinaryHeadersAreReadWithinTheirLengthOrRefusedAsMalformed() {
        PropertyCheck.forAllBytes("mutated binary headers are read or refused as malformed", 6_000,
                (random) -> HostileBytes.mutate(random, header(RandomCommands.command(random, true), true)),
                HeaderCodecsOnHostileHeadersTests::readBinary);
    }

    @Test
    void binaryHeadersWithForgedLengthsAreReadWithinTheirLengthOrRefusedAsMalformed() {
        PropertyCheck.forAllBytes("binary headers with forged lengths are read or refused as malformed", 8_000,
                HeaderCodecsOnHostileHeadersTests::forgedBinaryHeader, HeaderCodecsOnHostileHeadersTests::readBinary);
    }

    @Test
    void aBinaryHeaderWhoseRemarkFillsItIsMalformedNotReadPastItsEnd() {
        // 13 fixed bytes, a remark length of 4, and the 4 bytes of the remark: no room
        // left
        // for the extFields length.
        ByteBuf header = Unpooled.buffer()
            .writeShort(0)
            .writeByte(0)
            .writeShort(479)
            .writeInt(7)
            .writeInt(1)
            .writeInt(4)
            .writeBytes("oops".getBytes(StandardCharsets.US_ASCII));

        assertThat(readBinary(bytes(header))).as("refused").isNull();
    }

    /**
     * Reads a JSON header from a buffer that holds nothing else.
     * @return the command; absent when refused as malformed
     */
    private static RemotingCommand readJson(byte[] header, JsonHeaderReader reader) {
        ByteBuf in = Unpooled.wrappedBuffer(header);
        try {
            RemotingCommand command = reader.readHeader(in, header.length, null);
            assertThat(in.readerIndex()).as("index after the header").isEqualTo(header.length);
            return command;
        }
        catch (MalformedFrameException ex) {
            assertThat(ex.getMessage()).startsWith("JSON header does not parse");
            return null;
        }
    }

    /**
     * Reads a binary header from a buffer that holds nothing else: a read past its end
     * fails.
     * @return the command; absent when refused as malformed
     */
    private static RemotingCommand readBinary(byte[] header) {
        ByteBuf in = Unpooled.wrappedBuffer(header);
        try {
            RemotingCommand command = BinaryHeaderCodec.decode(in, header.length, null);
            assertThat(in.readerIndex()).as("index after the header").isEqualTo(header.length);
            return command;
        }
        catch (MalformedFrameException ex) {
            assertThat(ex.getMessage()).startsWith("Binary header");
            return null;
        }
    }

    /** A command's header bytes, without the frame's two leading ints and its body. */
    private static byte[] header(RemotingCommand command, boolean binary) {
        ByteBuf out = Unpooled.buffer();
        if (binary) {
            BinaryHeaderCodec.encode(command, out);
        }
        else {
            JsonHeaderCodec.encode(command, out);
        }
        return bytes(out);
    }

    private static byte[] tokenSoup(SplittableRandom random) {
        StringBuilder soup = new StringBuilder(random.nextBoolean() ? "{" : "");
        int tokens = random.nextInt(40);
        for (int i = 0; i < tokens; i++) {
            soup.append(JSON_TOKENS[random.nextInt(JSON_TOKENS.length)]);
        }
        if (random.nextBoolean()) {
            soup.append('}');
        }
        return soup.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] forgedBinaryHeader(SplittableRandom random) {
        ByteBuf out = Unpooled.buffer();
        out.writeShort(random.nextInt()).writeByte(random.nextInt()).writeShort(random.nextInt());
        out.writeInt(random.nextInt()).writeInt(random.nextInt());
        byte[] remark = HostileBytes.randomBytes(random, 12);
        out.writeInt(random.nextInt(3) == 0 ? HostileBytes.extremeInt(random) : remark.length).writeBytes(remark);
        ByteBuf ext = Unpooled.buffer();
        int entries = random.nextInt(4);
        for (int i = 0; i < entries; i++) {
            byte[] key = HostileBytes.randomBytes(random, 8);
            byte[] value = HostileBytes.randomBytes(random, 8);
            ext.writeShort(random.nextInt(4) == 0 ? HostileBytes.extremeInt(random) : key.length).writeBytes(key);
            ext.writeInt(random.nextInt(4) == 0 ? HostileBytes.extremeInt(random) : value.length).writeBytes(value);
        }
        out.writeInt(random.nextInt(3) == 0 ? HostileBytes.extremeInt(random) : ext.readableBytes()).writeBytes(ext);
        byte[] header = bytes(out);
        return (random.nextInt(4) == 0) ? java.util.Arrays.copyOf(header, random.nextInt(header.length + 1)) : header;
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

}
