package io.liftoff.spring.observation;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.liftoff.client.Message;
import io.liftoff.client.SendFailedException;
import io.liftoff.spring.MessagePayloadConverter;
import io.liftoff.spring.MessageTemplate;
import io.liftoff.spring.RecordingProducer;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each {@link MessageTemplate} send is one {@code rocketmq.send} observation, a producer
 * span whose W3C {@code traceparent} is in the message sent; nothing of it without a
 * registry. On a recording producer (what reaches a broker is checked by
 * {@code ObservabilityIntegrationTests}).
 */
class MessageTemplateObservationTests {

    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-01");

    private final RecordingProducer producer = new RecordingProducer();

    private final MessageTemplate template = new MessageTemplate(this.producer.producer(),
            MessagePayloadConverter.unsupported());

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final W3CTracing tracing = new W3CTracing();

    @AfterEach
    void closeTracing() {
        this.tracing.close();
    }

    @Test
    void withoutRegistryNothingIsObservedNorPropagated() {
        this.template.send("orders:created", "hello");
        assertThat(this.template.isObserved()).isFalse();
        assertThat(this.producer.lastMessage().properties()).doesNotContainKey("traceparent");
    }

    @Test
    void eachSendIsOneObservationWithTheMessagingKeys() {
        this.template.setObservationRegistry(this.registry);
        this.template.setBeanName("orderTemplate");
        this.template.send("orders:created", "hello", "order-1");

        TestObservationRegistryAssert.assertThat(this.registry)
            .hasNumberOfObservationsWithNameEqualTo("rocketmq.send", 1)
            .hasObservationWithNameEqualTo("rocketmq.send")
            .that()
            .hasBeenStarted()
            .hasBeenStopped()
            .hasContextualNameEqualTo("orders send")
            .hasLowCardinalityKeyValue("messaging.system", "rocketmq")
            .hasLowCardinalityKeyValue("messaging.operation", "publish")
            .hasLowCardinalityKeyValue("messaging.destination.name", "orders")
            .hasLowCardinalityKeyValue("messaging.destination.kind", "topic")
            .hasLowCardinalityKeyValue("messaging.rocketmq.client_group", "unknown")
            .hasLowCardinalityKeyValue("rocketmq.send.mode", "sync")
            .hasLowCardinalityKeyValue("rocketmq.template.name", "orderTemplate")
            .hasHighCardinalityKeyValue("messaging.message.id", "RECORDED-ID")
            .hasHighCardinalityKeyValue("messaging.rocketmq.message.tag", "created");
    }

    @Test
    void everySendMethodIsObservedWithItsMode() {
        this.template.setObservationRegistry(this.registry);
        this.template.send("orders", "1");
        this.template.send("orders", "2", Duration.ofSeconds(1));
        this.template.sendAsync("orders", "3").join();
        this.template.sendAsync("orders", "4", "key", Duration.ofSeconds(1)).join();
        this.template.sendOneway("orders", "5");
        this.template.sendOrderly("orders", "6", "order-6");
        this.template.sendDelayed("orders", "7", Duration.ofSeconds(5));
        this.template.sendBatch("orders", List.of("8", "9", "10"));

        TestObservationRegistryAssert.assertThat(this.registry)
            .hasNumberOfObservationsWithNameEqualTo("rocketmq.send", 8)
            .hasHandledContextsThatSatisfy((contexts) -> {
                assertThat(contexts)
                    .extracting((context) -> context.getLowCardinalityKeyValue("rocketmq.send.mode").getValue())
                    .containsExactly("sync", "sync", "async", "async", "oneway", "orderly", "sync", "batch");
                assertThat(contexts.get(7).getHighCardinalityKeyValue("messaging.batch.message_count").getValue())
                    .isEqualTo("3");
            });
    }

    @Test
    void theTraceContextIsWrittenIntoEveryMessageOfTheSend() {
        this.template.setObservationRegistry(this.tracing.install(this.registry));
        this.template.send("orders", "one");
        Message single = this.producer.lastMessage();
        this.template.sendBatch("orders", List.of("a", "b"));
        @SuppressWarnings("unchecked")
        List<Message> batch = (List<Message>) this.producer.calls()
            .stream()
            .filter((call) -> call.method().equals("sendBatch"))
            .findFirst()
            .orElseThrow()
            .args()
            .get(0);

        List<SpanData> spans = this.tracing.finishedSpans();
        assertThat(spans).hasSize(2).allSatisfy((span) -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(span.getName()).isEqualTo("orders send");
        });
        assertThat(single.properties().get("traceparent")).matches(TRACEPARENT)
            .isEqualTo(W3CTracing.traceparent(spans.get(0)));
        assertThat(batch).extracting((message) -> message.properties().get("traceparent"))
            .containsOnly(W3CTracing.traceparent(spans.get(1)));
        assertThat(single.properties()).containsEntry("contentType", MessageTemplate.TEXT_CONTENT_TYPE);
    }

    @Test
    void aFailedSendIsAnObservationWithItsError() {
        SendFailedException failure = new SendFailedException("orders", "Send to topic 'orders' failed", List.of(),
                null);
        MessageTemplate failing = new MessageTemplate(
                (io.liftoff.client.Producer) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] { io.liftoff.client.Producer.class }, (proxy, method, args) -> {
                            if (method.getName().equals("sendAsync")) {
                                return java.util.concurrent.CompletableFuture.failedFuture(failure);
                            }
                            if (method.getName().startsWith("send")) {
                                throw failure;
                            }
                            return null;
                        }),
                MessagePayloadConverter.unsupported());
        failing.setObservationRegistry(this.registry);
        assertThatExceptionOfType(SendFailedException.class).isThrownBy(() -> failing.send("orders", "x"));
        assertThat(failing.sendAsync("orders", "y")).failsWithin(Duration.ofSeconds(1))
            .withThrowableThat()
            .havingCause()
            .isSameAs(failure);
        TestObservationRegistryAssert.assertThat(this.registry)
            .hasNumberOfObservationsWithNameEqualTo("rocketmq.send", 2)
            .forAllObservationsWithNameEqualTo("rocketmq.send", (observation) -> observation.hasError(failure));
    }

    @Test
    void aConventionReplacesTheDefaultKeys() {
        this.template.setObservationRegistry(this.registry);
        this.template.setObservationConvention(new RocketMQTemplateObservationConvention() {
            @Override
            public KeyValues getLowCardinalityKeyValues(RocketMQSenderContext context) {
                return KeyValues.of("team", "checkout");
            }
        });
        this.template.send("orders", "x");
        TestObservationRegistryAssert.assertThat(this.registry)
            .hasObservationWithNameEqualTo("rocketmq.send")
            .that()
            .hasLowCardinalityKeyValue("team", "checkout")
            .doesNotHaveLowCardinalityKeyValueWithKey("messaging.system");
    }

    @Test
    void theDocumentationDeclaresEveryKey() {
        assertThat(RocketMQTemplateObservation.TEMPLATE_OBSERVATION.getName()).isEqualTo("rocketmq.send");
        assertThat(RocketMQTemplateObservation.TEMPLATE_OBSERVATION.getDefaultConvention())
            .isEqualTo(RocketMQTemplateObservation.DefaultRocketMQTemplateObservationConvention.class);
        assertThat(RocketMQTemplateObservation.TEMPLATE_OBSERVATION.getLowCardinalityKeyNames())
            .extracting(io.micrometer.common.docs.KeyName::asString)
            .containsExactly("rocketmq.template.name", "messaging.system", "messaging.operation",
                    "messaging.destination.name", "messaging.destination.kind", "messaging.rocketmq.client_group",
                    "rocketmq.send.mode");
    }

}
