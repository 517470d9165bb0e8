package io.liftoff.spring;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.Message;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link MessageTemplate} turns destinations, payloads and Spring messages into
 * client messages (what reaches a broker is checked by
 * {@code MessageTemplateIntegrationTests}).
 */
class MessageTemplateTests {

    private final MessageTemplate template = new MessageTemplate(new RecordingProducer().producer(),
            new JacksonPayloadConverter(JsonMapper.shared()));

    @Test
    void destinationWithoutTagHasNoTag() {
        Message message = this.template.createMessage("orders", "x");
        assertThat(message.topic()).isEqualTo("orders");
        assertThat(message.tag()).isNull();
    }

    @Test
    void destinationIsSplitOnceAtTheFirstColon() {
        Message message = this.template.createMessage("orders:created", "x");
        assertThat(message.topic()).isEqualTo("orders");
        assertThat(message.tag()).isEqualTo("created");
        assertThat(this.template.createMessage("orders:a:b", "x").tag()).isEqualTo("a:b");
        assertThat(this.template.createMessage("orders:", "x").tag()).isNull();
    }

    @Test
    void destinationWithSeveralTagsIsRejectedWithTheReason() {
        assertThatExceptionOfType(InvalidMessageException.class)
            .isThrownBy(() -> this.template.createMessage("orders:created||updated", "x"))
            .withMessageContaining("names several tags")
            .withMessageContaining("a message carries exactly one tag")
            .withMessageContaining("'orders:created'");
    }

    @Test
    void blankDestinationIsRejected() {
        assertThatExceptionOfType(InvalidMessageException.class).isThrownBy(() -> this.template.createMessage(" ", "x"))
            .withMessageContaining("topic:tag");
    }

    @Test
    void bytesAreSentAsIsWithoutContentType() {
        byte[] bytes = { 0, 1, 2, (byte) 0xff };
        Message message = this.template.createMessage("t", bytes);
        assertThat(message.body()).isSameAs(bytes);
        assertThat(message.properties()).doesNotContainKey("contentType");
    }

    @Test
    void stringsAreSentAsUtf8Text() {
        Message message = this.template.createMessage("t", "héllo ✓");
        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("héllo ✓");
        assertThat(message.properties()).containsEntry("contentType", "text/plain;charset=UTF-8");
    }

    @Test
    void objectsAreSentAsJson() {
        Message message = this.template.createMessage("t", new Order("42", 3));
        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"42\",\"quantity\":3}");
        assertThat(message.properties()).containsEntry("contentType", "application/json");
    }

    @Test
    void unwritableObjectsFailWithAConversionException() {
        assertThatExceptionOfType(MessageConversionException.class)
            .isThrownBy(() -> this.template.createMessage("t", new Unwritable()))
            .withMessageContaining(Unwritable.class.getName() + " as JSON")
            .withMessageContaining("not today");
    }

    @Test
    void nullPayloadIsRejected() {
        assertThatExceptionOfType(InvalidMessageException.class)
            .isThrownBy(() -> this.template.createMessage("t", null))
            .withMessageContaining("Payload is null");
    }

    @Test
    void springMessageHeadersMapToKeysTagDelayAndProperties() {
        org.springframework.messaging.Message<Order> spring = MessageBuilder.withPayload(new Order("7", 1))
            .setHeader(RocketMQHeaders.KEYS, List.of("order-7", "customer-3"))
            .setHeader(RocketMQHeaders.TAGS, "created")
            .setHeader(RocketMQHeaders.DELAY, 3)
            .setHeader(RocketMQHeaders.FLAG, "5")
            .setHeader(RocketMQHeaders.WAIT_STORE_MSG_OK, false)
            .setHeader("tenant", "acme")
            .setHeader("attempt", 2)
            .build();
        Message message = this.template.createMessage("orders", spring);
        assertThat(message.keys()).containsExactly("order-7", "customer-3");
        assertThat(message.tag()).isEqualTo("created");
        assertThat(message.delayLevel()).isEqualTo(3);
        assertThat(message.flag()).isEqualTo(5);
        assertThat(message.waitStoreMsgOk()).isFalse();
        assertThat(message.properties()).containsEntry("tenant", "acme")
            .containsEntry("attempt", "2")
            .containsEntry("contentType", "application/json")
            .doesNotContainKeys(MessageHeaders.ID, MessageHeaders.TIMESTAMP, "KEYS", "TAGS", "DELAY", "FLAG");
    }

    @Test
    void keysAsStringAreSplitAtSpacesAsRocketMQStoresThem() {
        Message message = this.template.createMessage("t",
                MessageBuilder.withPayload("x").setHeader("rocketmq_KEYS", "a  b c").build());
        assertThat(message.keys()).containsExactly("a", "b", "c");
    }

    @Test
    void destinationTagTakesPrecedenceOverTheTagHeader() {
        Message message = this.template.createMessage("orders:shipped",
                MessageBuilder.withPayload("x").setHeader("rocketmq_TAGS", "created").build());
        assertThat(message.tag()).isEqualTo("shipped");
    }

    @Test
    void delayHeaderAcceptsDurationAndInstant() {
        Message delayed = this.template.createMessage("t",
                MessageBuilder.withPayload("x").setHeader("DELAY", Duration.ofSeconds(10)).build());
        assertThat(delayed.deliveryDelay()).isEqualTo(Duration.ofSeconds(10));
        Instant at = Instant.parse("2030-01-01T00:00:00Z");
        Message scheduled = this.template.createMessage("t",
                MessageBuilder.withPayload("x").setHeader("DELAY", at).build());
        assertThat(scheduled.deliverAt()).isEqualTo(at);
        assertThatExceptionOfType(InvalidMessageException.class)
            .isThrownBy(() -> this.template.createMessage("t",
                    MessageBuilder.withPayload("x").setHeader("DELAY", "soon").build()))
            .withMessageContaining("neither a delay level (1-18), a java.time.Duration nor a java.time.Instant");
    }

    @Test
    void contentTypeHeaderReplacesTheConvertersOne() {
        Message message = this.template.createMessage("t",
                MessageBuilder.withPayload("<a/>")
                    .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_XML)
                    .build());
        assertThat(message.properties()).containsEntry("contentType", "application/xml");
    }

    @Test
    void receivedMetadataAndReservedNamesAreNotSentBack() {
        Map<String, Object> received = Map.of("rocketmq_TOPIC", "orders", "rocketmq_MESSAGE_ID", "AC11",
                "rocketmq_BORN_HOST", "10.0.0.1", "rocketmq_QUEUE_ID", 3, "UNIQ_KEY", "AC11", "WAIT", "true", "tenant",
                "acme", "empty", " ");
        Message message = this.template.createMessage("other",
                MessageBuilder.withPayload("x").copyHeaders(received).build());
        assertThat(message.properties()).containsOnlyKeys("tenant", "contentType");
    }

    @Test
    void keyParameterAddsOneKey() {
        RecordingProducer producer = new RecordingProducer();
        MessageTemplate template = new MessageTemplate(producer.producer(), MessagePayloadConverter.unsupported());
        template.send("orders:created", "x", "order-42");
        assertThat(producer.calls()).extracting(RecordingProducer.Call::method).containsExactly("send");
        assertThat(producer.lastMessage().keys()).containsExactly("order-42");
        assertThat(producer.lastMessage().tag()).isEqualTo("created");
    }

    @Test
    void emptyBatchIsRejected() {
        assertThatExceptionOfType(InvalidMessageException.class)
            .isThrownBy(() -> this.template.sendBatch("t", List.of()))
            .withMessageContaining("Batch is empty");
    }

    record Order(String id, int quantity) {
    }

    /** Jackson cannot write it: its only property throws. */
    public static class Unwritable {

        public String getValue() {
            throw new IllegalStateException("not today");
        }

    }

}
