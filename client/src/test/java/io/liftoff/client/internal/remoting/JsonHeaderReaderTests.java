package io.liftoff.client.internal.remoting;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.liftoff.client.MalformedFrameException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonHeaderReaderTests {

    @Test
    void readsEveryFieldWithWhitespaceEscapesAndUnicode() {
        RemotingCommand command = read(
                " {\n \"code\" : 13 , \"extFields\" : { \"k\\\"q\" : \"a\\u0001b\\u0002\\n\\t\\\\\","
                        + " \"uni\" : \"h\u00e9llo \u4e16 \\ud83d\\ude80\", \"num\" : 42, \"bool\" : true, \"gone\" : null,"
                        + " \"nested\" : {\"x\":[1,{\"y\":\"}\"}]} }, \"flag\" : 1, \"language\" : \"GO\", \"opaque\" : -7,"
                        + " \"remark\" : \"line\\r\\nnext \\/ slash\", \"serializeTypeCurrentRPC\" : \"JSON\","
                        + " \"unknown\" : [true, false, null, -1.5e3, {\"a\":{}}, []], \"version\" : 479 }  ");

        assertThat(command.code()).isEqualTo(13);
        assertThat(command.flag()).isEqualTo(1);
        assertThat(command.language()).isEqualTo(LanguageCode.GO);
        assertThat(command.opaque()).isEqualTo(-7);
        assertThat(command.version()).isEqualTo(479);
        assertThat(command.remark()).isEqualTo("line\r\nnext / slash");
        assertThat(command.extFields()).isEqualTo(Map.of("k\"q", "a\u0001b\u0002\n\t\\", "uni",
                "h\u00e9llo \u4e16 \ud83d\ude80", "num", "42", "bool", "true"));
    }

    @Test
    void acceptsNumbersWrittenAsStringsAndNullsAndEmptyObjects() {
        RemotingCommand command = read("{\"code\":\"17\",\"extFields\":{},\"flag\":\"1\",\"language\":null,"
                + "\"opaque\":\"2147483647\",\"remark\":null}");

        assertThat(command.code()).isEqualTo(17);
        assertThat(command.opaque()).isEqualTo(Integer.MAX_VALUE);
        assertThat(command.language()).isEqualTo(LanguageCode.OTHER);
        assertThat(command.remark()).isNull();
        assertThat(command.extFields()).isEmpty();
    }

    @Test
    void sharesTheNamesOfCommonBrokerFields() {
        RemotingCommand command = read("{\"code\":0,\"extFields\":{\"msgId\":\"AB\",\"queueOffset\":\"3\"}}");

        String name = command.extFields().keySet().stream().filter("msgId"::equals).findFirst().orElseThrow();
        assertThat(name).isSameAs("msgId");
        assertThat(command.ext("queueOffset")).isEqualTo("3");
    }

    @Test
    void aNameRepeatedInExtFieldsKeepsItsLastValueAsFastjsonDoes() {
        RemotingCommand command = read("{\"code\":0,\"extFields\":{\"queueId\":\"1\",\"msgId\":\"AB\","
                + "\"queueId\":\"3\",\"k\":\"v\",\"k\":null}}");

        assertThat(command.ext("queueId")).isEqualTo("3");
        assertThat(command.ext("k")).isNull();
        assertThat(command.extFields()).hasSize(2).isEqualTo(Map.of("queueId", "3", "msgId", "AB"));
    }

    @Test
    void growsPastEightCustomHeaderFields() {
        StringBuilder json = new StringBuilder("{\"extFields\":{");
        for (int i = 0; i < 20; i++) {
            json.append((i > 0) ? "," : "").append("\"k").append(i).append("\":\"v").append(i).append('"');
        }
        RemotingCommand command = read(json.append("}}").toString());

        assertThat(command.extFields()).hasSize(20).containsEntry("k19", "v19");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "[]", "{", "{\"code\":}", "{\"code\":1.5}", "{\"code\":99999999999}", "{\"code\":1,}",
            "{\"code\" 1}", "{code:1}", "{\"remark\":\"unterminated}", "{\"remark\":\"bad \\x\"}",
            "{\"remark\":\"\\u12\"}", "{\"extFields\":[1]}", "{\"a\":tru}", "{\"code\":1} trailing",
            "{\"remark\":\"raw\u0001control\"}" })
    void rejectsWhatIsNotAValidHeader(String json) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(MalformedFrameException.class)
            .hasMessageContaining("JSON header does not parse");
    }

    @Test
    void aReaderKeptAcrossHeadersSharesRepeatedValuesAndStillReadsEachValueRight() {
        JsonHeaderReader reader = new JsonHeaderReader();
        String firstRegion = null;
        for (int i = 0; i < 500; i++) {
            String json = "{\"code\":0,\"extFields\":{\"MSG_REGION\":\"DefaultRegion\",\"queueId\":\"" + (i % 7)
                    + "\",\"queueOffset\":\"" + (1000 + i) + "\",\"v\":\"v" + i + "\",\"u\":\"\u00e9" + i
                    + "\",\"zero\":\"0" + (100 + i) + "\",\"big\":\"" + (1_000_000_000_000_000_000L + i)
                    + "\"},\"language\":\"JAVA\",\"opaque\":" + i + "}";
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            ByteBuf buf = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
            RemotingCommand command;
            try {
                command = reader.readHeader(buf, bytes.length, null);
            }
            finally {
                buf.release();
            }

            assertThat(command.opaque()).isEqualTo(i);
            assertThat(command.language()).isEqualTo(LanguageCode.JAVA);
            assertThat(command.ext("queueId")).isEqualTo(Integer.toString(i % 7));
            assertThat(command.ext("queueOffset")).isEqualTo(Integer.toString(1000 + i));
            assertThat(command.extLong("queueOffset", -1)).isEqualTo(1000 + i);
            assertThat(command.extLong("missing", -1)).isEqualTo(-1);
            assertThat(command.ext("zero")).isEqualTo("0" + (100 + i));
            assertThat(command.ext("big")).isEqualTo(Long.toString(1_000_000_000_000_000_000L + i));
            assertThat(command.extLong("big", -1)).isEqualTo(1_000_000_000_000_000_000L + i);
            assertThat(command.ext("v")).isEqualTo("v" + i);
            assertThat(command.ext("u")).isEqualTo("\u00e9" + i);
            if (firstRegion == null) {
                firstRegion = command.ext("MSG_REGION");
            }
            assertThat(command.ext("MSG_REGION")).isEqualTo("DefaultRegion");
        }
        assertThat(firstRegion).isEqualTo("DefaultRegion");
    }

    @Test
    void stopsAtTheHeaderEndAndLeavesTheBodyAlone() {
        byte[] header = "{\"code\":0}".getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer()
            .writeBytes(header)
            .writeBytes("{\"not\":\"header\"}".getBytes(StandardCharsets.UTF_8));

        RemotingCommand command = JsonHeaderReader.read(buf, header.length, null);

        assertThat(command.code()).isZero();
        assertThat(buf.readerIndex()).isEqualTo(header.length);
    }

    @Test
    void oneReaderReadsHeadersOfEverySizeInTurnAndLeavesEachBufferRightAfterItsHeader() {
        JsonHeaderReader reader = new JsonHeaderReader();
        String ids = "0A0B0C0D00002A9F00000000000000FF,".repeat(9_000);
        for (String value : new String[] { "small", ids, "after-a-large-one", ids.substring(0, 2_000), "x" }) {
            String json = "{\"code\":0,\"extFields\":{\"msgId\":\"" + value + "\"},\"opaque\":5}";
            byte[] header = json.getBytes(StandardCharsets.UTF_8);
            ByteBuf frame = Unpooled.directBuffer().writeInt(99).writeBytes(header).writeBytes(new byte[] { 1, 2 });
            try {
                frame.skipBytes(4);
                RemotingCommand command = reader.readHeader(frame, header.length, null);

                assertThat(command.ext("msgId")).isEqualTo(value);
                assertThat(command.opaque()).isEqualTo(5);
                assertThat(frame.readerIndex()).isEqualTo(4 + header.length);
            }
            finally {
                frame.release();
            }
        }
    }

    @Test
    void aHeaderCutShortAfterALongerOneIsMalformedNotReadFromTheLongerOnesBytes() {
        JsonHeaderReader reader = new JsonHeaderReader();
        String full = "{\"code\":0,\"extFields\":{\"msgId\":\"" + "A".repeat(3_000) + "\"},\"opaque\":5}";
        readWith(reader, full);

        assertThatThrownBy(() -> readWith(reader, full.substring(0, full.length() - 20)))
            .isInstanceOf(MalformedFrameException.class);
    }

    private static RemotingCommand readWith(JsonHeaderReader reader, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        try {
            return reader.readHeader(buffer, bytes.length, null);
        }
        finally {
            buffer.release();
        }
    }

    private static RemotingCommand read(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        try {
            return JsonHeaderReader.read(direct, bytes.length, null);
        }
        finally {
            direct.release();
        }
    }

}
