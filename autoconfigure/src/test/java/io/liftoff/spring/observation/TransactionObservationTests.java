package io.liftoff.spring.observation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.liftoff.client.HalfMessage;
import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.Message;
import io.liftoff.client.TransactionListener;
import io.liftoff.client.TransactionResult;
import io.liftoff.spring.MessagePayloadConverter;
import io.liftoff.spring.MessageTemplate;
import io.liftoff.spring.RecordingProducer;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A {@link MessageTemplate} transactional send is one {@code rocketmq.transaction}
 * observation with its decision, and the checker's answer to a broker's check one
 * {@code rocketmq.transaction.check} observation continuing the send's trace. On a
 * recording producer (the broker's side is checked by
 * {@code MessageTemplateTransactionIntegrationTests}).
 */
class TransactionObservationTests {

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
    void aTransactionalSendIsOneObservationWithItsDecisionAndMessageId() {
        this.template.setObservationRegistry(this.registry);
        this.template.setBeanName("orderTemplate");

        TransactionResult result = this.template.sendInTransaction("orders:paid", "order 1", () -> {
        });

        assertThat(result.decision()).isEqualTo(LocalTransactionState.COMMIT);
        TestObservationRegistryAssert.assertThat(this.registry)
            .hasNumberOfObservationsWithNameEqualTo("rocketmq.transaction", 1)
            .hasNumberOfObservationsWithNameEqualTo("rocketmq.send", 0)
            .hasObservationWithNameEqualTo("rocketmq.transaction")
            .that()
            .hasBeenStopped()
            .hasContextualNameEqualTo("orders transaction")
            .hasLowCardinalityKeyValue("rocketmq.transaction.decision", "commit")
            .hasLowCardinalityKeyValue("messaging.destination.name", "orders")
            .hasLowCardinalityKeyValue("messaging.operation", "publish")
            .hasLowCardinalityKeyValue("rocketmq.template.name", "orderTemplate")
            .hasHighCardinalityKeyValue("messaging.message.id", "RECORDED-ID")
            .doesNotHaveError();
    }

    @Test
    void aLocalTransactionThatThrowsIsARollbackObservationWithItsError() {
        this.template.setObservationRegistry(this.registry);
        IllegalStateException failure = new IllegalStateException("insufficient funds");

        assertThatIllegalStateException().isThrownBy(() -> this.template.sendInTransaction("orders", "order 2", () -> {
            throw failure;
        })).isSameAs(failure);

        TestObservationRegistryAssert.assertThat(this.registry)
            .hasObservationWithNameEqualTo("rocketmq.transaction")
            .that()
            .hasLowCardinalityKeyValue("rocketmq.transaction.decision", "rollback")
            .hasError(failure);
    }

    @Test
    void everyDecisionOfAListenerIsItsOwnKeyValue() {
        this.template.setObservationRegistry(this.registry);
        for (LocalTransactionState state : LocalTransactionState.values()) {
            this.template.sendInTransaction("orders", "x", new Fixed(state), null);
        }
        TestObservationRegistryAssert.assertThat(this.registry)
            .hasNumberOfObservationsWithNameEqualTo("rocketmq.transaction", 3)
            .hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts)
                .extracting((context) -> context.getLowCardinalityKeyValue("rocketmq.transaction.decision").getValue())
                .containsExactly("commit", "rollback", "unknown"));
    }

    @Test
    void theCheckersAnswerIsACheckObservationInTheTraceOfTheSend() {
        this.template.setObservationRegistry(this.tracing.install(this.registry));
        this.template.sendInTransaction("orders", "order 3", new Fixed(LocalTransactionState.UNKNOWN), null);
        Message sent = this.producer.lastMessage();
        String traceparent = sent.properties().get("traceparent");
        assertThat(traceparent).as("the half message carries the trace").isNotNull();
        ObservedTransactionChecker checker = new ObservedTransactionChecker(new Fixed(LocalTransactionState.COMMIT),
                () -> this.registry, "orders-group");

        LocalTransactionState answer = checker.checkLocalTransaction(new HalfMessage("orders", "RECORDED-ID",
                "RECORDED-ID", null, List.of(), sent.properties(), new byte[0], null, "broker-a", Instant.now(), 1));

        assertThat(answer).isEqualTo(LocalTransactionState.COMMIT);
        TestObservationRegistryAssert.assertThat(this.registry)
            .hasObservationWithNameEqualTo("rocketmq.transaction.check")
            .that()
            .hasContextualNameEqualTo("orders check")
            .hasLowCardinalityKeyValue("rocketmq.transaction.decision", "commit")
            .hasLowCardinalityKeyValue("messaging.operation", "check")
            .hasLowCardinalityKeyValue("messaging.rocketmq.client_group", "orders-group")
            .hasHighCardinalityKeyValue("messaging.message.id", "RECORDED-ID");
        List<SpanData> spans = this.tracing.finishedSpans();
        assertThat(spans).hasSize(2);
        SpanData send = spans.get(0);
        SpanData check = spans.get(1);
        assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(check.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(check.getTraceId()).as("the check continues the send's trace").isEqualTo(send.getTraceId());
        assertThat(check.getParentSpanId()).isEqualTo(send.getSpanId());
    }

    @Test
    void aCheckerThatThrowsIsACheckObservationWithItsError() {
        IllegalStateException failure = new IllegalStateException("database down");
        ObservedTransactionChecker checker = new ObservedTransactionChecker((half) -> {
            throw failure;
        }, () -> this.registry, "orders-group");

        assertThatIllegalStateException().isThrownBy(() -> checker.checkLocalTransaction(new HalfMessage("orders", "ID",
                "ID", null, List.of(), Map.of(), new byte[0], null, "broker-a", Instant.now(), 1)));

        TestObservationRegistryAssert.assertThat(this.registry)
            .hasObservationWithNameEqualTo("rocketmq.transaction.check")
            .that()
            .hasLowCardinalityKeyValue("rocketmq.transaction.decision", "none")
            .hasError(failure);
    }

    @Test
    void theDocumentationDeclaresEveryKeyOfBothObservations() {
        assertThat(RocketMQTransactionObservation.TRANSACTION.getLowCardinalityKeyNames())
            .extracting(io.micrometer.common.docs.KeyName::asString)
            .containsExactly("rocketmq.template.name", "messaging.system", "messaging.operation",
                    "messaging.destination.name", "messaging.rocketmq.client_group", "rocketmq.transaction.decision");
        assertThat(RocketMQTransactionObservation.CHECK.getLowCardinalityKeyNames())
            .extracting(io.micrometer.common.docs.KeyName::asString)
            .containsExactly("messaging.system", "messaging.operation", "messaging.destination.name",
                    "messaging.rocketmq.client_group", "rocketmq.transaction.decision");
        assertThat(RocketMQTransactionObservation.CHECK.getName()).isEqualTo("rocketmq.transaction.check");
    }

    /** Decides the same each time. */
    private record Fixed(LocalTransactionState state) implements TransactionListener {

        @Override
        public LocalTransactionState executeLocalTransaction(Message message, @Nullable Object arg) {
            return this.state;
        }

        @Override
        public LocalTransactionState checkLocalTransaction(HalfMessage message) {
            return this.state;
        }

    }

}
