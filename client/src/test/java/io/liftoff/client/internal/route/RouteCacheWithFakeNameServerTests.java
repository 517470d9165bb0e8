package io.liftoff.client.internal.route;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.liftoff.client.ResponseCodes;
import io.liftoff.client.RouteNotFoundException;
import io.liftoff.client.RouteOptions;
import io.liftoff.client.TransportOptions;
import io.liftoff.client.internal.remoting.LanguageCode;
import io.liftoff.client.internal.remoting.RemotingClient;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;
import io.liftoff.client.testing.FakeRemotingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The route cache against a fake NameServer whose route answers are malformed, empty,
 * forged, or name brokers without a master or without queues: each is a clear error
 * naming the topic, or a route without the broken part; the cached route keeps serving
 * through the errors and the background refresh keeps running until a good answer comes.
 */
class RouteCacheWithFakeNameServerTests {

    private static final String TOPIC = "orders";

    private static final byte[] BROKER_A = route("{\"0\":\"127.0.0.1:10911\"}", 4, null, 0);

    private static final byte[] BROKERS_A_AND_B = route("{\"0\":\"127.0.0.1:10911\"}", 4, "{\"0\":\"127.0.0.2:10911\"}",
            4);

    private final AtomicReference<Answer> answer = new AtomicReference<>(Answer.of(BROKER_A));

    private final BlockingQueue<String> refreshes = new LinkedBlockingQueue<>();

    private final BlockingQueue<PublishRoute> changes = new LinkedBlockingQueue<>();

    private FakeRemotingServer nameServer;

    private RemotingClient remoting;

    private ScheduledExecutorService scheduler;

    @BeforeEach
    void startNameServer() throws Exception {
        this.nameServer = new FakeRemotingServer((request, replier) -> {
            if (request.code() != RequestCode.GET_ROUTEINFO_BY_TOPIC) {
                return;
            }
            Answer current = this.answer.get();
            if (current.garbage() != null) {
                replier.raw(current.garbage());
                return;
            }
            replier.send(new RemotingCommand(current.code(), LanguageCode.JAVA, 479, request.opaque(),
                    RemotingCommand.FLAG_RESPONSE, null, Map.of(), current.body()));
        });
        this.remoting = new RemotingClient(TransportOptions.defaults(), "fake-nameserver");
        this.scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stopNameServer() throws Exception {
        this.scheduler.shutdownNow();
        this.remoting.close();
        this.nameServer.close();
    }

    static Stream<Arguments> brokenAnswers() {
        return Stream.of(
                Arguments.of("malformed JSON", Answer.of(bytes("{\"brokerDatas\":[{\"brokerName\":")),
                        "Route body does not parse"),
                Arguments.of("empty body", Answer.of(new byte[0]), "Route body is empty"),
                Arguments.of("no body", Answer.of(null), "Route body is empty"),
                Arguments.of("not an object", Answer.of(bytes("[1,2]")), "should be an object"),
                Arguments.of("a queue count that is not a number",
                        Answer
                            .of(bytes("{\"queueDatas\":[{\"brokerName\":\"broker-a\",\"writeQueueNums\":\"many\"}]}")),
                        "non-numeric value for 'writeQueueNums'"),
                Arguments.of("a forged queue count",
                        Answer.of(route("{\"0\":\"127.0.0.1:10911\"}", Integer.MAX_VALUE, null, 0)),
                        "2147483647 write queues"),
                Arguments.of("a garbage frame", Answer.garbage(new byte[] { 0, 0, 0, 8, 9, 0, 0, 0, 1, 2, 3, 4 }),
                        "Unknown serialize type 9"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenAnswers")
    void aBrokenAnswerIsAClearErrorNamingTheTopicAndTheProblem(String name, Answer broken, String problem) {
        this.answer.set(broken);
        RouteCache cache = cache(Duration.ofHours(1));

        assertThatThrownBy(() -> cache.route(TOPIC).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(RouteNotFoundException.class)
            .hasMessageContaining("'" + TOPIC + "'")
            .hasMessageContaining(problem);
    }

    @Test
    void brokersWithoutAMasterAreLeftOutOfTheRoute() throws Exception {
        this.answer.set(Answer.of(bytes("{\"brokerDatas\":["
                + "{\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\",\"1\":\"127.0.0.1:10921\"},\"brokerName\":\"broker-a\"},"
                + "{\"brokerAddrs\":{\"1\":\"127.0.0.2:10921\"},\"brokerName\":\"broker-b\"},"
                + "{\"brokerAddrs\":{\"0\":null},\"brokerName\":\"broker-c\"},"
                + "{\"brokerAddrs\":{},\"brokerName\":\"broker-d\"}],\"queueDatas\":[" + queues("broker-a", 4) + ","
                + queues("broker-b", 4) + "," + queues("broker-c", 4) + "," + queues("broker-d", 4) + "]}")));

        PublishRoute route = cache(Duration.ofHours(1)).route(TOPIC).get(10, TimeUnit.SECONDS);

        assertThat(route.writeBrokers()).containsExactly("broker-a");
        assertThat(route.writeQueues()).hasSize(4);
        assertThat(route.masterAddresses()).containsOnlyKeys("broker-a");
    }

    @Test
    void aBrokerWithZeroWriteQueuesIsLeftOutOfTheRoute() throws Exception {
        this.answer.set(Answer.of(route("{\"0\":\"127.0.0.1:10911\"}", 4, "{\"0\":\"127.0.0.2:10911\"}", 0)));

        PublishRoute route = cache(Duration.ofHours(1)).route(TOPIC).get(10, TimeUnit.SECONDS);

        assertThat(route.writeBrokers()).containsExactly("broker-a");
        assertThat(route.masterAddresses()).containsOnlyKeys("broker-a", "broker-b");
    }

    @Test
    void aRouteWithoutAnyWriteQueueSaysSoAndIsAskedForAgainOnTheNextLookup() throws Exception {
        this.answer.set(Answer.of(route("{\"0\":\"127.0.0.1:10911\"}", 0, "{\"1\":\"127.0.0.2:10921\"}", 8)));
        RouteCache cache = cache(Duration.ofHours(1));

        PublishRoute empty = cache.route(TOPIC).get(10, TimeUnit.SECONDS);
        this.answer.set(Answer.of(BROKER_A));
        PublishRoute next = cache.route(TOPIC).get(10, TimeUnit.SECONDS);

        assertThat(empty.writeQueues()).isEmpty();
        assertThat(empty.describe()).isEqualTo("no write queues");
        assertThat(next.writeBrokers()).containsExactly("broker-a");
    }

    @Test
    void theBackgroundRefreshKeepsRunningThroughBrokenAnswersAndTakesTheNextGoodOne() throws Exception {
        RouteCache cache = cache(Duration.ofMillis(50));
        PublishRoute first = cache.route(TOPIC).get(10, TimeUnit.SECONDS);
        cache.start();
        try {
            for (Arguments broken : brokenAnswers().toList()) {
                this.answer.set((Answer) broken.get()[1]);
                // Two refreshes failed with this answer: the refresh ran on after the
                // first.
                awaitRefreshesFailingWith((String) broken.get()[2], 2);
                assertThat(cache.cached(TOPIC)).as("the cached route keeps serving").isSameAs(first);
            }
            this.changes.clear();
            this.answer.set(Answer.of(BROKERS_A_AND_B));

            PublishRoute next = this.changes.poll(10, TimeUnit.SECONDS);

            assertThat(next).isNotNull();
            assertThat(next.writeBrokers()).containsExactly("broker-a", "broker-b");
            assertThat(cache.cached(TOPIC)).isSameAs(next);
        }
        finally {
            cache.close();
        }
    }

    /**
     * Waits for refreshes that failed naming the problem; a refresh that was already
     * running with the previous answer may come first.
     */
    private void awaitRefreshesFailingWith(String problem, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int seen = 0;
        while (seen < count) {
            String refresh = this.refreshes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(refresh).as("a refresh failing with '%s' within 10 s", problem).isNotNull();
            if (refresh.contains(problem)) {
                seen++;
            }
        }
    }

    private RouteCache cache(Duration refreshInterval) {
        NameServerClient nameServers = new NameServerClient(this.remoting, List.of(this.nameServer.address()), 3000,
                Clock.systemUTC());
        return new RouteCache(nameServers, RouteOptions.builder().refreshInterval(refreshInterval).build(),
                this.scheduler, Clock.systemUTC(), new RouteListener() {

                    @Override
                    public void routeChanged(@Nullable PublishRoute previous, PublishRoute current) {
                        RouteCacheWithFakeNameServerTests.this.changes.add(current);
                    }

                    @Override
                    public void refreshed(long nanos, @Nullable Throwable failure) {
                        RouteCacheWithFakeNameServerTests.this.refreshes
                            .add((failure != null) ? String.valueOf(failure.getMessage()) : "ok");
                    }

                });
    }

    private static byte[] route(String addressesA, int queuesA, @Nullable String addressesB, int queuesB) {
        String brokers = "{\"brokerAddrs\":" + addressesA
                + ",\"brokerName\":\"broker-a\",\"cluster\":\"DefaultCluster\"}";
        String queues = queues("broker-a", queuesA);
        if (addressesB != null) {
            brokers += ",{\"brokerAddrs\":" + addressesB
                    + ",\"brokerName\":\"broker-b\",\"cluster\":\"DefaultCluster\"}";
            queues += "," + queues("broker-b", queuesB);
        }
        return bytes("{\"brokerDatas\":[" + brokers + "],\"filterServerTable\":{},\"queueDatas\":[" + queues + "]}");
    }

    private static String queues(String broker, int count) {
        return "{\"brokerName\":\"" + broker + "\",\"perm\":6,\"readQueueNums\":" + count + ",\"topicSysFlag\":0,"
                + "\"writeQueueNums\":" + count + "}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What the fake NameServer answers a route request with. */
    record Answer(int code, byte @Nullable [] body, byte @Nullable [] garbage) {

        static Answer of(byte @Nullable [] body) {
            return new Answer(ResponseCodes.SUCCESS, body, null);
        }

        static Answer garbage(byte[] bytes) {
            return new Answer(ResponseCodes.SUCCESS, null, bytes);
        }

        @Override
        public String toString() {
            return (this.garbage != null) ? "garbage"
                    : (this.body != null) ? new String(this.body, StandardCharsets.UTF_8) : "no body";
        }

    }

}
