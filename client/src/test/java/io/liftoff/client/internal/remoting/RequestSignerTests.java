package io.liftoff.client.internal.remoting;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import io.liftoff.client.Credentials;
import io.liftoff.client.CredentialsProvider;
import io.liftoff.client.LiftoffException;
import io.liftoff.client.TransportOptions;
import io.liftoff.client.internal.send.PreparedSend;
import io.liftoff.client.internal.send.SendRequests;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.AclUtils;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signs requests as Liftoff encodes them and checks each signature twice against
 * RocketMQ's own code: the official client's {@code AclClientRPCHook} signing the same
 * fields and body, and the broker's check ({@code AclUtils} over the frame as the
 * official decoder reads it).
 */
class RequestSignerTests {

    private static final Credentials KEYS = Credentials.of("liftoff-user", "s3cr\u00e9t-key");

    private static final Credentials TOKENED = new Credentials("sts-user", "sts-secret", "token-\u4e16");

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aV2SendRequestIsSignedAsTheOfficialHookSignsIt(SerializeType format) {
        for (Credentials credentials : List.of(KEYS, TOKENED)) {
            RemotingCommand request = v2Request("body \u00e9\u4e16".getBytes(StandardCharsets.UTF_8), null);

            Signed signed = sign(request, format, new RequestSigner(CredentialsProvider.of(credentials)));

            signed.matchesTheOfficialClientAndBroker(credentials);
            assertThat(signed.fields()).containsKeys("a", "b", "g", "i");
        }
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aHeaderFromAMapWithoutBodyAndAnArrayHeaderWithANumberAreSignedAsOfficially(SerializeType format) {
        RequestSigner signer = new RequestSigner(CredentialsProvider.of(TOKENED));
        Map<String, String> map = new HashMap<>();
        map.put("topic", "orders");
        map.put("producerGroup", "PG");
        map.put("Zeta", "upper case sorts first");
        RemotingCommand fromMap = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, map, null).withOpaque(3);
        HeaderFields array = new HeaderFields(new String[] { "commitLogOffset", "msgId", "absent" },
                new Object[] { 1_234_567_890_123L, "C0A8".getBytes(StandardCharsets.UTF_8), null });
        RemotingCommand fromArray = RemotingCommand.request(37, array, null).withOpaque(4);

        sign(fromMap, format, signer).matchesTheOfficialClientAndBroker(TOKENED);
        Signed arraySigned = sign(fromArray, format, signer);
        arraySigned.matchesTheOfficialClientAndBroker(TOKENED);
        assertThat(arraySigned.fields()).doesNotContainKey("absent").containsEntry("commitLogOffset", "1234567890123");
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void valuesLongerThanTheScratchBufferAndWithEveryUtf8WidthAreSignedAsOfficially(SerializeType format) {
        RequestSigner signer = new RequestSigner(CredentialsProvider.of(KEYS));
        Map<String, String> map = new HashMap<>();
        map.put("long", "a\u00e9\u4e16\ud83d\ude80".repeat(1_000));
        map.put("short", "\u00e9t\u00e9");
        map.put("lone", "x\ud800y");
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, map, null).withOpaque(9);

        sign(request, format, signer).matchesTheOfficialClientAndBroker(KEYS);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aPooledBodyIsSignedLikeTheSameBodyInAnArray(SerializeType format) {
        byte[] body = new byte[5000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        try (RemotingClient client = new RemotingClient(TransportOptions.defaults(), "signing")) {
            PooledBody pooled = client.allocateBody(body.length);
            pooled.writable().put(body);
            pooled.written(body.length);
            RequestSigner signer = new RequestSigner(CredentialsProvider.of(KEYS));

            Signed fromArray = sign(v2Request(body, null), format, signer);
            Signed fromPool = sign(v2Request(null, pooled), format, signer);

            fromPool.matchesTheOfficialClientAndBroker(KEYS);
            assertThat(fromPool.fields().get("Signature")).isEqualTo(fromArray.fields().get("Signature"));
            pooled.release();
        }
    }

    @Test
    void requestsOfManyShapesInTurnEachGetTheirOwnOrder() {
        RequestSigner signer = new RequestSigner(CredentialsProvider.of(KEYS));
        for (int round = 0; round < 3; round++) {
            for (int shape = 0; shape < 10; shape++) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (int field = 0; field <= shape; field++) {
                    fields.put(("k" + (9 - field)).intern(), "v" + round + field);
                }
                RemotingCommand request = RemotingCommand.request(300 + shape, fields, null).withOpaque(1);
                sign(request, SerializeType.JSON, signer).matchesTheOfficialClientAndBroker(KEYS);
            }
        }
    }

    @Test
    void rotatedCredentialsSignTheNextRequest() {
        AtomicReference<Credentials> current = new AtomicReference<>(KEYS);
        RequestSigner signer = new RequestSigner(current::get);
        RemotingCommand request = v2Request(new byte[] { 1, 2, 3 }, null);

        Signed first = sign(request, SerializeType.JSON, signer);
        current.set(Credentials.of("liftoff-user", "another-secret"));
        Signed second = sign(request, SerializeType.JSON, signer);
        current.set(TOKENED);
        Signed third = sign(request, SerializeType.JSON, signer);

        first.matchesTheOfficialClientAndBroker(KEYS);
        second.matchesTheOfficialClientAndBroker(Credentials.of("liftoff-user", "another-secret"));
        third.matchesTheOfficialClientAndBroker(TOKENED);
        assertThat(second.fields().get("Signature")).isNotEqualTo(first.fields().get("Signature"));
        assertThat(third.fields()).containsEntry("AccessKey", "sts-user").containsKey("SecurityToken");
    }

    @Test
    void responsesAreNotSigned() {
        RequestSigner signer = new RequestSigner(CredentialsProvider.of(KEYS));
        ByteBuf frame = Unpooled.buffer();
        FrameCodec.encode(RemotingCommand.response(0, 5, null), SerializeType.JSON, frame, signer);

        assertThat(FrameCodec.decode(frame, Integer.MAX_VALUE).extFields()).isEmpty();
    }

    @Test
    void aFailingProviderFailsTheRequestWithItsMessageAndNoSecret() {
        RequestSigner signer = new RequestSigner(() -> {
            throw new IllegalStateException("vault unreachable");
        });

        assertThatThrownBy(
                () -> FrameCodec.encode(v2Request(null, null), SerializeType.JSON, Unpooled.buffer(), signer))
            .isInstanceOf(LiftoffException.class)
            .hasMessage("Credentials provider failed: vault unreachable");
    }

    @Test
    void credentialsNeverShowTheSecretOrTheToken() {
        assertThat(TOKENED.toString())
            .isEqualTo("Credentials[accessKey=sts-user, secretKey=******, securityToken=******]");
        assertThatThrownBy(() -> Credentials.of("user", " ")).hasMessageContaining("secretKey must not be blank");
        assertThatThrownBy(() -> new Credentials("user", "hidden-secret", "")).hasMessageNotContaining("hidden-secret");
    }

    private static RemotingCommand v2Request(byte @Nullable [] body, @Nullable PooledBody pooled) {
        byte[] properties = "UNIQ_KEY\u0001ABC\u0002TAGS\u0001t\u00e9g \"q\"\u0002WAIT\u0001true"
            .getBytes(StandardCharsets.UTF_8);
        PreparedSend send = new PreparedSend("orders", "ns%orders", "ABC", properties,
                (body != null || pooled != null) ? body : new byte[0], pooled, 0, 0, false);
        return new SendRequests("PG", "TBW102", 4).request(send, 3, "broker-a", 1_700_000_000_123L, 7);
    }

    private static Signed sign(RemotingCommand request, SerializeType format, RequestSigner signer) {
        ByteBuf frame = Unpooled.buffer();
        FrameCodec.encode(request, format, frame, signer);
        byte[] bytes = new byte[frame.readableBytes()];
        frame.getBytes(frame.readerIndex(), bytes);
        RemotingCommand decoded = FrameCodec.decode(frame, Integer.MAX_VALUE);
        return new Signed(bytes, new HashMap<>(decoded.extFields()), decoded.body());
    }

    private record Signed(byte[] frame, Map<String, String> fields, byte @Nullable [] body) {

        void matchesTheOfficialClientAndBroker(Credentials credentials) {
            assertThat(this.fields).containsEntry("AccessKey", credentials.accessKey());
            assertThat(this.fields.get("SecurityToken")).isEqualTo(credentials.securityToken());
            String signature = this.fields.get("Signature");
            assertThat(signature).hasSize(RequestSigner.SIGNATURE_LENGTH);
            assertThat(officialHookSignature(credentials)).as("AclClientRPCHook's signature").isEqualTo(signature);
            assertThat(brokerSignature(credentials)).as("the broker's check").isEqualTo(signature);
        }

        private String officialHookSignature(Credentials credentials) {
            org.apache.rocketmq.remoting.protocol.RemotingCommand official = org.apache.rocketmq.remoting.protocol.RemotingCommand
                .createRequestCommand(310, null);
            this.fields.forEach((name, value) -> {
                if (!List.of("AccessKey", "SecurityToken", "Signature").contains(name)) {
                    official.addExtField(name, value);
                }
            });
            official.setBody(this.body);
            SessionCredentials session = (credentials.securityToken() != null)
                    ? new SessionCredentials(credentials.accessKey(), credentials.secretKey(),
                            credentials.securityToken())
                    : new SessionCredentials(credentials.accessKey(), credentials.secretKey());
            new AclClientRPCHook(session).doBeforeRequest("127.0.0.1:10911", official);
            return official.getExtFields().get("Signature");
        }

        private String brokerSignature(Credentials credentials) {
            try {
                org.apache.rocketmq.remoting.protocol.RemotingCommand received = org.apache.rocketmq.remoting.protocol.RemotingCommand
                    .decode(java.nio.ByteBuffer.wrap(this.frame, 4, this.frame.length - 4).slice());
                TreeMap<String, String> sorted = new TreeMap<>(received.getExtFields());
                sorted.remove("Signature");
                return AclUtils.calSignature(AclUtils.combineRequestContent(received, sorted), credentials.secretKey());
            }
            catch (Exception ex) {
                throw new AssertionError(ex);
            }
        }

    }

}
