package io.liftoff.client.internal.remoting;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.liftoff.client.ResponseCodes;
import io.liftoff.client.internal.route.TopicRouteData;
import io.liftoff.client.internal.route.TopicRouteParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decodes frames captured byte for byte from a real RocketMQ 5.3.3 NameServer and broker
 * (started in-process, answered over a raw socket) and stored as hex under
 * {@code src/test/resources/captured}.
 */
class CapturedResponsesTests {

    @Test
    void aRouteAnsweredInStandardJsonDecodesIntoTypedRecords() throws IOException {
        RemotingCommand response = decode("route-standard-json.hex");

        assertThat(response.isResponse()).isTrue();
        assertThat(response.code()).isEqualTo(ResponseCodes.SUCCESS);
        assertThat(response.version()).isEqualTo(479);
        assertThat(response.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"brokerAddrs\":{\"0\":");
        TopicRouteData route = TopicRouteParser.parse(response.body());
        assertThat(route.brokerDatas()).singleElement().satisfies((broker) -> {
            assertThat(broker.brokerName()).isEqualTo("broker-a");
            assertThat(broker.masterAddress()).startsWith("127.0.0.1:");
        });
        assertThat(route.queueDatas()).singleElement().satisfies((queues) -> {
            assertThat(queues.writeQueueNums()).isEqualTo(2);
            assertThat(queues.writeable()).isTrue();
        });
    }

    @Test
    void aRouteAnsweredToAnOldVersionHasUnquotedKeysAndStillParses() throws IOException {
        RemotingCommand response = decode("route-unquoted-keys.hex");

        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"brokerAddrs\":{0:");
        assertThat(TopicRouteParser.parse(response.body()).brokerDatas().get(0).masterAddress())
            .startsWith("127.0.0.1:");
    }

    @Test
    void anUnknownTopicIsAnErrorCodeWithARemark() throws IOException {
        RemotingCommand response = decode("route-topic-not-exist.hex");

        assertThat(response.code()).isEqualTo(ResponseCodes.TOPIC_NOT_EXIST);
        assertThat(response.remark()).startsWith("No topic route info in name server for the topic: no-such-topic");
        assertThat(response.body()).isNull();
    }

    @Test
    void aSendAnswerCarriesTheOffsetIdQueueAndOffsetAsStrings() throws IOException {
        for (String file : new String[] { "send-success.hex", "send-success-binary-request.hex" }) {
            RemotingCommand response = decode(file);

            assertThat(response.code()).isEqualTo(ResponseCodes.SUCCESS);
            assertThat(response.opaque()).isEqualTo(7);
            assertThat(response.ext("msgId")).hasSize(32).startsWith("7F000001");
            assertThat(response.ext("queueId")).isEqualTo("0");
            assertThat(response.ext("queueOffset")).matches("\\d+");
            assertThat(response.ext("MSG_REGION")).isEqualTo("DefaultRegion");
        }
    }

    @Test
    void anUnsupportedRequestCodeIsRefusedWithCodeThree() throws IOException {
        RemotingCommand response = decode("unsupported-code.hex");

        assertThat(response.code()).isEqualTo(ResponseCodes.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(response.remark()).contains("4242");
    }

    private static RemotingCommand decode(String name) throws IOException {
        try (InputStream in = CapturedResponsesTests.class.getResourceAsStream("/captured/" + name)) {
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            ByteBuf buf = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
            RemotingCommand command = FrameCodec.decode(buf, 16 * 1024 * 1024);
            assertThat(buf.isReadable()).as("whole frame consumed").isFalse();
            return command;
        }
    }

}
