package io.liftoff.client.internal.remoting;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.liftoff.client.ConnectionClosedException;
import io.liftoff.client.MalformedFrameException;
import io.liftoff.client.TransportOptions;
import io.liftoff.client.testing.FakeRemotingServer;
import io.liftoff.client.testing.HostileBytes;
import io.liftoff.client.testing.PropertyCheck;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport against a fake server that answers with generated garbage: each garbage
 * frame closes its connection with a warning that names the server, and fails the
 * requests pending on it at once, long before their timeout.
 */
class GarbageFramesWithFakeServerTests {

    private static final int WAIT = 1;

    private static final int TRIGGER = 2;

    private static final long TIMEOUT_MILLIS = 30_000;

    /**
     * Failing at once: far below the requests' timeout, with room for a loaded machine.
     */
    private static final long AT_ONCE_MILLIS = 5_000;

    @Test
    void aGarbageFrameClosesTheConnectionWithAWarningNamingThePeerAndFailsItsPendingRequestsAtOnce() throws Exception {
        List<byte[]> seeds = HostileFrames.seeds();
        AtomicReference<byte[]> garbage = new AtomicReference<>();
        Logger logger = (Logger) LoggerFactory.getLogger(Connection.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (FakeRemotingServer server = new FakeRemotingServer((request, replier) -> {
            if (request.code() == TRIGGER) {
                replier.raw(garbage.get());
            }
        }); RemotingClient client = new RemotingClient(TransportOptions.defaults(), "garbage")) {
            PropertyCheck.forAll("garbage from a server closes the connection and fails its requests at once", 40,
                    (random) -> malformed(random, seeds), (bytes) -> {
                        garbage.set(bytes);
                        synchronized (logs) {
                            logs.list.clear();
                        }
                        long start = System.nanoTime();
                        CompletableFuture<RemotingCommand> waiting = client.invoke(server.address(),
                                RemotingCommand.request(WAIT, Map.of(), null), TIMEOUT_MILLIS);
                        CompletableFuture<RemotingCommand> trigger = client.invoke(server.address(),
                                RemotingCommand.request(TRIGGER, Map.of(), null), TIMEOUT_MILLIS);
                        Throwable waitingFailure = failureOf(waiting);
                        Throwable triggerFailure = failureOf(trigger);
                        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                        assertThat(elapsedMillis).as("failed at once").isLessThan(AT_ONCE_MILLIS);
                        for (Throwable failure : new Throwable[] { waitingFailure, triggerFailure }) {
                            assertThat(failure).isInstanceOf(ConnectionClosedException.class)
                                .hasMessageContaining(server.address())
                                .cause()
                                .isInstanceOf(MalformedFrameException.class);
                        }
                        synchronized (logs) {
                            assertThat(logs.list).anySatisfy((event) -> {
                                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                                assertThat(event.getFormattedMessage()).contains(server.address(), "malformed frame");
                            });
                        }
                    });
            assertThat(server.acceptedConnections()).as("a connection per garbage frame").isEqualTo(40);
        }
        finally {
            logger.detachAppender(logs);
        }
    }

    /**
     * Garbage that a decoder refuses on its own: a mutated real frame, or random bytes.
     */
    private static byte[] malformed(SplittableRandom random, List<byte[]> seeds) {
        while (true) {
            byte[] candidate = random.nextInt(4) == 0 ? HostileBytes.randomBytes(random, 64)
                    : HostileBytes.mutate(random, seeds.get(random.nextInt(seeds.size())));
            try {
                FrameCodec.decode(Unpooled.wrappedBuffer(candidate), TransportOptions.DEFAULT_MAX_FRAME_LENGTH);
            }
            catch (MalformedFrameException ex) {
                return candidate;
            }
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            return ex.getCause();
        }
        catch (InterruptedException | TimeoutException ex) {
            throw new AssertionError("no failure", ex);
        }
        throw new AssertionError("completed normally: " + future.join());
    }

}
