package io.liftoff.client.internal.message;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.rocketmq.common.compression.CompressionType;
import org.apache.rocketmq.common.compression.CompressorFactory;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Stored messages as the official {@code MessageDecoder.encode} writes them. */
class StoredMessageDecoderTests {

    private static final byte[] BODY = "stored body".getBytes(StandardCharsets.UTF_8);

    @Test
    void readsEveryFieldTheOfficialEncoderWrites() throws Exception {
        MessageExt stored = stored(MessageSysFlag.TRANSACTION_PREPARED_TYPE, BODY, "127.0.0.1", "127.0.0.1");

        StoredMessage decoded = StoredMessageDecoder.decode(MessageDecoder.encode(stored, false));

        assertThat(decoded.topic()).isEqualTo("ns%orders");
        assertThat(decoded.queueId()).isEqualTo(3);
        assertThat(decoded.flag()).isEqualTo(-7);
        assertThat(decoded.queueOffset()).isEqualTo(42);
        assertThat(decoded.commitLogOffset()).isEqualTo(1L << 40);
        assertThat(decoded.sysFlag()).isEqualTo(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        assertThat(decoded.bornTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(decoded.storeTimestamp()).isEqualTo(1_700_000_000_100L);
        assertThat(decoded.body()).isEqualTo(BODY);
        assertThat(decoded.properties()).containsEntry("UNIQ_KEY", "C0A80001")
            .containsEntry("KEYS", "a b")
            .containsEntry("tenant", "acme \u00e9t\u00e9")
            .containsEntry("TRAN_MSG", "true");
    }

    @Test
    void readsIpv6BornAndStoreHosts() throws Exception {
        int flags = MessageSysFlag.TRANSACTION_PREPARED_TYPE | MessageSysFlag.BORNHOST_V6_FLAG
                | MessageSysFlag.STOREHOSTADDRESS_V6_FLAG;
        MessageExt stored = stored(flags, BODY, "::1", "fd00::2");

        StoredMessage decoded = StoredMessageDecoder.decode(MessageDecoder.encode(stored, false));

        assertThat(decoded.topic()).isEqualTo("ns%orders");
        assertThat(decoded.body()).isEqualTo(BODY);
        assertThat(decoded.properties()).containsEntry("UNIQ_KEY", "C0A80001");
    }

    @ParameterizedTest
    @EnumSource(names = { "ZLIB", "LZ4", "ZSTD" })
    void decompressesABodyWithTheCodecOfItsSysFlagAndClearsTheCompressionBits(CompressionType type) throws Exception {
        byte[] large = new byte[10_000];
        Arrays.fill(large, (byte) 'x');
        byte[] compressed = CompressorFactory.getCompressor(type).compress(large, 5);
        int flags = MessageSysFlag.TRANSACTION_PREPARED_TYPE | MessageSysFlag.COMPRESSED_FLAG
                | type.getCompressionFlag();

        StoredMessage decoded = StoredMessageDecoder
            .decode(MessageDecoder.encode(stored(flags, compressed, "127.0.0.1", "127.0.0.1"), false));

        assertThat(decoded.body()).isEqualTo(large);
        assertThat(decoded.sysFlag()).isEqualTo(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
    }

    @Test
    void refusesABodyThatIsNotDataOfTheCodecItsSysFlagNames() throws Exception {
        int flags = MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.COMPRESSION_LZ4_TYPE;
        byte[] stored = MessageDecoder.encode(stored(flags, BODY, "127.0.0.1", "127.0.0.1"), false);

        assertThatIllegalArgumentException().isThrownBy(() -> StoredMessageDecoder.decode(stored))
            .withMessageContaining("is not an LZ4 frame");
    }

    @Test
    void readsTheSecondFormatWithItsTwoByteTopicLength() throws Exception {
        byte[] v1 = MessageDecoder.encode(stored(0, BODY, "127.0.0.1", "127.0.0.1"), false);
        int topicAt = v1.length - 2 - propertiesLength(v1) - "ns%orders".length() - 1;
        ByteBuffer v2 = ByteBuffer.allocate(v1.length + 1);
        v2.put(v1, 0, topicAt).putShort((short) "ns%orders".length()).put(v1, topicAt + 1, v1.length - topicAt - 1);
        v2.putInt(4, StoredMessageDecoder.MAGIC_V2);

        StoredMessage decoded = StoredMessageDecoder.decode(v2.array());

        assertThat(decoded.topic()).isEqualTo("ns%orders");
        assertThat(decoded.properties()).containsEntry("UNIQ_KEY", "C0A80001");
    }

    @Test
    void refusesBytesThatAreNotAStoredMessage() throws Exception {
        byte[] encoded = MessageDecoder.encode(stored(0, BODY, "127.0.0.1", "127.0.0.1"), false);

        assertThatIllegalArgumentException().isThrownBy(() -> StoredMessageDecoder.decode(new byte[10]))
            .withMessageContaining("magic");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> StoredMessageDecoder.decode(Arrays.copyOf(encoded, encoded.length - 5)))
            .withMessageContaining("ends early");
        ByteBuffer badBodyLength = ByteBuffer.wrap(encoded.clone());
        badBodyLength.putInt(4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 4 + 8, Integer.MAX_VALUE);
        assertThatIllegalArgumentException().isThrownBy(() -> StoredMessageDecoder.decode(badBodyLength.array()))
            .withMessageContaining("body length");
    }

    @Test
    void readsTheCommitLogOffsetOutOfOffsetMessageIds() {
        assertThat(StoredMessageDecoder.commitLogOffset("7F00000100009FCF00000000000000E6")).isEqualTo(0xE6);
        assertThat(StoredMessageDecoder
            .commitLogOffset("FD000000000000000000000000000002" + "00002A9F" + "0000010000000000")).isEqualTo(1L << 40);
        assertThatIllegalArgumentException().isThrownBy(() -> StoredMessageDecoder.commitLogOffset("C0A80001"));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> StoredMessageDecoder.commitLogOffset("7F00000100009FCF0000000000000XYZ"));
    }

    private static MessageExt stored(int sysFlag, byte[] body, String bornHost, String storeHost) {
        MessageExt stored = new MessageExt();
        stored.setTopic("ns%orders");
        stored.setQueueId(3);
        stored.setFlag(-7);
        stored.setQueueOffset(42);
        stored.setCommitLogOffset(1L << 40);
        stored.setSysFlag(sysFlag);
        stored.setBornTimestamp(1_700_000_000_000L);
        stored.setBornHost(new InetSocketAddress(bornHost, 50000));
        stored.setStoreTimestamp(1_700_000_000_100L);
        stored.setStoreHost(new InetSocketAddress(storeHost, 10911));
        stored.setReconsumeTimes(1);
        stored.setPreparedTransactionOffset(5);
        stored.setBody(body);
        MessageAccessor.putProperty(stored, MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "C0A80001");
        MessageAccessor.putProperty(stored, MessageConst.PROPERTY_KEYS, "a b");
        MessageAccessor.putProperty(stored, MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
        MessageAccessor.putProperty(stored, "tenant", "acme \u00e9t\u00e9");
        return stored;
    }

    private static int propertiesLength(byte[] encoded) {
        String properties = MessageDecoder
            .messageProperties2String(MessageDecoder.decode(ByteBuffer.wrap(encoded), true, false).getProperties());
        return properties.getBytes(StandardCharsets.UTF_8).length;
    }

}
