package io.liftoff.client.internal.remoting;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.liftoff.client.MalformedFrameException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTests {

    private static final int MAX = 16 * 1024 * 1024;

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void roundTripKeepsEveryHeaderFieldAndTheBody(SerializeType type) {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("a", "group-1");
        ext.put("i", "WAIT\u0001true\u0002UNIQ_KEY\u0001ABC\u0002TAGS\u0001tag \"quoted\" \\ back\u0002");
        ext.put("unicode", "h\u00e9llo \u4e16\u754c \ud83d\ude80");
        ext.put("newline", "line1\nline2\ttab\r");
        byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
        RemotingCommand command = new RemotingCommand(310, LanguageCode.JAVA, 479, -42, RemotingCommand.FLAG_ONEWAY,
                "a remark with \u0001 and \u00e9", ext, body);

        RemotingCommand decoded = roundTrip(command, type);

        assertThat(decoded.code()).isEqualTo(310);
        assertThat(decoded.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(decoded.version()).isEqualTo(479);
        assertThat(decoded.opaque()).isEqualTo(-42);
        assertThat(decoded.flag()).isEqualTo(RemotingCommand.FLAG_ONEWAY);
        assertThat(decoded.remark()).isEqualTo(command.remark());
        assertThat(decoded.extFields()).isEqualTo(ext);
        assertThat(decoded.body()).isEqualTo(body);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void roundTripKeepsTheExtremesOfEveryIntField(SerializeType type) {
        for (int value : new int[] { Integer.MIN_VALUE, -1_000_000_007, -10, -1, 0, 9, 10, 99, 100, 1_000_000_000,
                Integer.MAX_VALUE }) {
            // The binary header carries code and version in 16 bits (and refuses more).
            int narrow = (type == SerializeType.JSON) ? value : 310;
            RemotingCommand command = new RemotingCommand(narrow, LanguageCode.JAVA, narrow, value, 0, null, null,
                    null);

            RemotingCommand decoded = roundTrip(command, type);

            assertThat(decoded.code()).isEqualTo(narrow);
            assertThat(decoded.version()).isEqualTo(narrow);
            assertThat(decoded.opaque()).isEqualTo(value);
        }
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void roundTripOfAResponseWithoutExtFieldsOrBody(SerializeType type) {
        RemotingCommand decoded = roundTrip(RemotingCommand.response(17, 5, null), type);

        assertThat(decoded.isResponse()).isTrue();
        assertThat(decoded.code()).isEqualTo(17);
        assertThat(decoded.opaque()).isEqualTo(5);
        assertThat(decoded.remark()).isNull();
        assertThat(decoded.extFields()).isEmpty();
        assertThat(decoded.body()).isNull();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void anArrayBackedHeaderEncodesLikeAMapAndSkipsNullValues(SerializeType type) {
        HeaderFields fields = new HeaderFields(new String[] { "a", "b", "i" },
                new String[] { "group", null, "TAGS\u0001\ud83d\ude80 \u00e9\u0002" });
        RemotingCommand command = RemotingCommand.request(310, fields, null).withOpaque(3);

        RemotingCommand decoded = roundTrip(command, type);

        assertThat(decoded.extFields()).isEqualTo(Map.of("a", "group", "i", "TAGS\u0001\ud83d\ude80 \u00e9\u0002"));
        assertThat(fields).isEqualTo(Map.of("a", "group", "i", "TAGS\u0001\ud83d\ude80 \u00e9\u0002"));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void utf8AndNumberValuesEncodeExactlyAsTheSameValuesGivenAsStrings(SerializeType type) {
        String text = "q\"uote \\ back\u0001\u0002\n\u001f h\u00e9 \u4e16 \ud83d\ude80 \u007f";
        HeaderFields typed = new HeaderFields(new String[] { "i", "g", "n" },
                new Object[] { text.getBytes(StandardCharsets.UTF_8), 1_764_000_000_123L, -5L });
        HeaderFields strings = new HeaderFields(new String[] { "i", "g", "n" },
                new String[] { text, "1764000000123", "-5" });

        ByteBuf typedFrame = Unpooled.buffer();
        ByteBuf stringFrame = Unpooled.buffer();
        FrameCodec.encode(RemotingCommand.request(310, typed, null).withOpaque(9), type, typedFrame);
        FrameCodec.encode(RemotingCommand.request(310, strings, null).withOpaque(9), type, stringFrame);

        assertThat(ByteBufUtil.getBytes(typedFrame)).isEqualTo(ByteBufUtil.getBytes(stringFrame));
        assertThat(FrameCodec.decode(typedFrame, MAX).extFields()).isEqualTo(strings).isEqualTo(typed);
    }

    @Test
    void aHeaderValueOfAnotherTypeIsRefused() {
        assertThatThrownBy(() -> new HeaderFields(new String[] { "a" }, new Object[] { 42 }))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("java.lang.Integer");
    }

    @Test
    void jsonHeaderIsWrittenInFastjsonFieldOrder() {
        RemotingCommand command = RemotingCommand.request(105, Map.of("topic", "T"), null).withOpaque(38);
        ByteBuf buf = Unpooled.buffer();
        FrameCodec.encode(command, SerializeType.JSON, buf);
        int headerLength = buf.getInt(4) & 0xFFFFFF;

        String header = buf.toString(8, headerLength, StandardCharsets.UTF_8);

        assertThat(header).isEqualTo("{\"code\":105,\"extFields\":{\"topic\":\"T\"},\"flag\":0,\"language\":\"JAVA\","
                + "\"opaque\":38,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}");
        assertThat(buf.getInt(0)).isEqualTo(buf.readableBytes() - 4);
        assertThat(buf.getByte(4)).isZero();
    }

    @Test
    void binaryHeaderHasTheDocumentedLayout() {
        RemotingCommand command = RemotingCommand.request(105, Map.of("topic", "T"), null).withOpaque(7);
        ByteBuf buf = Unpooled.buffer();
        FrameCodec.encode(command, SerializeType.ROCKETMQ, buf);

        assertThat(buf.getByte(4)).isEqualTo((byte) 1);
        ByteBuf header = buf.slice(8, buf.getInt(4) & 0xFFFFFF);
        assertThat(header.readShort()).isEqualTo((short) 105);
        assertThat(header.readByte()).isEqualTo((byte) 0);
        assertThat(header.readShort()).isEqualTo((short) 479);
        assertThat(header.readInt()).isEqualTo(7);
        assertThat(header.readInt()).isZero();
        assertThat(header.readInt()).isZero();
        assertThat(header.readInt()).isEqualTo(2 + 5 + 4 + 1);
        assertThat(header.readShort()).isEqualTo((short) 5);
    }

    @Test
    void decodesAJsonHeaderFromARealBrokerWithStringValuesAndExtraFields() {
        String header = "{\"code\":0,\"extFields\":{\"queueId\":\"0\",\"transactionId\":\"AC11000100002A9F00000000000000AA\","
                + "\"msgId\":\"7F00000100009FCF0000000000000000\",\"TRACE_ON\":\"true\",\"MSG_REGION\":\"DefaultRegion\","
                + "\"queueOffset\":\"0\"},\"flag\":1,\"language\":\"JAVA\",\"opaque\":7,"
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}";

        RemotingCommand decoded = decode(frame(0, header.getBytes(StandardCharsets.UTF_8), new byte[0]));

        assertThat(decoded.isResponse()).isTrue();
        assertThat(decoded.opaque()).isEqualTo(7);
        assertThat(decoded.ext("msgId")).isEqualTo("7F00000100009FCF0000000000000000");
        assertThat(decoded.ext("queueOffset")).isEqualTo("0");
        assertThat(decoded.body()).isNull();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aPooledBodyIsCopiedIntoEachFrameExactlyAsAnArrayBodyIs(SerializeType format) throws Exception {
        byte[] body = "pooled body bytes".getBytes(StandardCharsets.UTF_8);
        try (RemotingClient client = new RemotingClient(io.liftoff.client.TransportOptions.defaults(), "pooled")) {
            PooledBody pooled = pooled(client, body);
            RemotingCommand withPooled = withBody(310, pooled);
            ByteBuf expected = encodedWithArray(310, body, format);

            for (int attempt = 0; attempt < 2; attempt++) {
                ByteBuf frame = Unpooled.buffer();
                FrameCodec.encode(withPooled, format, frame);
                assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(ByteBufUtil.getBytes(expected));
            }
            assertThat(withPooled.bodyLength()).isEqualTo(body.length);
            assertThat(client.pooledBodiesHeld()).isOne();
            pooled.release();
            assertThat(client.pooledBodiesHeld()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aLargePooledBodyIsSharedWithEachFrameNotCopiedAndOutlivesTheFramesUntilReleased(SerializeType format)
            throws Exception {
        byte[] body = new byte[FrameCodec.SHARED_BODY_MIN + 100];
        new java.util.Random(7).nextBytes(body);
        try (RemotingClient client = new RemotingClient(io.liftoff.client.TransportOptions.defaults(), "shared")) {
            PooledBody pooled = pooled(client, body);
            RemotingCommand withPooled = withBody(320, pooled);
            ByteBuf expected = encodedWithArray(320, body, format);

            for (int attempt = 0; attempt < 2; attempt++) {
                ByteBuf frame = FrameCodec.encode(withPooled, format, ByteBufAllocator.DEFAULT);
                try {
                    assertThat(frame).isInstanceOf(CompositeByteBuf.class);
                    assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(ByteBufUtil.getBytes(expected));
                    ByteBuf copy = frame.copy();
                    try {
                        assertThat(FrameCodec.decode(copy, MAX).body()).isEqualTo(body);
                    }
                    finally {
                        copy.release();
                    }
                }
                finally {
                    frame.release();
                }
            }
            assertThat(pooled.readable().remaining()).as("the body after its frames were written")
                .isEqualTo(body.length);
            assertThat(client.pooledBodiesHeld()).isOne();
            pooled.release();
            assertThat(client.pooledBodiesHeld()).isZero();
        }
    }

    @Test
    void aSmallPooledBodyIsCopiedIntoAFrameOfItsOwn() throws Exception {
        try (RemotingClient client = new RemotingClient(io.liftoff.client.TransportOptions.defaults(), "small")) {
            PooledBody pooled = pooled(client, new byte[] { 1, 2, 3 });
            RemotingCommand command = withBody(310, pooled);

            ByteBuf frame = FrameCodec.encode(command, SerializeType.ROCKETMQ, ByteBufAllocator.DEFAULT);
            try {
                assertThat(frame).isNotInstanceOf(CompositeByteBuf.class);
                assertThat(FrameCodec.decode(frame, MAX).body()).containsExactly(1, 2, 3);
            }
            finally {
                frame.release();
                pooled.release();
            }
        }
    }

    private static PooledBody pooled(RemotingClient client, byte[] body) {
        PooledBody pooled = client.allocateBody(body.length);
        pooled.writable().put(body);
        pooled.written(body.length);
        return pooled;
    }

    private static RemotingCommand withBody(int code, PooledBody body) {
        return new RemotingCommand(code, LanguageCode.JAVA, RemotingCommand.VERSION, 9, 0, null, Map.of("a", "g"), null,
                body);
    }

    private static ByteBuf encodedWithArray(int code, byte[] body, SerializeType format) {
        ByteBuf expected = Unpooled.buffer();
        FrameCodec.encode(RemotingCommand.request(code, Map.of("a", "g"), body).withOpaque(9), format, expected);
        return expected;
    }

    @Test
    void waitsForTheWholeFrameBeforeDecoding() {
        ByteBuf full = Unpooled.buffer();
        FrameCodec.encode(RemotingCommand.request(34, Map.of(), new byte[100]), SerializeType.JSON, full);
        ByteBuf partial = full.copy(0, full.readableBytes() - 1);

        assertThat(FrameCodec.decode(partial, MAX)).isNull();
        assertThat(partial.readerIndex()).isZero();
        assertThat(FrameCodec.decode(full, MAX)).isNotNull();
        assertThat(full.isReadable()).isFalse();
    }

    @Test
    void rejectsAFrameLongerThanTheMaximumBeforeReadingIt() {
        ByteBuf buf = Unpooled.buffer().writeInt(MAX + 1).writeInt(10);

        assertThatThrownBy(() -> FrameCodec.decode(buf, MAX)).isInstanceOf(MalformedFrameException.class)
            .hasMessageContaining("exceeds the maximum of 16777216");
    }

    @Test
    void rejectsANegativeFrameLength() {
        ByteBuf buf = Unpooled.buffer().writeInt(-1);

        assertThatThrownBy(() -> FrameCodec.decode(buf, MAX)).isInstanceOf(MalformedFrameException.class)
            .hasMessageContaining("below the 4-byte minimum");
    }

    @Test
    void rejectsAHeaderLengthLargerThanTheFrame() {
        ByteBuf buf = Unpooled.buffer().writeInt(8).writeInt(100).writeInt(0);

        assertThatThrownBy(() -> FrameCodec.decode(buf, MAX)).isInstanceOf(MalformedFrameException.class)
            .hasMessageContaining("Header length 100 exceeds");
    }

    @Test
    void rejectsANegativeHeaderWordAsAnUnknownSerializeType() {
        ByteBuf buf = Unpooled.buffer().writeInt(8).writeInt(-5).writeInt(0);

        assertThatThrownBy(() -> FrameCodec.decode(buf, MAX)).isInstanceOf(MalformedFrameException.class)
            .hasMessageContaining("Unknown serialize type 255");
    }

    @Test
    void rejectsAnUnknownSerializeType() {
        ByteBuf buf = frame(7, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]);

        assertThatThrownBy(() -> FrameCodec.decode(buf, MAX)).isInstanceOf(MalformedFrameException.class)
            .hasMessageContaining("Unknown serialize type 7");
    }

    @Test
    void rejectsGarbageJson() {
        ByteBuf buf = frame(0, "{\"code\":1,\"flag\":}garbage".getBytes(StandardCharsets.UTF_8), new byte[0]);

        assertThatThrownBy(() -> FrameCodec.decode(buf, MAX)).isInstanceOf(MalformedFrameException.class)
            .hasMessageContaining("JSON header does not parse");
    }

    @Test
    void rejectsABinaryHeaderWhoseExtLengthOverrunsTheHeader() {
        ByteBuf header = Unpooled.buffer()
            .writeShort(0)
            .writeByte(0)
            .writeShort(479)
            .writeInt(1)
            .writeInt(1)
            .writeInt(0)
            .writeInt(1000);
        byte[] bytes = new byte[header.readableBytes()];
        header.readBytes(bytes);

        assertThatThrownBy(() -> FrameCodec.decode(frame(1, bytes, new byte[0]), MAX))
            .isInstanceOf(MalformedFrameException.class)
            .hasMessageContaining("extFields length 1000 does not fit");
    }

    static ByteBuf frame(int type, byte[] header, byte[] body) {
        return Unpooled.buffer()
            .writeInt(4 + header.length + body.length)
            .writeInt((type << 24) | header.length)
            .writeBytes(header)
            .writeBytes(body);
    }

    private static RemotingCommand roundTrip(RemotingCommand command, SerializeType type) {
        ByteBuf buf = Unpooled.buffer();
        FrameCodec.encode(command, type, buf);
        return decode(buf);
    }

    private static RemotingCommand decode(ByteBuf buf) {
        RemotingCommand decoded = FrameCodec.decode(buf, MAX);
        assertThat(buf.isReadable()).isFalse();
        return decoded;
    }

}
