package io.liftoff.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.Producer;
import io.liftoff.client.ProducerClosedException;
import io.liftoff.client.ProducerSnapshot;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import io.liftoff.spring.LiftoffThreads;
import io.liftoff.spring.MessageTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The producer's life with the application context, against a real NameServer and broker:
 * graceful shutdown, fail-fast, and no thread left behind. The cluster outlives each
 * application, as a remote cluster would.
 */
@WithEmbeddedRocketMQ(topics = { "lifecycle-drain:4", "lifecycle-check:1" })
class ProducerLifecycleIntegrationTests {

    @Test
    void shutdownWaitsForAsyncSendsInFlightThenLeavesNoThread(EmbeddedRocketMQ rocketmq) throws Exception {
        ConfigurableApplicationContext context = start(rocketmq, "--rocketmq.producer.group=drain");
        MessageTemplate template = context.getBean(MessageTemplate.class);
        Producer producer = context.getBean(Producer.class);
        template.send("lifecycle-drain", "warm-up");
        List<CompletableFuture<SendResult>> inFlight = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            inFlight.add(template.sendAsync("lifecycle-drain", "event-" + i));
        }
        context.close();

        for (CompletableFuture<SendResult> future : inFlight) {
            assertThat(future).succeedsWithin(Duration.ZERO)
                .extracting(SendResult::status)
                .isEqualTo(SendStatus.SEND_OK);
        }
        assertThat(producer.snapshot().state()).isEqualTo(ProducerSnapshot.State.CLOSED);
        assertThatExceptionOfType(ProducerClosedException.class)
            .isThrownBy(() -> template.send("lifecycle-drain", "too late"));
        assertThat(LiftoffThreads.awaitNoneLeft("liftoff-")).filteredOn((name) -> !name.startsWith("liftoff-embedded"))
            .isEmpty();
        assertThat(StoredMessages.read(rocketmq.nameServerAddress(), "lifecycle-drain", 501, Duration.ofSeconds(20)))
            .hasSize(501);
    }

    @Test
    void failFastPassesWhenTheNameServerAnswers(EmbeddedRocketMQ rocketmq) {
        try (ConfigurableApplicationContext context = start(rocketmq, "--rocketmq.producer.group=check",
                "--rocketmq.producer.fail-fast=true", "--rocketmq.producer.fail-fast-topics=lifecycle-check")) {
            ProducerSnapshot snapshot = context.getBean(Producer.class).snapshot();
            assertThat(snapshot.routes()).containsKey("lifecycle-check");
            assertThat(snapshot.nameServers()).extracting(ProducerSnapshot.NameServerState::reachable)
                .containsExactly(true);
        }
    }

    @Test
    void theApplicationStartsWhileTheNameServerIsDownAndSendsOnceItIsBack(EmbeddedRocketMQ rocketmq) throws Exception {
        rocketmq.stopNameServer();
        ConfigurableApplicationContext context;
        try {
            context = start(rocketmq, "--rocketmq.producer.group=late", "--rocketmq.producer.route.request-timeout=1s");
            assertThatExceptionOfType(RuntimeException.class)
                .isThrownBy(() -> context.getBean(MessageTemplate.class).send("lifecycle-check", "early"))
                .withMessageContaining(rocketmq.nameServerAddress());
        }
        finally {
            rocketmq.startNameServer();
        }
        try (context) {
            SendResult result = awaitSend(context.getBean(MessageTemplate.class), "lifecycle-check", "late");
            assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    private static SendResult awaitSend(MessageTemplate template, String topic, String payload) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return template.send(topic, payload);
            }
            catch (RuntimeException ex) {
                if (System.nanoTime() > deadline) {
                    throw ex;
                }
                Thread.sleep(250);
            }
        }
    }

    private static ConfigurableApplicationContext start(EmbeddedRocketMQ rocketmq, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--rocketmq.name-server=" + rocketmq.nameServerAddress();
        System.arraycopy(args, 0, all, 1, args.length);
        return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE).run(all);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

    }

}
