package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several producers on one {@link ClientResources}: threads of one set, each producer
 * closed on its own.
 */
@WithEmbeddedRocketMQ(brokers = 2, topics = "shared-resources:4")
class SharedClientResourcesIntegrationTests {

    @Test
    void producersOnSharedResourcesSendOnTheSameThreadsAndClosingOneLeavesTheOthersWorking(EmbeddedRocketMQ rocketmq)
            throws Exception {
        Set<String> before = liftoffThreads();
        try (ClientResources resources = ClientResources.builder().name("shared-test").ioThreads(2).build()) {
            List<Producer> producers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Producer producer = Producer.builder()
                    .nameServer(rocketmq.nameServerAddress())
                    .group("shared-resources-" + i)
                    .clientResources(resources)
                    .build();
                producer.start();
                producers.add(producer);
            }
            for (Producer producer : producers) {
                for (int i = 0; i < 4; i++) {
                    assertThat(producer.send(Message.of("shared-resources", "m".getBytes(StandardCharsets.UTF_8)))
                        .status()).isEqualTo(SendStatus.SEND_OK);
                    assertThat(producer.sendAsync(Message.of("shared-resources", "a".getBytes(StandardCharsets.UTF_8)))
                        .join()
                        .status()).isEqualTo(SendStatus.SEND_OK);
                }
            }
            Set<String> started = new java.util.HashSet<>(liftoffThreads());
            started.removeAll(before);
            assertThat(started).as("only the shared set's threads").allMatch((name) -> name.contains("shared-test"));
            assertThat(started).filteredOn((name) -> name.startsWith("liftoff-io-")).hasSizeLessThanOrEqualTo(2);

            producers.get(0).close();
            assertThat(resources.isClosed()).as("closing a producer leaves shared resources open").isFalse();
            assertThat(producers.get(1)
                .send(Message.of("shared-resources", "after".getBytes(StandardCharsets.UTF_8)))
                .status()).isEqualTo(SendStatus.SEND_OK);
            assertThat(liftoffThreads()).as("the shared I/O threads still run")
                .anyMatch((name) -> name.startsWith("liftoff-io-shared-test"));
            for (Producer producer : producers) {
                producer.close();
            }
            assertThat(
                    StoredMessages.read(rocketmq.nameServerAddress(), "shared-resources", 41, Duration.ofSeconds(20)))
                .as("every acknowledged message stored")
                .hasSize(41);
        }
        assertThat(awaitGone("shared-test")).as("closing the resources stops their threads").isEmpty();
    }

    @Test
    void aProducerCannotBeBuiltOnClosedResources(EmbeddedRocketMQ rocketmq) {
        ClientResources resources = ClientResources.create();
        resources.close();
        assertThatThrownBy(() -> Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("closed-resources")
            .clientResources(resources)
            .build()).isInstanceOf(InvalidOptionException.class).hasMessageContaining("closed");
    }

    @Test
    void aProducerWithoutSharedResourcesStopsItsOwnThreadsOnClose(EmbeddedRocketMQ rocketmq) throws Exception {
        try (Producer producer = Producer.builder()
            .nameServer(rocketmq.nameServerAddress())
            .group("own-resources")
            .build()) {
            producer.start();
            producer.send(Message.of("shared-resources", "m".getBytes(StandardCharsets.UTF_8)));
            assertThat(liftoffThreads()).anyMatch((name) -> name.startsWith("liftoff-io-own-resources"));
        }
        assertThat(awaitGone("own-resources")).isEmpty();
    }

    @Test
    void resourceOptionsAreCheckedWhereTheyAreSet() {
        assertThatThrownBy(() -> ClientResources.builder().ioThreads(0)).isInstanceOf(InvalidOptionException.class)
            .hasMessageContaining("ioThreads");
        assertThatThrownBy(() -> ClientResources.builder().name(" ")).isInstanceOf(InvalidOptionException.class);
    }

    private static Set<String> liftoffThreads() {
        return Thread.getAllStackTraces()
            .keySet()
            .stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter((name) -> name.startsWith("liftoff-") && !name.startsWith("liftoff-embedded"))
            .collect(Collectors.toSet());
    }

    private static Set<String> awaitGone(String name) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Set<String> left;
        do {
            left = liftoffThreads().stream().filter((thread) -> thread.contains(name)).collect(Collectors.toSet());
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(50);
        }
        while (System.nanoTime() < deadline);
        return left;
    }

}
