package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.apache.rocketmq.client.trace.TraceBean;
import org.apache.rocketmq.client.trace.TraceContext;
import org.apache.rocketmq.client.trace.TraceDataEncoder;
import org.apache.rocketmq.client.trace.TraceType;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.assertj.core.api.InstanceOfAssertFactories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message trace against real brokers: records read back from the trace topic with the
 * official consumer and parsed with the official decoder.
 */
@WithEmbeddedRocketMQ(brokers = 2, topics = { "traced:2", "untraced:2", "trace-failing:2", "RMQ_SYS_TRACE_TOPIC:1" })
class MessageTraceIntegrationTests {

    private final Logger liftoffLogger = (Logger) LoggerFactory.getLogger("io.liftoff");

    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

    @BeforeEach
    void captureWarnings() {
        this.warnings.start();
        this.liftoffLogger.addAppender(this.warnings);
    }

    @AfterEach
    void releaseWarnings() {
        this.liftoffLogger.detachAppender(this.warnings);
    }

    private List<String> traceWarnings() {
        return this.warnings.list.stream()
            .filter((event) -> event.getLevel().isGreaterOrEqual(Level.WARN))
            .filter((event) -> event.getLoggerName().endsWith("TraceDispatcher"))
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    }

    @Test
    void mixedSyncAsyncAndOnewaySendsEachWriteAPubRecordThatMatchesTheSend(EmbeddedRocketMQ rocketmq) throws Exception {
        Map<String, SendResult> results = new HashMap<>();
        List<CompletableFuture<SendResult>> async = new ArrayList<>();
        TraceStats stats;
        try (Producer producer = producer(rocketmq, TraceOptions.enabled())) {
            for (int i = 0; i < 100; i++) {
                Message message = Message.builder("traced")
                    .tag("tag-" + (i % 3))
                    .keys("key-" + i)
                    .body(("body-" + i + "-".repeat(i)).getBytes(StandardCharsets.UTF_8))
                    .build();
                switch (i % 3) {
                    case 0 -> results.put("key-" + i, producer.send(message));
                    case 1 -> async.add(producer.sendAsync(message));
                    default -> producer.sendOneway(message);
                }
            }
            CompletableFuture.allOf(async.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            for (CompletableFuture<SendResult> future : async) {
                results.put(future.get().messageId(), future.get());
            }
            producer.close();
            stats = producer.traceStats();
        }

        assertThat(stats).as("trace stats; warnings: %s", traceWarnings()).isEqualTo(new TraceStats(100, 0, 0));
        assertThat(traceWarnings()).isEmpty();
        Map<String, MessageExt> stored = new HashMap<>();
        for (MessageExt message : StoredMessages.read(rocketmq.nameServerAddress(), "traced", 100,
                Duration.ofSeconds(30))) {
            stored.put(message.getKeys(), message);
        }
        assertThat(stored).hasSize(100);
        List<TraceContext> records = traceRecords(rocketmq, "traced");
        assertThat(records).hasSize(100);
        for (TraceContext record : records) {
            TraceBean bean = record.getTraceBeans().get(0);
            MessageExt message = stored.get(bean.getKeys());
            assertThat(message).as("stored message with keys %s", bean.getKeys()).isNotNull();
            int index = Integer.parseInt(bean.getKeys().substring("key-".length()));
            assertThat(record.getTraceType()).isEqualTo(TraceType.Pub);
            assertThat(record.getGroupName()).isEqualTo("trace-group");
            assertThat(record.getRegionId()).isEqualTo("DefaultRegion");
            assertThat(record.isSuccess()).isTrue();
            assertThat(record.getCostTime()).isBetween(0, 30_000);
            assertThat(bean.getTopic()).isEqualTo("traced");
            assertThat(bean.getMsgId()).isEqualTo(message.getMsgId());
            assertThat(bean.getTags()).isEqualTo("tag-" + (index % 3));
            assertThat(bean.getBodyLength()).isEqualTo(message.getBody().length);
            assertThat(bean.getStoreHost()).isEqualTo(rocketmq.brokerAddress(message.getBrokerName()));
            assertThat(bean.getMsgType().ordinal()).isZero();
            if (index % 3 != 2) {
                SendResult result = (index % 3 == 0) ? results.get(bean.getKeys()) : results.get(bean.getMsgId());
                assertThat(result).isNotNull();
                assertThat(bean.getOffsetMsgId()).isEqualTo(result.offsetMessageId());
            }
        }
    }

    @Test
    void tracingOffWritesNoRecord(EmbeddedRocketMQ rocketmq) {
        try (Producer producer = producer(rocketmq, TraceOptions.disabled())) {
            for (int i = 0; i < 10; i++) {
                producer.send(Message.of("untraced", ("untraced-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            assertThat(producer.traceStats()).isEqualTo(TraceStats.NONE);
        }

        assertThat(traceRecords(rocketmq, "untraced")).isEmpty();
    }

    @Test
    void aTraceTopicTheBrokerRefusesNeverFailsTheTracedSendsAndIsWarnedAboutOnce(EmbeddedRocketMQ rocketmq)
            throws Exception {
        TraceStats stats;
        List<CompletableFuture<SendResult>> async = new ArrayList<>();
        try (Producer producer = producer(rocketmq,
                TraceOptions.builder().enabled(true).topic("no*such*trace*topic").build())) {
            for (int i = 0; i < 20; i++) {
                Message message = Message.of("trace-failing", ("payload-" + i).getBytes(StandardCharsets.UTF_8));
                assertThat(producer.send(message).status()).isEqualTo(SendStatus.SEND_OK);
                async.add(producer.sendAsync(message));
            }
            CompletableFuture.allOf(async.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            producer.close();
            stats = producer.traceStats();
        }

        assertThat(stats.failed()).isEqualTo(40);
        assertThat(stats.written()).isZero();
        assertThat(traceWarnings()).as("one warning, naming the topic, for all the failed trace messages")
            .singleElement(InstanceOfAssertFactories.STRING)
            .contains("'no*such*trace*topic'", "not retried");
        assertThat(StoredMessages.read(rocketmq.nameServerAddress(), "trace-failing", 40, Duration.ofSeconds(30)))
            .hasSize(40);
    }

    private static List<TraceContext> traceRecords(EmbeddedRocketMQ rocketmq, String topic) {
        List<TraceContext> records = new ArrayList<>();
        for (MessageExt message : StoredMessages.read(rocketmq.nameServerAddress(), TraceOptions.DEFAULT_TOPIC, 0,
                Duration.ofSeconds(10))) {
            for (TraceContext context : TraceDataEncoder.decoderFromTraceDataString(StoredMessages.text(message))) {
                if (context.getTraceBeans().get(0).getTopic().equals(topic)) {
                    records.add(context);
                }
            }
        }
        return records;
    }

    private static Producer producer(EmbeddedRocketMQ rocketmq, TraceOptions trace) {
        Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("trace-group")
            .trace(trace)
            .build();
        producer.start();
        return producer;
    }

}
