package io.liftoff.client.internal.reply;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.zip.Deflater;

import io.liftoff.client.LiftoffException;
import io.liftoff.client.ReplyMessage;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.remoting.LanguageCode;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;
import io.liftoff.client.testing.HostileBytes;
import io.liftoff.client.testing.PropertyCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Properties of {@link ReplyReceiver}, which reads the replies a broker pushes: whatever
 * the push's header and body, it is answered SUCCESS, and the request its correlation id
 * names is completed at once, with the reply or with a {@link LiftoffException} saying
 * why the reply cannot be read; it is never left to wait for its timeout.
 */
class ReplyPushesFromHostileBrokersTests {

    private static final String[] NUMBER_TEXTS = { "0", "1", "5", "-1", "2147483648", "9223372036854775808", "", "abc",
            "1.5", " 7", "0x1" };

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private final PendingReplies pending = new PendingReplies(10, this.timer);

    private final ReplyReceiver receiver = new ReplyReceiver(this.pending);

    private int nextId;

    @AfterEach
    void stopTimer() {
        this.timer.shutdownNow();
    }

    @Test
    void aHostilePushIsAnsweredAndCompletesOrFailsItsRequestAtOnce() {
        PropertyCheck.forAll("a hostile reply push completes or fails its request at once", 5_000, this::push,
                (push) -> {
                    CompletableFuture<ReplyMessage> request = this.pending.register(push.correlationId(), "orders",
                            60_000);

                    RemotingCommand answer = this.receiver.handle(push.command(), "127.0.0.1:10911");

                    assertThat(answer.code()).isEqualTo(ResponseCodes.SUCCESS);
                    if (!push.named()) {
                        this.pending.fail(push.correlationId(), new IllegalStateException("not named"));
                        return;
                    }
                    assertThat(request).as("completed at once").isDone();
                    assertThat(this.pending.isPending(push.correlationId())).isFalse();
                    try {
                        assertThat(request.get().correlationId()).isEqualTo(push.correlationId());
                    }
                    catch (ExecutionException ex) {
                        assertThat(ex.getCause()).isInstanceOf(LiftoffException.class)
                            .hasMessageContaining(push.correlationId());
                    }
                    catch (InterruptedException ex) {
                        throw new AssertionError(ex);
                    }
                });
    }

    @Test
    void aPushWithATimestampThatIsNotANumberFailsItsRequestAtOnce() {
        CompletableFuture<ReplyMessage> request = this.pending.register("c-1", "orders", 60_000);
        Map<String, String> header = new LinkedHashMap<>();
        header.put("sysFlag", "0");
        header.put("bornTimestamp", "yesterday");
        header.put("properties", MessageEncoder.encodeProperties(Map.of("CORRELATION_ID", "c-1")));

        this.receiver.handle(new RemotingCommand(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, LanguageCode.JAVA, 479, 7, 0,
                null, header, new byte[] { 1 }), "127.0.0.1:10911");

        assertThat(request).isCompletedExceptionally();
        assertThatThrownBy(request::join).cause()
            .isInstanceOf(LiftoffException.class)
            .hasMessageContaining("c-1")
            .hasMessageContaining("yesterday");
    }

    private Push push(SplittableRandom random) {
        String correlationId = "c-" + this.nextId++;
        boolean named = random.nextInt(8) != 0;
        Map<String, String> properties = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            properties.put("TAGS", text(random));
            properties.put("KEYS", text(random) + " " + text(random));
            properties.put(text(random), text(random));
        }
        if (named) {
            properties.put("CORRELATION_ID", correlationId);
        }
        String encoded = MessageEncoder.encodeProperties(properties);
        if (random.nextInt(4) == 0) {
            encoded = text(random) + "\u0002" + encoded;
        }
        Map<String, String> header = new LinkedHashMap<>();
        header.put("properties", encoded);
        putSometimes(random, header, "topic", text(random));
        putSometimes(random, header, "bornHost", text(random));
        putSometimes(random, header, "storeHost", text(random));
        putSometimes(random, header, "bornTimestamp", number(random));
        putSometimes(random, header, "storeTimestamp", number(random));
        byte[] body = HostileBytes.randomBytes(random, 64);
        int sysFlag = random.nextInt(4) == 0 ? random.nextInt() : random.nextInt(1 << 11);
        if (random.nextInt(4) == 0) {
            body = deflate(body);
            sysFlag = 1;
        }
        else if (random.nextInt(4) == 0) {
            body = HostileBytes.mutate(random, deflate(body));
            sysFlag = 1;
        }
        putSometimes(random, header, "sysFlag", random.nextInt(4) == 0 ? number(random) : Integer.toString(sysFlag));
        return new Push(new RemotingCommand(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, LanguageCode.JAVA, 479,
                random.nextInt(), 0, null, header, random.nextInt(8) == 0 ? null : body), correlationId, named);
    }

    private static void putSometimes(SplittableRandom random, Map<String, String> header, String name, String value) {
        if (random.nextInt(4) != 0) {
            header.put(name, value);
        }
    }

    private static String number(SplittableRandom random) {
        return random.nextBoolean() ? Long.toString(random.nextLong())
                : NUMBER_TEXTS[random.nextInt(NUMBER_TEXTS.length)];
    }

    private static String text(SplittableRandom random) {
        return new String(HostileBytes.randomBytes(random, 12), StandardCharsets.ISO_8859_1);
    }

    private static byte[] deflate(byte[] body) {
        Deflater deflater = new Deflater();
        deflater.setInput(body);
        deflater.finish();
        byte[] out = new byte[body.length + 64];
        int length = deflater.deflate(out);
        deflater.end();
        return java.util.Arrays.copyOf(out, length);
    }

    private record Push(RemotingCommand command, String correlationId, boolean named) {
    }

}
