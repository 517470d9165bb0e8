package io.liftoff.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.liftoff.client.internal.message.MessageEncoder;
import io.liftoff.client.internal.remoting.LanguageCode;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;
import io.liftoff.client.testing.FakeBroker;
import io.liftoff.client.testing.FakeCluster;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.liftoff.client.testing.ScriptedTransactionListener;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wire side of transactional sends against a fake broker that records every request
 * and sends checks on demand: what a half message and a decision carry, how checks are
 * answered, and what becomes of checks that run once the producer is closed, none of
 * which a real broker can be made to show on demand.
 */
class TransactionWithFakeBrokerTests {

    private static final String TOPIC = "tx-fake";

    /** A broker's offset message id: 127.0.0.1:10911, commit-log offset 0x1A2B. */
    private static final String OFFSET_MSG_ID = "7F00000100002A9F0000000000001A2B";

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    private final Logger checkerLogger = (Logger) LoggerFactory
        .getLogger("io.liftoff.client.internal.send.TransactionChecker");

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    private FakeCluster cluster;

    @BeforeEach
    void start() throws IOException {
        this.cluster = new FakeCluster();
        this.closeables.add(this.cluster);
        this.logged.start();
        this.checkerLogger.addAppender(this.logged);
    }

    @AfterEach
    void closeAll() throws Exception {
        this.checkerLogger.detachAppender(this.logged);
        for (int i = this.closeables.size() - 1; i >= 0; i--) {
            this.closeables.get(i).close();
        }
    }

    @Test
    void theHalfMessageIsMarkedPreparedForTheWireGroupAndTheCommitGoesOnewayToItsBroker() throws Exception {
        FakeBroker broker = this.cluster.broker("broker-a", storesWithOffsetId(ResponseCodes.SUCCESS));
        Producer producer = producer(Producer.builder().namespace("ns"));
        ScriptedTransactionListener listener = new ScriptedTransactionListener(LocalTransactionState.COMMIT);

        TransactionResult result = producer.sendInTransaction(message("order-1"), listener, "arg");

        assertThat(result.decision()).isEqualTo(LocalTransactionState.COMMIT);
        assertThat(listener.args).containsExactly("arg");
        RemotingCommand half = broker.awaitRequests(RequestCode.SEND_MESSAGE_V2, 1, WAIT).get(0);
        assertThat(half.ext("a")).isEqualTo("ns%tx-group");
        assertThat(half.ext("b")).isEqualTo("ns%" + TOPIC);
        assertThat(half.ext("f")).as("sysFlag: transaction prepared").isEqualTo("4");
        assertThat(MessageEncoder.decodeProperties(half.ext("i"))).containsEntry("TRAN_MSG", "true")
            .containsEntry("PGROUP", "ns%tx-group")
            .containsEntry("UNIQ_KEY", result.messageId())
            .containsEntry("KEYS", "order-1");
        RemotingCommand end = broker.awaitRequests(RequestCode.END_TRANSACTION, 1, WAIT).get(0);
        assertThat(end.isOneway()).isTrue();
        assertThat(end.extFields()).containsOnly(Map.entry("producerGroup", "ns%tx-group"),
                Map.entry("topic", "ns%" + TOPIC), Map.entry("bname", "broker-a"),
                Map.entry("tranStateTableOffset", "17"), Map.entry("commitLogOffset", Long.toString(0x1A2B)),
                Map.entry("commitOrRollback", "8"), Map.entry("fromTransactionCheck", "false"),
                Map.entry("msgId", result.messageId()), Map.entry("transactionId", result.messageId()));
        assertThat(end.remark()).isNull();
    }

    @Test
    void aHalfMessageStoredWithoutSendOkIsRolledBackWithoutRunningTheLocalTransaction() throws Exception {
        FakeBroker broker = this.cluster.broker("broker-a", storesWithOffsetId(ResponseCodes.FLUSH_DISK_TIMEOUT));
        Producer producer = producer(Producer.builder());
        ScriptedTransactionListener listener = new ScriptedTransactionListener(LocalTransactionState.COMMIT);

        TransactionResult result = producer.sendInTransaction(message("order-2"), listener, null);

        assertThat(result.halfResult().status()).isEqualTo(SendStatus.FLUSH_DISK_TIMEOUT);
        assertThat(result.decision()).isEqualTo(LocalTransactionState.ROLLBACK);
        assertThat(listener.args).isEmpty();
        RemotingCommand end = broker.awaitRequests(RequestCode.END_TRANSACTION, 1, WAIT).get(0);
        assertThat(end.ext("commitOrRollback")).isEqualTo("12");
    }

    @Test
    void aLocalTransactionThatThrowsEndsUnknownWithItsFailureAsTheRemarkAndIsNotRethrown() throws Exception {
        FakeBroker broker = this.cluster.broker("broker-a", storesWithOffsetId(ResponseCodes.SUCCESS));
        Producer producer = producer(Producer.builder());
        ScriptedTransactionListener listener = new ScriptedTransactionListener(LocalTransactionState.COMMIT);
        listener.fail = new IllegalStateException("database down");

        TransactionResult result = producer.sendInTransaction(message("order-3"), listener, null);

        assertThat(result.decision()).isEqualTo(LocalTransactionState.UNKNOWN);
        assertThat(result.localFailure()).isSameAs(listener.fail);
        RemotingCommand end = broker.awaitRequests(RequestCode.END_TRANSACTION, 1, WAIT).get(0);
        assertThat(end.ext("commitOrRollback")).isEqualTo("0");
        assertThat(end.remark()).contains("database down");
    }

    @Test
    void aDelayedMessageIsRefusedBeforeAnythingIsSent() throws Exception {
        FakeBroker broker = this.cluster.broker("broker-a", storesWithOffsetId(ResponseCodes.SUCCESS));
        Producer producer = producer(Producer.builder());
        Message delayed = Message.builder(TOPIC).deliveryDelay(Duration.ofMinutes(1)).body(new byte[] { 1 }).build();

        assertThatThrownBy(() -> producer.sendInTransaction(delayed,
                new ScriptedTransactionListener(LocalTransactionState.COMMIT), null))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessageContaining("delayed");
        assertThat(broker.requestsSeen(RequestCode.SEND_MESSAGE_V2)).isEmpty();
    }

    @Test
    void aCheckGoesToTheListenerItsMessageWasSentWithAndIsAnsweredOnewayToTheBrokerThatAsked() throws Exception {
        FakeBroker broker = this.cluster.broker("broker-a", storesWithOffsetId(ResponseCodes.SUCCESS));
        ScriptedTransactionListener ownListener = new ScriptedTransactionListener(LocalTransactionState.ROLLBACK);
        Producer producer = producer(Producer.builder().namespace("ns").transactionListener(ownListener));
        ScriptedTransactionListener listener = new ScriptedTransactionListener(LocalTransactionState.UNKNOWN);
        listener.check = LocalTransactionState.COMMIT;
        TransactionResult result = producer.sendInTransaction(message("order-4"), listener, null);
        // The heartbeat on the new connection may still be on its way when the send ends.
        broker.awaitRequests(RequestCode.HEART_BEAT, 1, WAIT);

        broker.sendToClient(check(result.messageId(), "ns%" + TOPIC, Map.of("tenant", "acme")));

        RemotingCommand answer = broker.awaitRequests(RequestCode.END_TRANSACTION, 2, WAIT).get(1);
        assertThat(answer.isOneway()).isTrue();
        assertThat(answer.extFields()).containsOnly(Map.entry("producerGroup", "ns%tx-group"),
                Map.entry("topic", "RMQ_SYS_TRANS_HALF_TOPIC"), Map.entry("bname", "broker-a"),
                Map.entry("tranStateTableOffset", "42"), Map.entry("commitLogOffset", "4096"),
                Map.entry("commitOrRollback", "8"), Map.entry("fromTransactionCheck", "true"),
                Map.entry("msgId", result.messageId()), Map.entry("transactionId", result.messageId()));
        assertThat(ownListener.checked).isEmpty();
        HalfMessage checked = listener.checked.get(0);
        assertThat(checked.topic()).isEqualTo(TOPIC);
        assertThat(checked.messageId()).isEqualTo(result.messageId());
        assertThat(checked.transactionId()).isEqualTo(result.messageId());
        assertThat(checked.tag()).isEqualTo("created");
        assertThat(checked.keys()).containsExactly("order-4", "customer-7");
        assertThat(checked.properties()).containsOnly(Map.entry("tenant", "acme"));
        assertThat(new String(checked.body(), StandardCharsets.UTF_8)).isEqualTo("stored body");
        assertThat(checked.offsetMessageId()).isEqualTo(OFFSET_MSG_ID);
        assertThat(checked.brokerName()).isEqualTo("broker-a");
        assertThat(checked.bornTime().toEpochMilli()).isEqualTo(1_700_000_000_000L);
        assertThat(checked.checkTimes()).isEqualTo(2);
        assertThat(listener.checkThreads).allSatisfy((thread) -> assertThat(thread).startsWith("liftoff-callback-"));
    }

    @Test
    void aCheckOfATransactionTheProducerDoesNotKnowGoesToItsOwnListener() throws Exception {
        FakeBroker broker = this.cluster.broker("broker-a", storesWithOffsetId(ResponseCodes.SUCCESS));
        ScriptedTransactionListener ownListener = new ScriptedTransactionListener(LocalTransactionState.UNKNOWN);
        ownListener.check = LocalTransactionState.ROLLBACK;
        Producer producer = producer(Producer.builder().transactionListener(ownListener));
        connect(producer, broker);

        broker.sendToClient(check("C0A80001000000000000000000000001", TOPIC, Map.of()));

        RemotingCommand answer = broker.awaitRequests(RequestCode.END_TRANSACTION, 1, WAIT).get(0);
        assertThat(answer.ext("commitOrRollback")).isEqualTo("12");
        assertThat(answer.ext("fromTransactionCheck")).isEqualTo("true");
        assertThat(ownListener.checked).extracting(HalfMessage::messageId)
            .containsExactly("C0A80001000000000000000000000001");
    }

    @Test
    void aCheckWithoutAnyListenerIsAnsweredUnknownWithAWarningNamingTheMessage() throws Exception {
        FakeBroker broker = this.cluster.broker("broker-a", storesWithOffsetId(ResponseCodes.SUCCESS));
        Producer producer = producer(Producer.builder());
        connect(producer, broker);

        broker.sendToClient(check("C0A80001000000000000000000000002", TOPIC, Map.of()));

        RemotingCommand answer = broker.awaitRequests(RequestCode.END_TRANSACTION, 1, WAIT).get(0);
        assertThat(answer.ext("commitOrRollback")).isEqualTo("0");
        assertThat(this.logged.list).anySatisfy((event) -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("No TransactionListener")
                .contains("C0A80001000000000000000000000002")
                .contains(TOPIC);
        });
    }

    @Test
    void aCheckWhoseListenerThrowsIsAnsweredUnknownWithTheFailureAsTheRemark() throws Exception {
        FakeBroker broker = this.cluster.broker("broker-a", storesWithOffsetId(ResponseCodes.SUCCESS));
        ScriptedTransactionListener ownListener = new ScriptedTransactionListener(LocalTransactionState.UNKNOWN);
        ownListener.checkFailure = new IllegalStateException("lookup failed");
        Producer producer = producer(Producer.builder().transactionListener(ownListener));
        connect(producer, broker);

        broker.sendToClient(check("C0A80001000000000000000000000003", TOPIC, Map.of()));

        RemotingCommand answer = broker.awaitRequests(RequestCode.END_TRANSACTION, 1, WAIT).get(0);
        assertThat(answer.ext("commitOrRollback")).isEqualTo("0");
        assertThat(answer.remark()).contains("lookup failed");
    }

    @Test
    void checksThatRunOnceTheProducerIsClosedAreDroppedWithALogLineAndNoError() throws Exception {
        FakeBroker broker = this.cluster.broker("broker-a", storesWithOffsetId(ResponseCodes.SUCCESS));
        ClientResources shared = ClientResources.builder().name("tx-close").callbackThreads(1).build();
        this.closeables.add(shared);
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ScriptedTransactionListener ownListener = new ScriptedTransactionListener(LocalTransactionState.UNKNOWN) {

            @Override
            public LocalTransactionState checkLocalTransaction(HalfMessage message) {
                LocalTransactionState state = super.checkLocalTransaction(message);
                checking.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                return state;
            }

        };
        ownListener.check = LocalTransactionState.COMMIT;
        Producer producer = producer(Producer.builder().transactionListener(ownListener).clientResources(shared));
        connect(producer, broker);
        List<ILoggingEvent> problems = new CopyOnWriteArrayList<>();
        ListAppender<ILoggingEvent> all = new ListAppender<>() {

            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                    problems.add(event);
                }
            }

        };
        Logger root = (Logger) LoggerFactory.getLogger("io.liftoff");
        all.start();
        root.addAppender(all);
        try {
            broker.sendToClient(check("C0A80001000000000000000000000004", TOPIC, Map.of()));
            assertThat(checking.await(5, TimeUnit.SECONDS)).isTrue();
            // The producer's one callback thread is busy with the first check: the second
            // waits in its queue.
            broker.sendToClient(check("C0A80001000000000000000000000005", TOPIC, Map.of()));
            broker.roundTrip();

            producer.close(Duration.ZERO);
            release.countDown();
            shared.close();
        }
        finally {
            root.detachAppender(all);
        }

        assertThat(ownListener.checked).extracting(HalfMessage::messageId)
            .containsExactly("C0A80001000000000000000000000004");
        assertThat(broker.requestsSeen(RequestCode.END_TRANSACTION)).isEmpty();
        assertThat(problems).isEmpty();
        assertThat(this.logged.list).extracting(ILoggingEvent::getFormattedMessage)
            .anySatisfy((line) -> assertThat(line).contains("closed while checking transaction")
                .contains("C0A80001000000000000000000000004")
                .contains("dropped"))
            .anySatisfy((line) -> assertThat(line).contains("is closed")
                .contains("C0A80001000000000000000000000005")
                .contains("dropped"));
    }

    private Producer producer(ProducerBuilder builder) {
        Producer producer = builder.nameServer(this.cluster.nameServerAddress()).group("tx-group").build();
        producer.start();
        this.closeables.add(() -> producer.close(Duration.ZERO));
        return producer;
    }

    /** Opens the producer's connection to the broker: it heartbeats on it at once. */
    private static void connect(Producer producer, FakeBroker broker) throws Exception {
        producer.send(Message.of(TOPIC, new byte[] { 1 }));
        broker.awaitRequests(RequestCode.HEART_BEAT, 1, WAIT);
    }

    private static Message message(String key) {
        return Message.builder(TOPIC).keys(key).body(key.getBytes(StandardCharsets.UTF_8)).build();
    }

    /**
     * Answers as a broker that stored the message: the code, an offset message id, queue
     * offset 17, and the message's {@code UNIQ_KEY} as transaction id.
     */
    private static FakeBroker.Answer storesWithOffsetId(int code) {
        return (request) -> {
            Map<String, String> fields = new HashMap<>();
            fields.put("msgId", OFFSET_MSG_ID);
            fields.put("queueId", request.ext("e"));
            fields.put("queueOffset", "17");
            fields.put("transactionId", MessageEncoder.decodeProperties(request.ext("i")).get("UNIQ_KEY"));
            return new RemotingCommand(code, LanguageCode.JAVA, RemotingCommand.VERSION, request.opaque(),
                    RemotingCommand.FLAG_RESPONSE, null, fields, null);
        };
    }

    /**
     * A CHECK_TRANSACTION_STATE request as a 5.3.3 broker sends it: the header of
     * {@code AbstractTransactionalMessageCheckListener.sendCheckMessage} and the half
     * message, its real topic restored, encoded by the official
     * {@code MessageDecoder.encode}.
     */
    private static RemotingCommand check(String uniqueKey, String wireTopic, Map<String, String> userProperties)
            throws Exception {
        MessageExt stored = new MessageExt();
        stored.setTopic(wireTopic);
        stored.setQueueId(0);
        stored.setQueueOffset(42);
        stored.setCommitLogOffset(4096);
        stored.setSysFlag(4);
        stored.setBornTimestamp(1_700_000_000_000L);
        stored.setBornHost(new InetSocketAddress("127.0.0.1", 50000));
        stored.setStoreTimestamp(1_700_000_000_100L);
        stored.setStoreHost(new InetSocketAddress("127.0.0.1", 10911));
        stored.setBody("stored body".getBytes(StandardCharsets.UTF_8));
        MessageAccessor.putProperty(stored, MessageConst.PROPERTY_TAGS, "created");
        MessageAccessor.putProperty(stored, MessageConst.PROPERTY_KEYS, "order-4 customer-7");
        MessageAccessor.putProperty(stored, MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqueKey);
        MessageAccessor.putProperty(stored, MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
        MessageAccessor.putProperty(stored, MessageConst.PROPERTY_PRODUCER_GROUP,
                wireTopic.startsWith("ns%") ? "ns%tx-group" : "tx-group");
        MessageAccessor.putProperty(stored, MessageConst.PROPERTY_REAL_TOPIC, wireTopic);
        MessageAccessor.putProperty(stored, MessageConst.PROPERTY_REAL_QUEUE_ID, "0");
        MessageAccessor.putProperty(stored, MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES, "2");
        userProperties.forEach((name, value) -> MessageAccessor.putProperty(stored, name, value));
        Map<String, String> header = new HashMap<>();
        header.put("topic", "RMQ_SYS_TRANS_HALF_TOPIC");
        header.put("commitLogOffset", "4096");
        header.put("offsetMsgId", OFFSET_MSG_ID);
        header.put("msgId", uniqueKey);
        header.put("transactionId", uniqueKey);
        header.put("tranStateTableOffset", "42");
        header.put("bname", "broker-a");
        return new RemotingCommand(RequestCode.CHECK_TRANSACTION_STATE, LanguageCode.JAVA, RemotingCommand.VERSION, 7,
                RemotingCommand.FLAG_ONEWAY, null, header, MessageDecoder.encode(stored, false));
    }

}
