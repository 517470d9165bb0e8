package io.liftoff.autoconfigure.metrics;

import java.net.ConnectException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.liftoff.autoconfigure.StubProducer;
import io.liftoff.client.AuthorizationException;
import io.liftoff.client.ConnectFailedException;
import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.ProducerListener.AttemptEvent;
import io.liftoff.client.ProducerListener.SendEvent;
import io.liftoff.client.RequestTimeoutException;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.RouteNotFoundException;
import io.liftoff.client.SendFailedException;
import io.liftoff.client.SendMode;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters {@link MicrometerProducerListener} records: names, tags, counts, gauges,
 * cardinality bound.
 */
class MicrometerProducerListenerTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final StubProducer producer = new StubProducer();

    private final AtomicInteger snapshots = new AtomicInteger();

    private final AtomicLong nanoTime = new AtomicLong();

    private final MicrometerProducerListener listener = new MicrometerProducerListener(this.registry, () -> {
        this.snapshots.incrementAndGet();
        return this.producer.producer().snapshot();
    }, 3, this.nanoTime::get);

    @Test
    void oneSendSamplePerSendAndOneAttemptCountPerAttempt() {
        // A send retried once: broker-b failed, broker-a stored it.
        this.listener.attemptFinished(new AttemptEvent("orders", "broker-b", SendMode.SYNC, 1, 1_000_000,
                new ConnectFailedException("127.0.0.1:10921", new ConnectException("refused"))));
        this.listener.attemptFinished(new AttemptEvent("orders", "broker-a", SendMode.SYNC, 2, 2_000_000, null));
        this.listener
            .sendFinished(new SendEvent("orders", "broker-a", SendMode.SYNC, 2, 5_000_000, 120, ok("broker-a"), null));

        assertThat(this.registry.get("rocketmq.producer.send")
            .tags("topic", "orders", "broker", "broker-a", "mode", "sync", "outcome", "success", "status", "SEND_OK")
            .timer()
            .count()).isEqualTo(1);
        assertThat(this.registry.get("rocketmq.producer.send").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
        assertThat(this.registry.get("rocketmq.producer.send").timers()).hasSize(1);
        assertThat(count("orders", "broker-a", "success")).isEqualTo(1);
        assertThat(count("orders", "broker-b", "failure")).isEqualTo(1);
        assertThat(this.registry.get("rocketmq.producer.attempts").counters()).extracting((c) -> c.getId().getTags())
            .allSatisfy((tags) -> assertThat(tags).extracting(io.micrometer.core.instrument.Tag::getKey)
                .containsExactlyInAnyOrder("topic", "broker", "outcome", "error"));
        assertThat(this.registry.get("rocketmq.producer.message.size").tags("topic", "orders").summary().count())
            .isEqualTo(1);
        assertThat(this.registry.get("rocketmq.producer.message.size").summary().totalAmount()).isEqualTo(120);
        assertThat(this.registry.get("rocketmq.producer.message.size").summary().getId().getBaseUnit())
            .isEqualTo("bytes");
    }

    @Test
    void aFailedAttemptIsTaggedWithTheBrokersCodeByNameSoThatABrokerUnderFlowControlShowsAsSystemBusy() {
        String busy = "[TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, period in queue: 206ms, "
                + "size of queue: 5";
        for (int i = 0; i < 2; i++) {
            this.listener.attemptFinished(new AttemptEvent("orders", "broker-a", SendMode.ASYNC, 1, 1,
                    new ErrorResponseException("127.0.0.1:10911", 310, ResponseCodes.SYSTEM_BUSY, busy)));
        }
        this.listener.attemptFinished(new AttemptEvent("orders", "broker-a", SendMode.SYNC, 1, 1,
                new ErrorResponseException("127.0.0.1:10911", 310, 4242, "what")));
        this.listener.attemptFinished(new AttemptEvent("orders", "broker-a", SendMode.SYNC, 1, 1,
                new RequestTimeoutException("127.0.0.1:10911", 310, 1000)));
        this.listener.attemptFinished(new AttemptEvent("orders", "broker-a", SendMode.SYNC, 1, 1,
                new AuthorizationException("127.0.0.1:10911", "app", "topic orders", "Pub", "no permission")));
        this.listener.attemptFinished(new AttemptEvent("orders", "broker-b", SendMode.SYNC, 2, 1, null));

        assertThat(attempts("broker-a", "failure", "SYSTEM_BUSY")).isEqualTo(2);
        assertThat(attempts("broker-a", "failure", "ErrorResponseException")).isEqualTo(1);
        assertThat(attempts("broker-a", "failure", "RequestTimeoutException")).isEqualTo(1);
        assertThat(attempts("broker-a", "failure", "AuthorizationException")).as("not NO_PERMISSION").isEqualTo(1);
        assertThat(attempts("broker-b", "success", "none")).isEqualTo(1);
        assertThat(this.registry.get("rocketmq.producer.attempts").counters())
            .extracting((counter) -> counter.getId().getTag("error"))
            .containsExactlyInAnyOrder("none", "none", "SYSTEM_BUSY", "ErrorResponseException",
                    "RequestTimeoutException", "AuthorizationException");
    }

    @Test
    void aLateAnswerIsCountedAsLateStoredOrLateRefusedNotAsAnotherAttempt() {
        this.listener.attemptFinished(new AttemptEvent("orders", "broker-a", SendMode.SYNC, 1, 1,
                new RequestTimeoutException("127.0.0.1:10911", 310, 2000)));
        this.listener.attemptFinished(new AttemptEvent("orders", "broker-a", SendMode.SYNC, 1, 1, null, true));
        this.listener.attemptFinished(new AttemptEvent("orders", "broker-a", SendMode.SYNC, 1, 1,
                new ErrorResponseException("127.0.0.1:10911", 310, ResponseCodes.SYSTEM_BUSY, "busy"), true));

        assertThat(this.registry.get("rocketmq.producer.attempts")
            .tags("outcome", "late-stored", "error", "none")
            .counter()
            .count()).isEqualTo(1);
        assertThat(this.registry.get("rocketmq.producer.attempts")
            .tags("outcome", "late-refused", "error", "SYSTEM_BUSY")
            .counter()
            .count()).isEqualTo(1);
        assertThat(count("orders", "broker-a", "failure")).isEqualTo(1);
        assertThat(count("orders", "broker-a", "success")).isZero();
    }

    @Test
    void everyModeOutcomeAndStatusIsATag() {
        this.listener.sendFinished(new SendEvent("orders", "broker-a", SendMode.ASYNC, 1, 1, 10, ok("broker-a"), null));
        this.listener.sendFinished(new SendEvent("orders", "broker-a", SendMode.ONEWAY, 1, 1, 10, null, null));
        this.listener
            .sendFinished(new SendEvent("orders", "broker-a", SendMode.ORDERLY, 1, 1, 10, ok("broker-a"), null));
        this.listener.sendFinished(new SendEvent("orders", "broker-a", SendMode.BATCH, 1, 1, 30,
                new SendResult(SendStatus.FLUSH_DISK_TIMEOUT, "id", "offset", new MessageQueue("orders", "broker-a", 0),
                        1, null, null),
                null));
        this.listener.sendFinished(new SendEvent("orders", "broker-a", SendMode.SYNC, 3, 1, 10, null,
                new SendFailedException("orders", "failed after 3 attempts", List.of(), null)));
        this.listener.sendFinished(new SendEvent("orders", null, SendMode.SYNC, 0, 1, 10, null,
                new RouteNotFoundException("orders", "no route", null)));

        assertThat(timer("async", "success", "SEND_OK", "broker-a")).isEqualTo(1);
        assertThat(timer("oneway", "success", "UNKNOWN", "broker-a")).isEqualTo(1);
        assertThat(timer("orderly", "success", "SEND_OK", "broker-a")).isEqualTo(1);
        assertThat(timer("batch", "success", "FLUSH_DISK_TIMEOUT", "broker-a")).isEqualTo(1);
        assertThat(timer("sync", "failure", "SendFailedException", "broker-a")).isEqualTo(1);
        assertThat(timer("sync", "failure", "RouteNotFoundException", "none")).isEqualTo(1);
        assertThat(this.registry.get("rocketmq.producer.send").timers()).hasSize(6);
    }

    @Test
    void repeatedSendsReuseTheirMeters() {
        for (int i = 0; i < 100; i++) {
            this.listener.attemptFinished(new AttemptEvent("orders", "broker-a", SendMode.SYNC, 1, 1, null));
            this.listener
                .sendFinished(new SendEvent("orders", "broker-a", SendMode.SYNC, 1, 1, 10, ok("broker-a"), null));
        }
        assertThat(this.registry.getMeters()
            .stream()
            .map(Meter::getId)
            .map(Meter.Id::getName)
            .filter((name) -> name.equals("rocketmq.producer.send"))
            .count()).isEqualTo(1);
        assertThat(timer("sync", "success", "SEND_OK", "broker-a")).isEqualTo(100);
        assertThat(count("orders", "broker-a", "success")).isEqualTo(100);
    }

    @Test
    void topicsBeyondTheLimitAreTaggedOther() {
        for (String topic : List.of("t1", "t2", "t3", "t4", "t5")) {
            this.listener.sendFinished(new SendEvent(topic, "broker-a", SendMode.SYNC, 1, 1, 10, ok("broker-a"), null));
        }
        assertThat(this.registry.get("rocketmq.producer.send").timers())
            .extracting((timer) -> timer.getId().getTag("topic"))
            .containsExactlyInAnyOrder("t1", "t2", "t3", "OTHER");
        assertThat(this.registry.get("rocketmq.producer.send").tag("topic", "OTHER").timer().count()).isEqualTo(2);
    }

    @Test
    void routeRefreshesAreTimedByOutcome() {
        this.listener.routesRefreshed(3_000_000, null);
        this.listener.routesRefreshed(1_000_000, new RouteNotFoundException("orders", "no route", null));
        assertThat(this.registry.get("rocketmq.producer.route.refresh").tag("outcome", "success").timer().count())
            .isEqualTo(1);
        assertThat(this.registry.get("rocketmq.producer.route.refresh").tag("outcome", "failure").timer().count())
            .isEqualTo(1);
    }

    @Test
    void brokerGaugesReadTheSnapshotAtMostOnceASecond() {
        this.producer.healthyBroker("broker-a", 7).isolatedBroker("broker-b").inFlight(3, 4096);
        this.listener.routeChanged("orders", List.of(), List.of("broker-a", "broker-b"));
        this.listener.brokerIsolated("broker-b", Instant.now(), "connect failed");

        assertThat(gauge("rocketmq.producer.broker.isolated", "broker-a")).isEqualTo(0);
        assertThat(gauge("rocketmq.producer.broker.isolated", "broker-b")).isEqualTo(1);
        assertThat(gauge("rocketmq.producer.broker.latency", "broker-a")).isEqualTo(7);
        assertThat(this.registry.get("rocketmq.producer.broker.latency")
            .tag("broker", "broker-a")
            .gauge()
            .getId()
            .getBaseUnit()).isEqualTo("milliseconds");
        assertThat(this.registry.get("rocketmq.producer.inflight.requests").gauge().value()).isEqualTo(3);
        assertThat(this.registry.get("rocketmq.producer.inflight.bytes").gauge().value()).isEqualTo(4096);
        assertThat(this.snapshots).hasValue(1);
        this.nanoTime.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(gauge("rocketmq.producer.broker.isolated", "broker-b")).isEqualTo(1);
        assertThat(this.snapshots).hasValue(2);
        assertThat(this.registry.find("rocketmq.producer.broker.isolated").gauges()).hasSize(2);
    }

    @Test
    void gaugesAreNaNWhileNoProducerExists() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MicrometerProducerListener(registry, () -> {
            throw new IllegalStateException("not created yet");
        }, 10).routeChanged("orders", List.of(), List.of("broker-a"));
        assertThat(registry.get("rocketmq.producer.inflight.requests").gauge().value()).isNaN();
        assertThat(registry.get("rocketmq.producer.broker.latency").gauge().value()).isNaN();
        assertThat(registry.get("rocketmq.producer.broker.isolated").gauge().value()).isZero();
    }

    private double timer(String mode, String outcome, String status, String broker) {
        return this.registry.get("rocketmq.producer.send")
            .tags(Tags.of("topic", "orders", "broker", broker, "mode", mode, "outcome", outcome, "status", status))
            .timer()
            .count();
    }

    private double count(String topic, String broker, String outcome) {
        return this.registry.get("rocketmq.producer.attempts")
            .tags("topic", topic, "broker", broker, "outcome", outcome)
            .counter()
            .count();
    }

    private double attempts(String broker, String outcome, String error) {
        return this.registry.get("rocketmq.producer.attempts")
            .tags("topic", "orders", "broker", broker, "outcome", outcome, "error", error)
            .counter()
            .count();
    }

    private double gauge(String name, String broker) {
        return this.registry.get(name).tag("broker", broker).gauge().value();
    }

    private static SendResult ok(String broker) {
        return new SendResult(SendStatus.SEND_OK, "id", "offset", new MessageQueue("orders", broker, 1), 1, null, null);
    }

}
