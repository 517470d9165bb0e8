package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.liftoff.client.testing.ScriptedTransactionListener;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Transactional sends against two real brokers whose transaction check runs every second
 * for half messages older than a second (30 s and 6 s by default), checked with the
 * official consumer reading what the brokers deliver.
 */
class TransactionIntegrationTests {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    /**
     * What the application's own records say of each transaction, by message key: the
     * producer's transaction listener answers checks from them, as an application would
     * from its database.
     */
    private static final Records records = new Records();

    private static EmbeddedRocketMQ rocketmq;

    private static Producer producer;

    @BeforeAll
    static void start() {
        rocketmq = EmbeddedRocketMQ.builder()
            .brokers(2)
            .topic("tx-commit", 2)
            .topic("tx-rollback", 2)
            .topic("tx-unknown", 1)
            .topic("tx-throws", 2)
            .topic("tx-refused", 1)
            .topic("tx-restart", 1)
            .topic("tx-mixed", 2)
            .brokerCustomizer((name, broker, store) -> {
                broker.setTransactionTimeOut(1000);
                broker.setTransactionCheckInterval(1000);
                // Decisions are written to the broker's op queue in batches; soon after,
                // so that a decided message is seldom checked again.
                broker.setTransactionOpBatchInterval(100);
            })
            .start();
        producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("it-tx")
            .transactionListener(records)
            .build();
        producer.start();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (rocketmq != null) {
            rocketmq.close();
        }
    }

    @Test
    void aCommittedTransactionIsDeliveredOnlyOnceCommittedWithItsIdBodyTagKeysAndProperties() {
        Message message = Message.builder("tx-commit")
            .tag("created")
            .keys("order-1", "customer-7")
            .property("tenant", "acme")
            .body("committed".getBytes(StandardCharsets.UTF_8))
            .build();
        Object arg = new Object();
        List<MessageExt> seenDuringLocalTransaction = new ArrayList<>();
        // A check during the local transaction (it takes longer than the brokers' 1 s
        // transaction timeout here) is answered as an application would: not known yet.
        ScriptedTransactionListener listener = new ScriptedTransactionListener(LocalTransactionState.COMMIT,
                LocalTransactionState.UNKNOWN) {

            @Override
            public LocalTransactionState executeLocalTransaction(Message given, @Nullable Object givenArg) {
                assertThat(given).isSameAs(message);
                assertThat(givenArg).isSameAs(arg);
                seenDuringLocalTransaction
                    .addAll(StoredMessages.read(rocketmq.nameServerAddress(), "tx-commit", 1, Duration.ofMillis(1000)));
                return super.executeLocalTransaction(given, givenArg);
            }

        };

        TransactionResult result = producer.sendInTransaction(message, listener, arg);

        assertThat(result.decision()).isEqualTo(LocalTransactionState.COMMIT);
        assertThat(result.localFailure()).isNull();
        assertThat(result.halfResult().status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.messageId()).isEqualTo(result.halfResult().messageId()).hasSize(32);
        assertThat(result.halfResult().queue().topic()).isEqualTo("tx-commit");
        assertThat(seenDuringLocalTransaction).as("the half message is not delivered before the commit").isEmpty();
        List<MessageExt> stored = StoredMessages.read(rocketmq.nameServerAddress(), "tx-commit", 1, READ_TIMEOUT);
        assertThat(stored).hasSize(1);
        MessageExt delivered = stored.get(0);
        assertThat(delivered.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX))
            .isEqualTo(result.messageId());
        assertThat(StoredMessages.text(delivered)).isEqualTo("committed");
        assertThat(delivered.getTags()).isEqualTo("created");
        assertThat(delivered.getKeys()).isEqualTo("order-1 customer-7");
        assertThat(delivered.getUserProperty("tenant")).isEqualTo("acme");
        assertThat(delivered.getProperty(MessageConst.PROPERTY_PRODUCER_GROUP)).isEqualTo("it-tx");
        assertThat(MessageSysFlag.getTransactionValue(delivered.getSysFlag()))
            .isEqualTo(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
    }

    @Test
    void aRolledBackTransactionIsNeverDelivered() {
        records.decide("rolled-back", LocalTransactionState.ROLLBACK);
        TransactionResult rolledBack = producer.sendInTransaction(message("tx-rollback", "rolled-back"),
                new ScriptedTransactionListener(LocalTransactionState.ROLLBACK, LocalTransactionState.ROLLBACK), null);
        TransactionResult marker = producer.sendInTransaction(message("tx-rollback", "marker"),
                new ScriptedTransactionListener(LocalTransactionState.COMMIT, LocalTransactionState.COMMIT), null);

        assertThat(rolledBack.decision()).isEqualTo(LocalTransactionState.ROLLBACK);
        List<MessageExt> stored = StoredMessages.read(rocketmq.nameServerAddress(), "tx-rollback", 1, READ_TIMEOUT);
        assertThat(ids(stored)).containsExactly(marker.messageId());
    }

    @Test
    void anUnknownTransactionIsCheckedWithItsOwnListenerOnACallbackThreadAndTheAnswerCommitsIt() throws Exception {
        records.decide("unknown-then-commit", LocalTransactionState.ROLLBACK);
        List<String> idsSeenByLocalTransaction = new ArrayList<>();
        ScriptedTransactionListener listener = new ScriptedTransactionListener(LocalTransactionState.UNKNOWN,
                LocalTransactionState.COMMIT) {

            @Override
            public LocalTransactionState executeLocalTransaction(Message given, SendResult halfResult,
                    @Nullable Object arg) {
                idsSeenByLocalTransaction.add(halfResult.messageId());
                return super.executeLocalTransaction(given, halfResult, arg);
            }

        };
        Message message = Message.builder("tx-unknown")
            .tag("pending")
            .keys("unknown-then-commit")
            .property("tenant", "acme")
            .body("checked".getBytes(StandardCharsets.UTF_8))
            .build();

        TransactionResult result = producer.sendInTransaction(message, listener, null);

        assertThat(result.decision()).isEqualTo(LocalTransactionState.UNKNOWN);
        assertThat(listener.firstCheck.await(30, TimeUnit.SECONDS)).as("the broker checked back").isTrue();
        List<MessageExt> stored = StoredMessages.read(rocketmq.nameServerAddress(), "tx-unknown", 1, READ_TIMEOUT);
        assertThat(ids(stored)).containsExactly(result.messageId());
        HalfMessage checked = listener.checked.get(0);
        assertThat(checked.topic()).isEqualTo("tx-unknown");
        assertThat(checked.messageId()).isEqualTo(result.messageId());
        assertThat(idsSeenByLocalTransaction).as("the local transaction saw the id the check names")
            .containsExactly(checked.messageId());
        assertThat(listener.args).as("the official shape ran through the default method").hasSize(1);
        assertThat(checked.transactionId()).isEqualTo(result.messageId());
        assertThat(checked.tag()).isEqualTo("pending");
        assertThat(checked.keys()).containsExactly("unknown-then-commit");
        assertThat(checked.properties()).containsExactly(Map.entry("tenant", "acme"));
        assertThat(new String(checked.body(), StandardCharsets.UTF_8)).isEqualTo("checked");
        assertThat(checked.offsetMessageId()).isNotBlank();
        assertThat(checked.brokerName()).isEqualTo(result.halfResult().queue().brokerName());
        assertThat(checked.checkTimes()).isGreaterThanOrEqualTo(1);
        assertThat(checked.bornTime()).isBefore(java.time.Instant.now());
        assertThat(listener.checkThreads).allSatisfy((thread) -> assertThat(thread).startsWith("liftoff-callback-"));
        assertThat(records.checkedKeys).as("the producer's own listener was not asked")
            .doesNotContain("unknown-then-commit");
    }

    @Test
    void aListenerThatOnlyAnswersChecksIsRefusedBeforeAnythingIsSent() {
        TransactionListener checksOnly = (half) -> LocalTransactionState.COMMIT;

        assertThatIllegalArgumentException()
            .isThrownBy(() -> producer.sendInTransaction(message("tx-refused", "refused"), checksOnly, null))
            .withMessageContaining("implements neither executeLocalTransaction(Message, Object) nor "
                    + "executeLocalTransaction(Message, SendResult, Object)");
        assertThat(StoredMessages.read(rocketmq.nameServerAddress(), "tx-refused", 1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aLocalTransactionThatThrowsIsNotDeliveredAndTheProducerKeepsSending() throws Exception {
        IllegalStateException failure = new IllegalStateException("database down");
        ScriptedTransactionListener listener = new ScriptedTransactionListener(LocalTransactionState.COMMIT,
                LocalTransactionState.ROLLBACK);
        listener.fail = failure;

        TransactionResult failed = producer.sendInTransaction(message("tx-throws", "throws"), listener, null);

        assertThat(failed.decision()).isEqualTo(LocalTransactionState.UNKNOWN);
        assertThat(failed.localFailure()).isSameAs(failure);
        assertThat(listener.firstCheck.await(30, TimeUnit.SECONDS)).as("the broker checked back").isTrue();
        SendResult plain = producer.send(message("tx-throws", "plain"));
        TransactionResult committed = producer.sendInTransaction(message("tx-throws", "committed"),
                new ScriptedTransactionListener(LocalTransactionState.COMMIT, LocalTransactionState.COMMIT), null);
        List<MessageExt> stored = StoredMessages.read(rocketmq.nameServerAddress(), "tx-throws", 2, READ_TIMEOUT);
        assertThat(ids(stored)).containsExactlyInAnyOrder(plain.messageId(), committed.messageId());
    }

    @Test
    void aHalfMessageLeftUndecidedByAClosedProducerIsCheckedWithTheNextProducerOfItsGroup() throws Exception {
        ScriptedTransactionListener first = new ScriptedTransactionListener(LocalTransactionState.UNKNOWN,
                LocalTransactionState.ROLLBACK);
        TransactionResult undecided;
        try (Producer before = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("it-tx-restart")
            .build()) {
            before.start();
            undecided = before.sendInTransaction(message("tx-restart", "restart"), first, null);
        }
        Records afterRestart = new Records();
        afterRestart.decide("restart", LocalTransactionState.COMMIT);
        try (Producer after = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("it-tx-restart")
            .transactionListener(afterRestart)
            .heartbeatInterval(Duration.ofSeconds(1))
            .build()) {
            // Nothing sent, no route looked up: with a transaction listener the producer
            // registers on every broker of the cluster, so the check finds it.
            after.start();

            List<MessageExt> stored = StoredMessages.read(rocketmq.nameServerAddress(), "tx-restart", 1, READ_TIMEOUT);

            assertThat(ids(stored)).containsExactly(undecided.messageId());
            assertThat(afterRestart.checkedKeys).contains("restart");
            assertThat(first.checked).isEmpty();
        }
    }

    @Test
    void aHundredTransactionsWithMixedOutcomesAcrossTwoBrokersEndAsDecided() throws Exception {
        Map<String, Plan> plans = new HashMap<>();
        Plan[] kinds = Plan.values();
        for (int i = 0; i < 100; i++) {
            Plan plan = kinds[i % kinds.length];
            plans.put("mixed-" + i, plan);
            records.decide("mixed-" + i, plan.outcome());
        }
        Planned listener = new Planned(plans);
        Map<Plan, Integer> counts = new EnumMap<>(Plan.class);
        Set<String> expectedDelivered = new HashSet<>();
        Set<String> brokers = new HashSet<>();
        Map<String, String> idsByKey = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            String key = "mixed-" + i;
            TransactionResult result = producer.sendInTransaction(message("tx-mixed", key), listener, null);
            Plan plan = plans.get(key);
            assertThat(result.decision()).as(key).isEqualTo(plan.execute);
            counts.merge(plan, 1, Integer::sum);
            brokers.add(result.halfResult().queue().brokerName());
            idsByKey.put(key, result.messageId());
            if (plan.outcome() == LocalTransactionState.COMMIT) {
                expectedDelivered.add(result.messageId());
            }
        }
        assertThat(listener.undecidedChecked.await(60, TimeUnit.SECONDS))
            .as("every undecided transaction was checked (%s left)", listener.undecidedChecked.getCount())
            .isTrue();

        List<MessageExt> stored = StoredMessages.read(rocketmq.nameServerAddress(), "tx-mixed",
                expectedDelivered.size(), READ_TIMEOUT);

        System.out.println(
                "100 transactions across " + brokers + ": " + counts + "; " + stored.size() + " delivered (expected "
                        + expectedDelivered.size() + "), " + listener.checks.size() + " checks answered");
        assertThat(brokers).containsExactlyInAnyOrder("broker-a", "broker-b");
        assertThat(ids(stored)).containsExactlyInAnyOrderElementsOf(expectedDelivered);
        assertThat(listener.checks)
            .allSatisfy((key) -> assertThat(plans.get(key).execute).as("checked %s, decided at once", key)
                .isEqualTo(LocalTransactionState.UNKNOWN));
    }

    private static Message message(String topic, String key) {
        return Message.builder(topic).keys(key).body(key.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static List<String> ids(List<MessageExt> messages) {
        List<String> ids = new ArrayList<>();
        for (MessageExt message : messages) {
            ids.add(message.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
        }
        return ids;
    }

    /** How a transaction of the mixed test goes. */
    enum Plan {

        COMMIT(LocalTransactionState.COMMIT, LocalTransactionState.COMMIT, false),
        ROLLBACK(LocalTransactionState.ROLLBACK, LocalTransactionState.ROLLBACK, false),
        UNKNOWN_THEN_COMMIT(LocalTransactionState.UNKNOWN, LocalTransactionState.COMMIT, false),
        UNKNOWN_THEN_ROLLBACK(LocalTransactionState.UNKNOWN, LocalTransactionState.ROLLBACK, false),
        THROWS_THEN_ROLLBACK(LocalTransactionState.UNKNOWN, LocalTransactionState.ROLLBACK, true);

        final LocalTransactionState execute;

        final LocalTransactionState check;

        final boolean throwsOnExecute;

        Plan(LocalTransactionState execute, LocalTransactionState check, boolean throwsOnExecute) {
            this.execute = execute;
            this.check = check;
            this.throwsOnExecute = throwsOnExecute;
        }

        LocalTransactionState outcome() {
            return (this.execute != LocalTransactionState.UNKNOWN) ? this.execute : this.check;
        }

    }

    /** The mixed test's listener: runs and answers each transaction by its plan. */
    static final class Planned implements TransactionListener {

        final Map<String, Plan> plans;

        final List<String> checks = new CopyOnWriteArrayList<>();

        final Set<String> checkedOnce = ConcurrentHashMap.newKeySet();

        final CountDownLatch undecidedChecked;

        Planned(Map<String, Plan> plans) {
            this.plans = plans;
            this.undecidedChecked = new CountDownLatch((int) plans.values()
                .stream()
                .filter((plan) -> plan.execute == LocalTransactionState.UNKNOWN)
                .count());
        }

        @Override
        public LocalTransactionState executeLocalTransaction(Message message, @Nullable Object arg) {
            Plan plan = this.plans.get(message.keys().get(0));
            if (plan.throwsOnExecute) {
                throw new IllegalStateException("local transaction of " + message.keys() + " failed");
            }
            return plan.execute;
        }

        @Override
        public LocalTransactionState checkLocalTransaction(HalfMessage message) {
            String key = message.keys().get(0);
            this.checks.add(key);
            if (this.checkedOnce.add(key)) {
                this.undecidedChecked.countDown();
            }
            return this.plans.get(key).check;
        }

    }

    /**
     * A producer's own transaction listener answering from the application's records by
     * message key; a transaction without a record is unknown.
     */
    static final class Records implements TransactionListener {

        final Map<String, LocalTransactionState> decided = new ConcurrentHashMap<>();

        final List<String> checkedKeys = new CopyOnWriteArrayList<>();

        void decide(String key, LocalTransactionState state) {
            this.decided.put(key, state);
        }

        @Override
        public LocalTransactionState executeLocalTransaction(Message message, @Nullable Object arg) {
            throw new UnsupportedOperationException("only answers checks");
        }

        @Override
        public LocalTransactionState checkLocalTransaction(HalfMessage message) {
            String key = message.keys().isEmpty() ? "" : message.keys().get(0);
            this.checkedKeys.add(key);
            return this.decided.getOrDefault(key, LocalTransactionState.UNKNOWN);
        }

    }

}
