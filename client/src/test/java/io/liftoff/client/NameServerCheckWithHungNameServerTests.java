package io.liftoff.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.testing.FakeRemotingServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fake NameServer that never answers next to one that does: the check returns within
 * its timeout.
 */
class NameServerCheckWithHungNameServerTests {

    @Test
    void theCheckReportsTheHungNameServerUnreachableWithinItsTimeout() throws IOException {
        try (FakeRemotingServer hung = new FakeRemotingServer((request, replier) -> {
        });
                FakeRemotingServer answering = new FakeRemotingServer((request, replier) -> replier
                    .send(RemotingCommand.response(ResponseCodes.TOPIC_NOT_EXIST, request.opaque(), "unknown")));
                Producer producer = Producer.builder()
                    .nameServer(hung.address() + ";" + answering.address())
                    .group("check")
                    .build()) {
            producer.start();
            producer.checkNameServers(Duration.ofSeconds(1));

            long start = System.nanoTime();
            List<ProducerSnapshot.NameServerState> states = producer.checkNameServers(Duration.ofSeconds(1));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(elapsedMillis).isLessThan(1000 + 100);
            assertThat(states).hasSize(2);
            assertThat(states.get(0).address()).isEqualTo(hung.address());
            assertThat(states.get(0).reachable()).isFalse();
            assertThat(states.get(0).lastError()).contains("1000 ms");
            assertThat(states.get(1).reachable()).isTrue();
            assertThat(states.get(1).lastSuccess()).isNotNull();
        }
    }

}
