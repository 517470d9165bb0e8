package io.liftoff.client.internal.remoting;

import java.util.ArrayList;
import java.util.List;

import io.liftoff.client.testing.HostileBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames for the hostile-input properties of the remoting package: the frames captured
 * from a real broker in both header formats, and a field-by-field comparison of decoded
 * commands (a record's equality compares body arrays by identity).
 */
final class HostileFrames {

    private HostileFrames() {
    }

    /** The captured frames, and the same commands with binary headers. */
    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>(HostileBytes.capturedFrames());
        for (byte[] frame : HostileBytes.capturedFrames()) {
            RemotingCommand command = FrameCodec.decode(Unpooled.wrappedBuffer(frame), Integer.MAX_VALUE);
            ByteBuf binary = Unpooled.buffer();
            FrameCodec.encode(command, SerializeType.ROCKETMQ, binary);
            byte[] bytes = new byte[binary.readableBytes()];
            binary.readBytes(bytes);
            seeds.add(bytes);
        }
        return seeds;
    }

    /**
     * Checks that a decoded command has every field of the expected one.
     * @param actual the command decoded
     * @param expected the command it should equal
     */
    static void assertSameCommand(RemotingCommand actual, RemotingCommand expected) {
        assertThat(actual).isNotNull();
        assertThat(actual.code()).isEqualTo(expected.code());
        assertThat(actual.language()).isEqualTo(expected.language());
        assertThat(actual.version()).isEqualTo(expected.version());
        assertThat(actual.opaque()).isEqualTo(expected.opaque());
        assertThat(actual.flag()).isEqualTo(expected.flag());
        assertThat(actual.remark()).isEqualTo(expected.remark());
        assertThat(actual.extFields()).isEqualTo(expected.extFields());
        assertThat(actual.body()).isEqualTo(expected.body());
    }

}
