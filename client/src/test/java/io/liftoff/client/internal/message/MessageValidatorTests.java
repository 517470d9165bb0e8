package io.liftoff.client.internal.message;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageValidatorTests {

    private static final byte[] BODY = "hello".getBytes(StandardCharsets.UTF_8);

    private final MessageValidator validator = new MessageValidator(1024);

    @Test
    void acceptsAMessageUsingEveryFeature() {
        Message message = Message.builder("orders%eu|x-1_2")
            .tag("created")
            .keys("order-42", "user-7")
            .property("tenant", "acme")
            .property("note", "grüße ünd 你好")
            .flag(Integer.MIN_VALUE)
            .waitStoreMsgOk(false)
            .body(new byte[1024])
            .build();

        assertThatCode(() -> this.validator.validate(message)).doesNotThrowAnyException();
    }

    @Test
    void rejectsANullMessage() {
        assertRejected(null, "Message is null");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " ", "\t \n" })
    void rejectsABlankTopic(String topic) {
        assertRejected(Message.of(topic, BODY), "Topic is blank: set a topic name");
    }

    @Test
    void rejectsATopicLongerThan127Characters() {
        String topic = "t".repeat(128);

        assertRejected(Message.of(topic, BODY),
                "Topic '" + topic + "' is 128 characters long; at most 127 are allowed");
        assertThatCode(() -> this.validator.validate(Message.of("t".repeat(127), BODY))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = { "a b", "a.b", "a/b", "a:b", "a*b", "caf\u00e9", "a\u0001b", "\u4f60\u597d" })
    void rejectsATopicWithCharactersOutsideTheAllowedSet(String topic) {
        assertRejected(Message.of(topic, BODY), "Topic '" + topic
                + "' has illegal characters: only letters, digits, '%', '|', '-' and '_' are allowed");
    }

    @Test
    void acceptsExactlyTheTopicCharactersThatRocketMqAccepts() {
        for (char c = 0; c < 0x3000; c++) {
            String topic = "a" + c;
            boolean officialLegal = !TopicValidator.isTopicOrGroupIllegal(topic) && !Character.isWhitespace(c);
            boolean ours = accepted(() -> MessageValidator.validateTopic(topic));
            assertThat(ours).as("topic 'a' + U+%04X", (int) c).isEqualTo(officialLegal);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "SCHEDULE_TOPIC_XXXX", "RMQ_SYS_TRANS_HALF_TOPIC", "RMQ_SYS_TRANS_OP_HALF_TOPIC",
            "TRANS_CHECK_MAX_TIME_TOPIC", "SELF_TEST_TOPIC", "OFFSET_MOVED_EVENT" })
    void rejectsTopicsTheBrokerForbidsClientsToSendTo(String topic) {
        assertThat(TopicValidator.isNotAllowedSendTopic(topic)).isTrue();
        assertRejected(Message.of(topic, BODY),
                "Topic '" + topic + "' is reserved for the broker's own use; clients may not send to it");
    }

    @ParameterizedTest
    @ValueSource(strings = { "TBW102", "BenchmarkTest", "RMQ_SYS_TRACE_TOPIC", "CHECKPOINT_TOPIC", "rmq_sys_anything" })
    void rejectsOtherSystemTopicsAsReserved(String topic) {
        assertThat(TopicValidator.isSystemTopic(topic)).isTrue();
        assertRejected(Message.of(topic, BODY),
                "Topic '" + topic + "' is reserved as a RocketMQ system topic; use a topic of your own");
    }

    @Test
    void treatsEveryRocketMqSystemTopicAsReserved() {
        // Brokers started in the same test JVM add their cluster and broker names to this
        // static set at runtime.
        java.util.List<String> systemTopics = TopicValidator.getSystemTopicSet()
            .stream()
            .filter((topic) -> !topic.startsWith("broker-") && !topic.startsWith("DefaultCluster"))
            .toList();
        assertThat(systemTopics).contains("TBW102", "SCHEDULE_TOPIC_XXXX");
        assertThat(systemTopics).allSatisfy((topic) -> assertThatThrownBy(() -> MessageValidator.validateTopic(topic))
            .hasMessageContaining("is reserved"));
    }

    @Test
    void rejectsANullBody() {
        assertRejected(Message.builder("t").build(), "Message body is null: set a body of at least 1 byte");
    }

    @Test
    void rejectsAnEmptyBody() {
        assertRejected(Message.of("t", new byte[0]), "Message body is empty: set a body of at least 1 byte");
    }

    @Test
    void rejectsABodyLargerThanTheMaximumMessageSize() {
        assertRejected(Message.of("t", new byte[1025]),
                "Message body of 1025 bytes exceeds the maximum message size of 1024 bytes");
        assertThatCode(() -> this.validator.validate(Message.of("t", new byte[1024]))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "\t" })
    void rejectsABlankTag(String tag) {
        assertRejected(withTag(tag), "Tag is blank: set a tag with a visible character, or none");
    }

    @Test
    void rejectsATagContainingTheSubscriptionSeparatorBecauseNoConsumerCouldMatchIt() {
        assertRejected(withTag("a||b"), "Tag 'a||b' contains '||', which separates tags in consumer subscriptions, "
                + "so no consumer could ever match it");
    }

    @ParameterizedTest
    @ValueSource(chars = { '\u0000', '\u0001', '\u0002', '\n', '\u001f' })
    void rejectsATagWithControlCharacters(char control) {
        String expectedCode = "U+" + String.format("%04X", (int) control);

        assertRejected(withTag("ab" + control), "Tag contains the control character " + expectedCode
                + " at index 2; control characters would corrupt the property encoding");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " " })
    void rejectsABlankKey(String key) {
        assertRejected(Message.builder("t").keys("ok", key).body(BODY).build(),
                "Key 1 is blank: every key needs a visible character");
    }

    @Test
    void rejectsAKeyWithASpaceBecauseKeysAreJoinedBySpacesOnTheWire() {
        assertRejected(Message.builder("t").keys("a b").body(BODY).build(),
                "Key 'a b' contains a space; keys are joined by spaces on the wire, so pass each key separately");
    }

    @ParameterizedTest
    @ValueSource(chars = { '\u0001', '\u0002', '\t' })
    void rejectsAKeyWithControlCharacters(char control) {
        assertRejected(Message.builder("t").keys("k" + control).body(BODY).build(),
                "Key contains the control character");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " " })
    void rejectsABlankUserPropertyName(String name) {
        assertRejected(withProperty(name, "v"), "User property name is blank: names need a visible character");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " " })
    void rejectsABlankUserPropertyValue(String value) {
        assertRejected(withProperty("n", value),
                "User property 'n' has a blank value: values need a visible character");
    }

    @ParameterizedTest
    @MethodSource("reservedPropertyNames")
    void rejectsEveryPropertyNameRocketMqReserves(String name) {
        assertRejected(withProperty(name, "v"),
                "User property name '" + name + "' is reserved by RocketMQ; choose another name");
    }

    @Test
    void reservesExactlyTheNamesOfRocketMqsStringHashSet() {
        assertThat(PropertyNames.RESERVED).containsExactlyInAnyOrderElementsOf(MessageConst.STRING_HASH_SET);
    }

    @Test
    void rejectsUserPropertiesWithControlCharacters() {
        assertRejected(withProperty("a\u0001b", "v"),
                "User property name contains the control character U+0001 at index 1");
        assertRejected(withProperty("n", "x\u0002y"),
                "User property 'n' value contains the control character U+0002 at index 1");
    }

    @Test
    void rejectsAFileSeparatorInTheInnerMultiDispatchProperty() {
        assertRejected(withProperty("INNER_MULTI_DISPATCH", "a" + File.separator + "b"),
                "User property 'INNER_MULTI_DISPATCH' value");
    }

    @ParameterizedTest
    @MethodSource("twoDelays")
    void rejectsMoreThanOneKindOfDelay(UnaryOperator<Message.Builder> delays) {
        assertRejected(delays.apply(Message.builder("t").body(BODY)).build(),
                "Message sets more than one of deliveryDelay, deliverAt and delayLevel; set at most one");
    }

    @ParameterizedTest
    @ValueSource(longs = { -1_000_000, -1, 0, 999_999 })
    void rejectsADeliveryDelayBelowOneMillisecond(long nanos) {
        Duration delay = Duration.ofNanos(nanos);

        assertRejected(Message.builder("t").body(BODY).deliveryDelay(delay).build(),
                "Delivery delay " + delay + " is not positive: use a delay of at least 1 ms, or none");
    }

    @Test
    void rejectsADeliveryDelayOrTimeThatDoesNotFitInEpochMilliseconds() {
        Message tooLong = Message.builder("t").body(BODY).deliveryDelay(Duration.ofSeconds(Long.MAX_VALUE)).build();
        Message tooLate = Message.builder("t").body(BODY).deliverAt(Instant.MAX).build();

        assertRejected(tooLong, "Delivery delay " + tooLong.deliveryDelay() + " is too long to send in ms");
        assertRejected(tooLate, "Delivery time " + Instant.MAX + " is out of range");
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 19, Integer.MAX_VALUE })
    void rejectsADelayLevelOutside1To18(int level) {
        assertRejected(Message.builder("t").body(BODY).delayLevel(level).build(),
                "Delay level " + level + " is out of range: use 1 to 18, or 0 for none");
    }

    @Test
    void acceptsEachKindOfDelayAlone() {
        Stream
            .of(Message.builder("t").body(BODY).delayLevel(1), Message.builder("t").body(BODY).delayLevel(18),
                    Message.builder("t").body(BODY).deliveryDelay(Duration.ofMillis(1)),
                    Message.builder("t").body(BODY).deliverAt(Instant.ofEpochMilli(0)))
            .map(Message.Builder::build)
            .forEach((message) -> assertThatCode(() -> this.validator.validate(message)).doesNotThrowAnyException());
    }

    @Test
    void rejectsANullOrEmptyBatch() {
        assertThatThrownBy(() -> this.validator.validateBatch(null)).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Batch is null");
        assertThatThrownBy(() -> this.validator.validateBatch(List.of())).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Batch is empty: add at least one message");
        assertThatThrownBy(() -> this.validator.validateBatch(Arrays.asList(Message.of("t", BODY), null)))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessage("Batch message 1 is null");
    }

    @Test
    void namesTheBatchMessageThatBreaksASingleMessageRule() {
        List<Message> batch = List.of(Message.of("t", BODY), Message.of("t", new byte[0]));

        assertThatThrownBy(() -> this.validator.validateBatch(batch)).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Batch message 1: Message body is empty: set a body of at least 1 byte");
    }

    @Test
    void rejectsABatchMixingTopics() {
        List<Message> batch = List.of(Message.of("a", BODY), Message.of("a", BODY), Message.of("b", BODY));

        assertThatThrownBy(() -> this.validator.validateBatch(batch)).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Batch mixes topics 'a' and 'b'");
    }

    @ParameterizedTest
    @MethodSource("delayedBuilders")
    void rejectsABatchWithADelayedMessage(Message.Builder delayed) {
        List<Message> batch = List.of(Message.of("t", BODY), delayed.build());

        assertThatThrownBy(() -> this.validator.validateBatch(batch)).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Batch message 1 is delayed; delayed messages cannot be batched");
    }

    @Test
    void rejectsABatchForARetryTopic() {
        List<Message> batch = List.of(Message.of("%RETRY%group", BODY), Message.of("%RETRY%group", BODY));

        assertThatThrownBy(() -> this.validator.validateBatch(batch)).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Batch topic '%RETRY%group' is a retry topic; messages for retry topics cannot be batched");
    }

    @Test
    void rejectsABatchMixingWaitStoreMsgOk() {
        List<Message> batch = List.of(Message.of("t", BODY),
                Message.builder("t").body(BODY).waitStoreMsgOk(false).build());

        assertThatThrownBy(() -> this.validator.validateBatch(batch)).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Batch mixes waitStoreMsgOk true and false (message 1); all messages of a batch must share it");
    }

    @Test
    void acceptsAValidBatch() {
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(Message.builder("t").tag("tag").keys("k" + i).body(BODY).build());
        }

        assertThatCode(() -> this.validator.validateBatch(batch)).doesNotThrowAnyException();
    }

    @Test
    void rejectsAnEncodedBatchLargerThanTheMaximumMessageSize() {
        EncodedBatch batch = new EncodedBatch("A", List.of("A"), new byte[0], new byte[1025]);

        assertThatThrownBy(() -> this.validator.validateEncodedBatch(batch)).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Batch body of 1025 bytes exceeds the maximum message size of 1024 bytes; split the batch");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "  " })
    void rejectsABlankGroup(String group) {
        assertThatThrownBy(() -> MessageValidator.validateGroup(group)).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Producer group is blank: set a group name");
    }

    @Test
    void rejectsAGroupLongerThan255Characters() {
        assertThatThrownBy(() -> MessageValidator.validateGroup("g".repeat(256)))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessageEndingWith("is 256 characters long; at most 255 are allowed");
        assertThatCode(() -> MessageValidator.validateGroup("g".repeat(255))).doesNotThrowAnyException();
    }

    @Test
    void rejectsAGroupWithIllegalCharacters() {
        assertThatThrownBy(() -> MessageValidator.validateGroup("my group")).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Producer group 'my group' has illegal characters: only letters, digits, '%', '|', '-' and "
                    + "'_' are allowed");
    }

    @Test
    void rejectsTheDefaultProducerGroupAsReserved() {
        assertThatThrownBy(() -> MessageValidator.validateGroup("DEFAULT_PRODUCER"))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessage("Producer group 'DEFAULT_PRODUCER' is reserved by RocketMQ; choose a group name of your own");
        assertThatCode(() -> MessageValidator.validateGroup("orders-producer")).doesNotThrowAnyException();
    }

    @Test
    void requiresAPositiveMaximumMessageSize() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MessageValidator(0));
    }

    static Stream<String> reservedPropertyNames() {
        return PropertyNames.RESERVED.stream().sorted();
    }

    static Stream<Arguments> twoDelays() {
        UnaryOperator<Message.Builder> delayAndTime = (b) -> b.deliveryDelay(Duration.ofSeconds(1))
            .deliverAt(Instant.now());
        UnaryOperator<Message.Builder> delayAndLevel = (b) -> b.deliveryDelay(Duration.ofSeconds(1)).delayLevel(2);
        UnaryOperator<Message.Builder> timeAndLevel = (b) -> b.deliverAt(Instant.now()).delayLevel(2);
        return Stream.of(Arguments.of(delayAndTime), Arguments.of(delayAndLevel), Arguments.of(timeAndLevel));
    }

    static Stream<Message.Builder> delayedBuilders() {
        return Stream.of(Message.builder("t").body(BODY).delayLevel(3),
                Message.builder("t").body(BODY).deliveryDelay(Duration.ofSeconds(5)),
                Message.builder("t").body(BODY).deliverAt(Instant.now().plusSeconds(60)));
    }

    private static Message withTag(String tag) {
        return Message.builder("t").tag(tag).body(BODY).build();
    }

    private static Message withProperty(String name, String value) {
        return Message.builder("t").property(name, value).body(BODY).build();
    }

    private void assertRejected(Message message, String expectedMessageStart) {
        assertThatThrownBy(() -> this.validator.validate(message)).isInstanceOf(InvalidMessageException.class)
            .hasMessageStartingWith(expectedMessageStart);
    }

    private static boolean accepted(Runnable check) {
        try {
            check.run();
            return true;
        }
        catch (InvalidMessageException ex) {
            return false;
        }
    }

}
