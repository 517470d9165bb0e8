package io.liftoff.client.internal.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchEncodingTests {

    private final MessageEncoder encoder = new MessageEncoder(MessageEncoder.DEFAULT_COMPRESS_THRESHOLD,
            MessageEncoder.DEFAULT_COMPRESS_LEVEL, new UniqueIdGenerator());

    private final List<Message> batch = List.of(
            Message.builder("orders")
                .tag("created")
                .keys("order-1")
                .property("tenant", "acme")
                .body("first".getBytes(StandardCharsets.UTF_8))
                .flag(3)
                .build(),
            Message.builder("orders").body(MessageEncoderTests.compressible(10_000)).build(),
            Message.builder("orders")
                .tag("gr\u00fc\u00dfe")
                .keys("a", "b")
                .flag(-1)
                .body(new byte[] { 0, 1, 2 })
                .build());

    @Test
    void producesABodyThatRocketMqDecodesIntoTheSameMessages() throws Exception {
        EncodedBatch encoded = this.encoder.encodeBatch(this.batch);

        List<org.apache.rocketmq.common.message.Message> decoded = MessageDecoder
            .decodeMessages(ByteBuffer.wrap(encoded.body()));

        assertThat(decoded).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Message sent = this.batch.get(i);
            org.apache.rocketmq.common.message.Message received = decoded.get(i);
            assertThat(received.getBody()).isEqualTo(sent.body());
            assertThat(received.getFlag()).isEqualTo(sent.flag());
            assertThat(received.getProperty("UNIQ_KEY")).isEqualTo(encoded.uniqueIdList().get(i));
            assertThat(received.getProperty("WAIT")).isEqualTo("true");
            assertThat(received.getTags()).isEqualTo(sent.tag());
            assertThat(received.getKeys()).isEqualTo(sent.keys().isEmpty() ? null : String.join(" ", sent.keys()));
        }
        assertThat(decoded.get(0).getUserProperty("tenant")).isEqualTo("acme");
    }

    @Test
    void matchesRocketMqsOwnBatchEncodingByteForByte() {
        EncodedBatch encoded = this.encoder.encodeBatch(this.batch);
        ByteBuffer records = ByteBuffer.wrap(encoded.body());

        List<org.apache.rocketmq.common.message.Message> official = new ArrayList<>();
        for (int i = 0; i < this.batch.size(); i++) {
            Message sent = this.batch.get(i);
            org.apache.rocketmq.common.message.Message message = new org.apache.rocketmq.common.message.Message();
            message.setBody(sent.body());
            message.setFlag(sent.flag());
            // The same properties in the same order, read back from our record.
            MessageAccessor.setProperties(message, MessageEncoder.decodeProperties(propertiesOfRecord(records)));
            official.add(message);
        }

        assertThat(encoded.body()).isEqualTo(MessageDecoder.encodeMessages(official));
    }

    @Test
    void joinsTheInnerIdsWithCommasAndGivesTheWrapperNoIdOfItsOwn() {
        EncodedBatch encoded = this.encoder.encodeBatch(this.batch);

        assertThat(encoded.uniqueIdList()).hasSize(3).doesNotHaveDuplicates();
        assertThat(encoded.uniqueIds()).isEqualTo(String.join(",", encoded.uniqueIdList()));
        Map<String, String> batchProperties = MessageEncoder.decodeProperties(encoded.properties());
        assertThat(encoded.properties()).isEqualTo("WAIT\u0001true\u0002");
        assertThat(batchProperties).containsOnlyKeys("WAIT");
        assertThat(MessageDecoder.string2messageProperties(encoded.properties())).isEqualTo(batchProperties);
    }

    @Test
    void takesWaitFromTheMessages() {
        List<Message> noWait = List.of(Message.builder("t").body(new byte[] { 1 }).waitStoreMsgOk(false).build());

        EncodedBatch encoded = this.encoder.encodeBatch(noWait);

        assertThat(MessageEncoder.decodeProperties(encoded.properties())).containsEntry("WAIT", "false");
    }

    @Test
    void neverCompressesTheBatchOrItsMessages() throws Exception {
        EncodedBatch encoded = this.encoder.encodeBatch(this.batch);

        assertThat(MessageDecoder.decodeMessages(ByteBuffer.wrap(encoded.body())).get(1).getBody())
            .isEqualTo(this.batch.get(1).body());
        assertThat(encoded.body().length).isGreaterThan(10_000);
    }

    @Test
    void writesTheRecordLayoutWithZeroMagicAndCrc() {
        Message only = Message.builder("t").body(new byte[] { 9, 8 }).flag(5).build();

        ByteBuffer record = ByteBuffer.wrap(this.encoder.encodeBatch(List.of(only)).body());

        int totalSize = record.getInt();
        assertThat(record.getInt()).as("magic").isZero();
        assertThat(record.getInt()).as("body CRC").isZero();
        assertThat(record.getInt()).as("flag").isEqualTo(5);
        assertThat(record.getInt()).as("body length").isEqualTo(2);
        assertThat(new byte[] { record.get(), record.get() }).containsExactly(9, 8);
        short propertiesLength = record.getShort();
        assertThat(totalSize).isEqualTo(20 + 2 + 2 + propertiesLength).isEqualTo(record.capacity());
    }

    @Test
    void rejectsAnEmptyBatch() {
        assertThatThrownBy(() -> this.encoder.encodeBatch(List.of())).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Batch is empty: add at least one message");
    }

    @Test
    void rejectsABatchMessageWhosePropertiesTakeMoreThan32767Bytes() {
        List<Message> tooLong = List.of(Message.of("t", new byte[] { 1 }),
                Message.builder("t").property("p", "x".repeat(33_000)).body(new byte[] { 1 }).build());

        assertThatThrownBy(() -> this.encoder.encodeBatch(tooLong)).isInstanceOf(InvalidMessageException.class)
            .hasMessageStartingWith("Batch message 1 properties take ");
    }

    private static String propertiesOfRecord(ByteBuffer records) {
        records.getInt();
        records.getInt();
        records.getInt();
        records.getInt();
        int bodyLength = records.getInt();
        records.position(records.position() + bodyLength);
        byte[] properties = new byte[records.getShort()];
        records.get(properties);
        return new String(properties, StandardCharsets.UTF_8);
    }

}
