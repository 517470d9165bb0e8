package io.liftoff.spring;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.liftoff.autoconfigure.metrics.MicrometerProducerListener;
import io.liftoff.client.HalfMessage;
import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.Producer;
import io.liftoff.client.SendStatus;
import io.liftoff.client.TransactionListener;
import io.liftoff.client.TransactionResult;
import io.liftoff.embedded.BrokerCustomizer;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.apache.rocketmq.common.message.MessageExt;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link MessageTemplate#sendInTransaction} against the embedded RocketMQ with the
 * application's {@code PlatformTransactionManager} (a recording one: no database needed
 * to see which transaction it committed or rolled back), read back with the official
 * consumer.
 */
@SpringBootTest(classes = MessageTemplateTransactionIntegrationTests.Application.class,
        properties = { "rocketmq.embedded.enabled=true", "rocketmq.producer.group=template-tx",
                "rocketmq.embedded.topics.tx-spring=2", "rocketmq.embedded.topics.tx-spring-check=1" })
@DirtiesContext
class MessageTemplateTransactionIntegrationTests {

    @Autowired
    private MessageTemplate template;

    @Autowired
    private EmbeddedRocketMQ rocketmq;

    @Autowired
    private RecordingTransactionManager transactions;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private OrderChecker checker;

    @Autowired
    private TestObservationRegistry observations;

    @Test
    void theDatabaseTransactionDecidesTheMessageCommittedWhenItCommitsRolledBackWhenItThrows() {
        AtomicInteger ranInTransaction = new AtomicInteger();
        TransactionResult committed = this.template.sendInTransaction("tx-spring", "order o-1 paid", () -> {
            if (TransactionSynchronizationManager.isActualTransactionActive()) {
                ranInTransaction.incrementAndGet();
            }
        });
        assertThat(committed.decision()).isEqualTo(LocalTransactionState.COMMIT);
        assertThat(committed.halfResult().status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(ranInTransaction).as("the local transaction ran in the database transaction").hasValue(1);
        assertThat(this.transactions.commits).hasValue(1);

        assertThatThrownBy(() -> this.template.sendInTransaction("tx-spring", "order o-2 paid", () -> {
            throw new IllegalStateException("insufficient funds");
        })).isInstanceOf(IllegalStateException.class).hasMessage("insufficient funds");
        assertThat(this.transactions.rollbacks).hasValue(1);

        TransactionResult third = this.template.sendInTransaction("tx-spring", "order o-3 paid", () -> {
        });
        List<MessageExt> visible = StoredMessages.read(this.rocketmq.nameServerAddress(), "tx-spring", 3,
                Duration.ofSeconds(6));
        assertThat(visible).extracting((message) -> message.getProperty("UNIQ_KEY"))
            .as("committed messages visible, the rolled back one never")
            .containsExactlyInAnyOrder(committed.messageId(), third.messageId());
        assertThat(transactions("commit")).as("transactions committed, counted in the metrics")
            .isGreaterThanOrEqualTo(2);
        assertThat(transactions("rollback")).isGreaterThanOrEqualTo(1);
    }

    private double transactions(String outcome) {
        Counter counter = this.meters.find(MicrometerProducerListener.TRANSACTIONS)
            .tag("outcome", outcome)
            .tag("source", "local")
            .counter();
        return (counter != null) ? counter.count() : 0;
    }

    @Test
    void anExplicitListenerRunsTheLocalTransactionWithItsArgument() {
        TransactionResult result = this.template.sendInTransaction("tx-spring", "with listener",
                new TransactionListener() {
                    @Override
                    public LocalTransactionState executeLocalTransaction(io.liftoff.client.Message message,
                            @Nullable Object arg) {
                        return "roll back".equals(arg) ? LocalTransactionState.ROLLBACK : LocalTransactionState.COMMIT;
                    }

                    @Override
                    public LocalTransactionState checkLocalTransaction(HalfMessage message) {
                        return LocalTransactionState.ROLLBACK;
                    }
                }, "roll back");
        assertThat(result.decision()).isEqualTo(LocalTransactionState.ROLLBACK);
    }

    @Test
    void theCheckerBeanAnswersTheBrokersCheckOfAHalfMessageAnEarlierInstanceLeftUndecided() throws Exception {
        TransactionResult undecided;
        // An earlier instance of the application (same group) stored a half message and
        // stopped before deciding it: the broker asks this application's producer.
        try (Producer earlier = Producer.builder()
            .nameServer(this.rocketmq.nameServerAddress())
            .group("template-tx")
            .build()) {
            earlier.start();
            undecided = earlier.sendInTransaction(
                    io.liftoff.client.Message.builder("tx-spring-check").keys("order-9").body(new byte[] { 9 }).build(),
                    new TransactionListener() {
                        @Override
                        public LocalTransactionState executeLocalTransaction(io.liftoff.client.Message message,
                                @Nullable Object arg) {
                            return LocalTransactionState.UNKNOWN;
                        }

                        @Override
                        public LocalTransactionState checkLocalTransaction(HalfMessage message) {
                            return LocalTransactionState.ROLLBACK;
                        }
                    }, null);
        }
        assertThat(undecided.decision()).isEqualTo(LocalTransactionState.UNKNOWN);

        List<MessageExt> delivered = StoredMessages.read(this.rocketmq.nameServerAddress(), "tx-spring-check", 1,
                Duration.ofSeconds(30));

        assertThat(delivered).as("committed by the checker bean's answer")
            .extracting((message) -> message.getProperty("UNIQ_KEY"))
            .containsExactly(undecided.messageId());
        assertThat(this.checker.checked).extracting(HalfMessage::messageId).contains(undecided.messageId());
        assertThat(this.checker.threads).isNotEmpty()
            .allSatisfy((thread) -> assertThat(thread).startsWith("liftoff-callback-"));
        TestObservationRegistryAssert.assertThat(this.observations)
            .hasObservationWithNameEqualTo("rocketmq.transaction.check")
            .that()
            .hasLowCardinalityKeyValue("rocketmq.transaction.decision", "commit")
            .hasLowCardinalityKeyValue("messaging.destination.name", "tx-spring-check")
            .hasHighCardinalityKeyValue("messaging.message.id", undecided.messageId());
        Counter checked = this.meters.find(MicrometerProducerListener.TRANSACTIONS)
            .tag("outcome", "commit")
            .tag("source", "check")
            .counter();
        assertThat(checked).isNotNull();
        assertThat(checked.count()).isGreaterThanOrEqualTo(1);
    }

    /**
     * The application's checker: commits what it is asked about, as if found in its
     * database.
     */
    @TransactionChecker(group = "template-tx")
    static final class OrderChecker implements TransactionListener {

        final List<HalfMessage> checked = new CopyOnWriteArrayList<>();

        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public LocalTransactionState checkLocalTransaction(HalfMessage message) {
            this.checked.add(message);
            this.threads.add(Thread.currentThread().getName());
            return message.keys().contains("order-9") ? LocalTransactionState.COMMIT : LocalTransactionState.UNKNOWN;
        }

    }

    /** Records what it committed and rolled back. */
    static final class RecordingTransactionManager extends AbstractPlatformTransactionManager {

        final AtomicInteger commits = new AtomicInteger();

        final AtomicInteger rollbacks = new AtomicInteger();

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            this.commits.incrementAndGet();
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            this.rollbacks.incrementAndGet();
        }

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        RecordingTransactionManager transactionManager() {
            return new RecordingTransactionManager();
        }

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        OrderChecker orderChecker() {
            return new OrderChecker();
        }

        @Bean
        TestObservationRegistry observationRegistry() {
            return TestObservationRegistry.create();
        }

        @Bean
        BrokerCustomizer fastTransactionChecks() {
            return (name, broker, store) -> {
                broker.setTransactionTimeOut(1000);
                broker.setTransactionCheckInterval(1000);
                broker.setTransactionOpBatchInterval(100);
            };
        }

    }

}
