package io.liftoff.client.internal.reply;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.zip.Deflater;

import io.liftoff.client.ReplyMessage;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.remoting.LanguageCode;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;
import org.junit.jupiter.api.AfterEach;
import org.apache.rocketmq.common.compression.CompressionType;
import org.apache.rocketmq.common.compression.CompressorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyReceiverTests {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private final PendingReplies pending = new PendingReplies(10, this.timer);

    private final ReplyReceiver receiver = new ReplyReceiver(this.pending);

    @AfterEach
    void stopTimer() {
        this.timer.shutdownNow();
    }

    @Test
    void aPushedReplyCompletesItsRequestWithBodyTagKeysAndUserPropertiesAndIsAnsweredSuccess() {
        CompletableFuture<ReplyMessage> future = this.pending.register("c-1", "orders", 60_000);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("CORRELATION_ID", "c-1");
        properties.put("REPLY_TO_CLIENT", "10.0.0.1@42");
        properties.put("MSG_TYPE", "reply");
        properties.put("TAGS", "answer");
        properties.put("KEYS", "k1 k2");
        properties.put("UNIQ_KEY", "ABCDEF");
        properties.put("tenant", "acme");

        RemotingCommand response = this.receiver.handle(push(properties, 0, "pong".getBytes(StandardCharsets.UTF_8)),
                "127.0.0.1:10911");

        assertThat(response.code()).isEqualTo(ResponseCodes.SUCCESS);
        ReplyMessage reply = future.join();
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("pong");
        assertThat(reply.topic()).isEqualTo("DefaultCluster_REPLY_TOPIC");
        assertThat(reply.tag()).isEqualTo("answer");
        assertThat(reply.keys()).containsExactly("k1", "k2");
        assertThat(reply.properties()).containsExactly(Map.entry("tenant", "acme"));
        assertThat(reply.messageId()).isEqualTo("ABCDEF");
        assertThat(reply.correlationId()).isEqualTo("c-1");
        assertThat(reply.bornHost()).isEqualTo("10.0.0.2:50000");
        assertThat(reply.storeTimestamp()).isEqualTo(1700000000123L);
    }

    @Test
    void aZlibCompressedReplyBodyIsInflated() {
        CompletableFuture<ReplyMessage> future = this.pending.register("c-2", "orders", 60_000);
        byte[] body = "a large reply ".repeat(500).getBytes(StandardCharsets.UTF_8);

        this.receiver.handle(push(Map.of("CORRELATION_ID", "c-2"), 0x1, deflate(body)), "127.0.0.1:10911");

        assertThat(future.join().body()).isEqualTo(body);
    }

    @ParameterizedTest
    @EnumSource(names = { "LZ4", "ZSTD" })
    void aReplyCompressedWithLz4OrZstdIsDecompressed(CompressionType type) throws Exception {
        CompletableFuture<ReplyMessage> future = this.pending.register("c-3", "orders", 60_000);
        byte[] body = "a large reply ".repeat(500).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = CompressorFactory.getCompressor(type).compress(body, 5);

        this.receiver.handle(push(Map.of("CORRELATION_ID", "c-3"), 0x1 | type.getCompressionFlag(), compressed),
                "127.0.0.1:10911");

        assertThat(future.join().body()).isEqualTo(body);
    }

    @Test
    void aReplyNobodyWaitsForIsAnsweredSuccess() {
        RemotingCommand response = this.receiver.handle(push(Map.of("CORRELATION_ID", "late"), 0, new byte[] { 1 }),
                "127.0.0.1:10911");

        assertThat(response.code()).isEqualTo(ResponseCodes.SUCCESS);
        assertThat(this.pending.size()).isZero();
    }

    private static RemotingCommand push(Map<String, String> properties, int sysFlag, byte[] body) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("topic", "DefaultCluster_REPLY_TOPIC");
        header.put("queueId", "0");
        header.put("sysFlag", Integer.toString(sysFlag));
        header.put("bornTimestamp", "1700000000000");
        header.put("flag", "0");
        header.put("properties", MessageEncoder.encodeProperties(properties));
        header.put("bornHost", "10.0.0.2:50000");
        header.put("storeHost", "127.0.0.1:10911");
        header.put("storeTimestamp", "1700000000123");
        return new RemotingCommand(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, LanguageCode.JAVA, 479, 7, 0, null, header,
                body);
    }

    private static byte[] deflate(byte[] body) {
        Deflater deflater = new Deflater(5);
        deflater.setInput(body);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1024];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return out.toByteArray();
    }

}
