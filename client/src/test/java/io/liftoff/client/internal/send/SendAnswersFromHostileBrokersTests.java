package io.liftoff.client.internal.send;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.LiftoffException;
import io.liftoff.client.MalformedFrameException;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.client.internal.remoting.FrameCodec;
import io.liftoff.client.internal.remoting.LanguageCode;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.testing.HostileBytes;
import io.liftoff.client.testing.PropertyCheck;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Properties of {@link SendRequests#result}, which turns a broker's answer to a send into
 * a {@link SendResult}: whatever the answer's code and custom header, it gives a result
 * that mirrors the header, an {@link ErrorResponseException} for a refusal, or a
 * {@link LiftoffException} that names the broker and the field that is not a number;
 * nothing else.
 */
class SendAnswersFromHostileBrokersTests {

    private static final String BROKER = "127.0.0.1:10911";

    private static final int[] CODES = { ResponseCodes.SUCCESS, ResponseCodes.FLUSH_DISK_TIMEOUT,
            ResponseCodes.FLUSH_SLAVE_TIMEOUT, ResponseCodes.SLAVE_NOT_AVAILABLE, ResponseCodes.SYSTEM_ERROR,
            ResponseCodes.SYSTEM_BUSY, ResponseCodes.NO_PERMISSION, ResponseCodes.TOPIC_NOT_EXIST,
            ResponseCodes.SERVICE_NOT_AVAILABLE, ResponseCodes.GO_AWAY };

    private static final String[] NUMBER_TEXTS = { "0", "3", "-1", "007", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "", " 1", "1 ", "+5", "1e3", "0x10", "abc", "\u0663",
            "null" };

    private final SendRequests requests = new SendRequests("test-group", "TBW102", 4);

    private final PreparedSend send = new PreparedSend("orders", "orders", "ID-1", new byte[0], new byte[] { 1 }, null,
            0, 0, false);

    private final MessageQueue queue = new MessageQueue("orders", "broker-a", 2);

    @Test
    void anyAnswerIsAResultMirroringItsHeaderARefusalOrAMalformedAnswerNamingTheBroker() {
        PropertyCheck.forAll("send answers become a result, a refusal or a malformed answer", 10_000,
                SendAnswersFromHostileBrokersTests::answer, this::checkResult);
    }

    @Test
    void mutatedCapturedSendAnswersAreAResultARefusalOrAMalformedAnswer() {
        byte[] captured = HostileBytes.captured("send-success.hex");
        PropertyCheck.forAll("mutated captured send answers become a result, a refusal or a malformed answer", 5_000,
                (random) -> decodable(random, captured), this::checkResult);
    }

    @Test
    void aQueueIdThatIsNotANumberIsAMalformedAnswerNamingTheBroker() {
        RemotingCommand answer = new RemotingCommand(ResponseCodes.SUCCESS, LanguageCode.JAVA, 479, 1,
                RemotingCommand.FLAG_RESPONSE, null, Map.of("queueId", "two", "queueOffset", "5"), null);

        assertThatThrownBy(() -> this.requests.result(answer, BROKER, this.send, this.queue))
            .isExactlyInstanceOf(LiftoffException.class)
            .hasMessageContaining(BROKER)
            .hasMessageContaining("queueId")
            .hasMessageContaining("two");
    }

    private void checkResult(RemotingCommand answer) {
        SendStatus expected = switch (answer.code()) {
            case ResponseCodes.SUCCESS -> SendStatus.SEND_OK;
            case ResponseCodes.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCodes.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCodes.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
            default -> null;
        };
        SendResult result;
        try {
            result = this.requests.result(answer, BROKER, this.send, this.queue);
        }
        catch (ErrorResponseException refused) {
            assertThat(expected).as("refused an answer of code %d", answer.code()).isNull();
            assertThat(refused.code()).isEqualTo(answer.code());
            return;
        }
        catch (LiftoffException malformed) {
            assertThat(malformed).isExactlyInstanceOf(LiftoffException.class);
            assertThat(expected).as("an answer of code %d read as malformed", answer.code()).isNotNull();
            assertThat(malformed.getMessage()).contains(BROKER);
            assertThat(isInt(answer.ext("queueId")) && isLong(answer.ext("queueOffset")))
                .as("malformed although queueId %s and queueOffset %s are numbers", answer.ext("queueId"),
                        answer.ext("queueOffset"))
                .isFalse();
            return;
        }
        assertThat(result.status()).isEqualTo(expected);
        assertThat(result.messageId()).isEqualTo("ID-1");
        assertThat(result.offsetMessageId()).isEqualTo(answer.ext("msgId"));
        assertThat(result.queue().topic()).isEqualTo("orders");
        assertThat(result.queue().brokerName()).isEqualTo("broker-a");
        assertThat(result.queue().queueId())
            .isEqualTo((answer.ext("queueId") != null) ? Integer.parseInt(answer.ext("queueId")) : 2);
        assertThat(result.queueOffset())
            .isEqualTo((answer.ext("queueOffset") != null) ? Long.parseLong(answer.ext("queueOffset")) : -1L);
        assertThat(result.transactionId()).isEqualTo(answer.ext("transactionId"));
        assertThat(result.regionId()).isEqualTo(answer.ext("MSG_REGION"));
        assertThat(result.recallHandle()).isEqualTo(answer.ext("recallHandle"));
    }

    private static RemotingCommand answer(SplittableRandom random) {
        Map<String, String> ext = new LinkedHashMap<>();
        putSometimes(random, ext, "msgId", randomText(random));
        putSometimes(random, ext, "queueId", number(random));
        putSometimes(random, ext, "queueOffset", number(random));
        putSometimes(random, ext, "transactionId", randomText(random));
        putSometimes(random, ext, "MSG_REGION", randomText(random));
        putSometimes(random, ext, "recallHandle", randomText(random));
        putSometimes(random, ext, randomText(random), randomText(random));
        int code = random.nextInt(5) == 0 ? random.nextInt() : CODES[random.nextInt(CODES.length)];
        String remark = random.nextBoolean() ? null : randomText(random);
        return new RemotingCommand(code, LanguageCode.JAVA, 479, random.nextInt(), RemotingCommand.FLAG_RESPONSE,
                remark, ext, null);
    }

    /**
     * A mutation of a real answer that still decodes (the frame codec refuses the rest).
     */
    private static RemotingCommand decodable(SplittableRandom random, byte[] captured) {
        while (true) {
            try {
                RemotingCommand answer = FrameCodec
                    .decode(Unpooled.wrappedBuffer(HostileBytes.mutate(random, captured)), Integer.MAX_VALUE);
                if (answer != null) {
                    return answer;
                }
            }
            catch (MalformedFrameException ex) {
                // not an answer a send would see: draw again
            }
        }
    }

    private static void putSometimes(SplittableRandom random, Map<String, String> ext, String name, String value) {
        if (random.nextInt(4) != 0) {
            ext.put(name, value);
        }
    }

    private static String number(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> Integer.toString(random.nextInt(64));
            case 1 -> Long.toString(random.nextLong());
            default -> NUMBER_TEXTS[random.nextInt(NUMBER_TEXTS.length)];
        };
    }

    private static String randomText(SplittableRandom random) {
        byte[] bytes = HostileBytes.randomBytes(random, 24);
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static boolean isInt(String text) {
        try {
            return text == null || Integer.parseInt(text) == Integer.parseInt(text);
        }
        catch (NumberFormatException ex) {
            return false;
        }
    }

    private static boolean isLong(String text) {
        try {
            return text == null || Long.parseLong(text) == Long.parseLong(text);
        }
        catch (NumberFormatException ex) {
            return false;
        }
    }

}
