package io.liftoff.client.internal.route;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.liftoff.client.MessageQueue;
import io.liftoff.client.NameServerUnavailableException;
import io.liftoff.client.RouteNotFoundException;
import io.liftoff.client.RouteOptions;
import io.liftoff.client.TransportOptions;
import io.liftoff.client.internal.remoting.RemotingClient;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithEmbeddedRocketMQ(brokers = 2,
        topics = { "routes-both:4", "routes-one:2@broker-a", "routes-broker-b:4", "routes-cached:4" })
class RouteCacheIntegrationTests {

    private RemotingClient remoting;

    private ScheduledExecutorService scheduler;

    @BeforeEach
    void setUp() {
        this.remoting = new RemotingClient(TransportOptions.defaults(), "routes-test");
        this.scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() {
        this.scheduler.shutdownNow();
        this.remoting.close();
    }

    @Test
    void aTopicWithFourQueuesOnEachOfTwoBrokersHasEightWriteQueues(EmbeddedRocketMQ rocketmq) throws Exception {
        PublishRoute route = cache(rocketmq.nameServerAddress()).route("routes-both").get(10, TimeUnit.SECONDS);

        assertThat(route.fromDefaultTopic()).isFalse();
        assertThat(route.writeQueues()).hasSize(8);
        assertThat(route.writeQueues()).extracting(MessageQueue::toString)
            .containsExactly("routes-both@broker-a#0", "routes-both@broker-a#1", "routes-both@broker-a#2",
                    "routes-both@broker-a#3", "routes-both@broker-b#0", "routes-both@broker-b#1",
                    "routes-both@broker-b#2", "routes-both@broker-b#3");
        assertThat(route.masterAddress("broker-a")).isEqualTo(rocketmq.brokerAddress("broker-a"));
        assertThat(route.masterAddress("broker-b")).isEqualTo(rocketmq.brokerAddress("broker-b"));
    }

    @Test
    void anUnknownTopicGetsTheDefaultTopicRouteCappedAtFourQueuesPerBroker(EmbeddedRocketMQ rocketmq) throws Exception {
        PublishRoute route = cache(rocketmq.nameServerAddress()).route("never-created-topic").get(10, TimeUnit.SECONDS);

        assertThat(route.fromDefaultTopic()).isTrue();
        assertThat(route.writeBrokers()).containsExactly("broker-a", "broker-b");
        assertThat(route.writeQueues()).hasSize(8).allMatch((queue) -> queue.topic().equals("never-created-topic"));
    }

    @Test
    void aTopicOnOneBrokerHasOnlyThatBrokersQueues(EmbeddedRocketMQ rocketmq) throws Exception {
        PublishRoute route = cache(rocketmq.nameServerAddress()).route("routes-one").get(10, TimeUnit.SECONDS);

        assertThat(route.writeQueues()).extracting(MessageQueue::toString)
            .containsExactly("routes-one@broker-a#0", "routes-one@broker-a#1");
    }

    @Test
    void lookupsGoThroughTheSecondNameServerWhenTheFirstIsDead(EmbeddedRocketMQ rocketmq) throws Exception {
        String dead = "127.0.0.1:" + freePort();
        NameServerClient nameServers = new NameServerClient(this.remoting, List.of(dead, rocketmq.nameServerAddress()),
                3000, Clock.systemUTC());
        RouteCache cache = new RouteCache(nameServers, RouteOptions.defaults(), this.scheduler, Clock.systemUTC(),
                RouteListener.NONE);

        for (int i = 0; i < 3; i++) {
            assertThat(cache.refresh("routes-both").get(10, TimeUnit.SECONDS).writeQueues()).hasSize(8);
        }
        assertThat(nameServers.statuses()).anySatisfy((status) -> {
            assertThat(status.address()).isEqualTo(rocketmq.nameServerAddress());
            assertThat(status.reachable()).isTrue();
        });
    }

    @Test
    void cachedRoutesKeepServingWhenEveryNameServerIsDownAndNewTopicsNameEveryNameServerTried(EmbeddedRocketMQ rocketmq)
            throws Exception {
        String dead = "127.0.0.1:" + freePort();
        RouteCache cache = cache(dead + ";" + rocketmq.nameServerAddress());
        cache.route("routes-cached").get(10, TimeUnit.SECONDS);
        rocketmq.stopNameServer();
        try {
            assertThatThrownBy(() -> cache.refresh("routes-cached").get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
            assertThat(cache.route("routes-cached").get(1, TimeUnit.SECONDS).writeQueues()).hasSize(8);

            assertThatThrownBy(() -> cache.route("never-seen-topic").get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(RouteNotFoundException.class)
                .hasMessageContaining("never-seen-topic")
                .hasMessageContaining(dead)
                .hasMessageContaining(rocketmq.nameServerAddress())
                .cause()
                .isInstanceOf(NameServerUnavailableException.class);
        }
        finally {
            rocketmq.startNameServer();
        }
        assertThat(cache.refresh("routes-cached").get(20, TimeUnit.SECONDS).writeQueues()).hasSize(8);
    }

    @Test
    void aStoppedBrokerLeavesTheRouteOnRefreshAndReturnsAfterItStarts(EmbeddedRocketMQ rocketmq) throws Exception {
        RouteCache cache = cache(rocketmq.nameServerAddress());
        assertThat(cache.route("routes-broker-b").get(10, TimeUnit.SECONDS).writeBrokers()).containsExactly("broker-a",
                "broker-b");

        rocketmq.stopBroker("broker-b");
        try {
            PublishRoute withoutB = awaitRoute(cache, "routes-broker-b", List.of("broker-a"));
            assertThat(withoutB.writeQueues()).hasSize(4);
            assertThat(cache.degradedTopics()).contains("routes-broker-b");
        }
        finally {
            rocketmq.startBroker("broker-b");
        }
        PublishRoute back = awaitRoute(cache, "routes-broker-b", List.of("broker-a", "broker-b"));
        assertThat(back.writeQueues()).hasSize(8);
        assertThat(cache.degradedTopics()).doesNotContain("routes-broker-b");
    }

    @Test
    void anUnreachableBrokersTopicsAreAskedForAtOnceButEachAtMostOnceASecondAndTenTopicsASecond(
            EmbeddedRocketMQ rocketmq) throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        Clock clock = new Clock() {

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }

        };
        NameServerClient client = new NameServerClient(this.remoting, List.of(rocketmq.nameServerAddress()), 3000,
                clock);
        RouteCache cache = new RouteCache(client, RouteOptions.builder().refreshInterval(Duration.ofHours(1)).build(),
                this.scheduler, clock, RouteListener.NONE);
        List<String> topics = IntStream.range(0, 12).mapToObj((i) -> "routes-moved-" + i).toList();
        for (String topic : topics) {
            cache.route(topic).get(10, TimeUnit.SECONDS);
        }
        Instant first = clock.instant();

        cache.brokerUnreachable(topics.get(0));
        assertThat(cache.degradedTopics()).containsExactly(topics.get(0));
        Thread.sleep(200);
        assertThat(cache.cached(topics.get(0)).fetchedAt()).as("fetched less than a second ago: not asked again")
            .isEqualTo(first);

        now.addAndGet(1000);
        topics.forEach(cache::brokerUnreachable);
        assertThat(cache.degradedTopics()).containsExactlyInAnyOrderElementsOf(topics);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (refreshedSince(cache, topics, first) < 10 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        assertThat(refreshedSince(cache, topics, first)).as("asked at once, ten topics in this second").isEqualTo(10);
    }

    private static long refreshedSince(RouteCache cache, List<String> topics, Instant since) {
        return topics.stream().filter((topic) -> cache.cached(topic).fetchedAt().isAfter(since)).count();
    }

    private static PublishRoute awaitRoute(RouteCache cache, String topic, List<String> brokers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        PublishRoute route = null;
        while (System.nanoTime() < deadline) {
            route = cache.refresh(topic).get(10, TimeUnit.SECONDS);
            if (route.writeBrokers().equals(brokers)) {
                return route;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Route of " + topic + " never became " + brokers + "; last: "
                + ((route != null) ? route.describe() : null));
    }

    private RouteCache cache(String nameServers) {
        NameServerClient client = new NameServerClient(this.remoting,
                io.liftoff.client.internal.remoting.Addresses.parseList(nameServers), 3000, Clock.systemUTC());
        return new RouteCache(client, RouteOptions.builder().refreshInterval(Duration.ofHours(1)).build(),
                this.scheduler, Clock.systemUTC(), RouteListener.NONE);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
