package io.liftoff.client.internal.route;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.liftoff.client.LiftoffException;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.internal.remoting.FrameCodec;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.testing.HostileBytes;
import io.liftoff.client.testing.PropertyCheck;
import io.liftoff.client.testing.ThreadAllocations;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Properties of the route JSON parser ({@link TopicRouteParser} on {@link LenientJson})
 * and of the publish view built from a route ({@link PublishRoute#of}): whatever a
 * NameServer answers, the client gets a route or a {@link LiftoffException} naming the
 * problem, never another exception; a route's write queues are writeable queues of
 * brokers that have a master; and a forged queue count allocates nothing in proportion to
 * it.
 */
class RouteJsonFromHostileNameServersTests {

    private static final String TOPIC = "orders";

    private static final Instant NOW = Instant.ofEpochMilli(1_700_000_000_000L);

    private static final String[] COUNTS = { "0", "1", "4", "8", "-1", "-2147483648", "2147483647", "2147483648",
            "65536", "65537", "99999999999", "\"4\"", "\" 4 \"", "\"four\"", "4.0", "1e3", "null", "true", "[]", "{}" };

    private static final String[] IDS = { "0", "1", "2", "\"0\"", "\"1\"", "\" 0\"", "-1", "00", "\"x\"", "1.5",
            "9223372036854775808", "\"\"" };

    private static final String[] TOKENS = { "{", "}", "[", "]", ":", ",", "\"", "'", "\\", "\"brokerDatas\"",
            "\"queueDatas\"", "\"brokerAddrs\"", "\"brokerName\"", "\"writeQueueNums\"", "\"perm\"",
            "\"orderTopicConf\"", "0", "6", "-1", "2147483647", "null", "true", "false", "\"broker-a\"",
            "\"127.0.0.1:10911\"", "brokerName", " ", "\n", "\\u00", "\u00e9", "\u0000" };

    /** Room for the publish view of the largest route allowed, about 2 MiB, and more. */
    private static final long ALLOCATION_SLACK = 8 * 1024 * 1024;

    @Test
    void generatedRoutesParseIntoRoutesOrAreRefusedWithALiftoffException() {
        PropertyCheck.forAllBytes("generated route JSON parses or is refused naming the problem", 10_000,
                RouteJsonFromHostileNameServersTests::routeJson, (body) -> {
                    PublishRoute route = checkRoute(body);
                    if (route != null) {
                        String text = new String(body, StandardCharsets.UTF_8);
                        assertThat(route.masterAddresses().values()).as("only addresses the body names")
                            .allMatch((address) -> text.contains("\"" + address + "\""));
                    }
                });
    }

    @Test
    void mutatedRoutesParseIntoRoutesOrAreRefusedWithALiftoffException() {
        List<byte[]> bodies = List.of(capturedBody("route-standard-json.hex"), capturedBody("route-unquoted-keys.hex"));
        PropertyCheck.forAllBytes("mutated route JSON parses or is refused naming the problem", 10_000,
                (random) -> HostileBytes.mutate(random,
                        random.nextBoolean() ? bodies.get(random.nextInt(bodies.size())) : routeJson(random)),
                RouteJsonFromHostileNameServersTests::checkRoute);
    }

    @Test
    void jsonTokenSoupParsesIntoARouteOrIsRefusedWithALiftoffException() {
        PropertyCheck.forAllBytes("JSON token soup parses or is refused naming the problem", 10_000, (random) -> {
            StringBuilder soup = new StringBuilder();
            if (random.nextInt(50) == 0) {
                soup.append("[".repeat(random.nextInt(100_000)));
            }
            int tokens = random.nextInt(40);
            for (int i = 0; i < tokens; i++) {
                soup.append(TOKENS[random.nextInt(TOKENS.length)]);
            }
            return soup.toString().getBytes(StandardCharsets.UTF_8);
        }, RouteJsonFromHostileNameServersTests::checkRoute);
    }

    @Test
    void aForgedQueueCountIsRefusedBeforeAnyQueueIsMade() {
        byte[] body = ("{\"brokerDatas\":[{\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\"},\"brokerName\":\"broker-a\"}],"
                + "\"queueDatas\":[{\"brokerName\":\"broker-a\",\"perm\":6,\"readQueueNums\":2147483647,"
                + "\"writeQueueNums\":2147483647}]}")
            .getBytes(StandardCharsets.UTF_8);
        TopicRouteData route = TopicRouteParser.parse(body);

        assertThatThrownBy(() -> PublishRoute.of(TOPIC, route, false, NOW)).isExactlyInstanceOf(LiftoffException.class)
            .hasMessageContaining(TOPIC)
            .hasMessageContaining("2147483647 write queues");
    }

    @Test
    void aBrokerWhoseMasterAddressIsNullHasNoMasterAndNoQueues() {
        TopicRouteData route = TopicRouteParser.parse(("{\"brokerDatas\":[{\"brokerAddrs\":{\"0\":null,\"1\":"
                + "\"127.0.0.1:10921\"},\"brokerName\":\"broker-a\"}],\"queueDatas\":[{\"brokerName\":\"broker-a\","
                + "\"perm\":6,\"readQueueNums\":4,\"writeQueueNums\":4}]}")
            .getBytes(StandardCharsets.UTF_8));

        PublishRoute publish = PublishRoute.of(TOPIC, route, false, NOW);

        assertThat(route.brokerDatas().get(0).masterAddress()).isNull();
        assertThat(publish.masterAddresses()).isEmpty();
        assertThat(publish.writeQueues()).isEmpty();
    }

    @Test
    void anOrderedTopicConfigurationWithACountThatIsNotANumberIsRefusedNamingIt() {
        TopicRouteData route = TopicRouteParser
            .parse("{\"orderTopicConf\":\"broker-a:4;broker-b:many\"}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> PublishRoute.of(TOPIC, route, false, NOW)).isExactlyInstanceOf(LiftoffException.class)
            .hasMessageContaining("broker-b:many");
    }

    /**
     * Parses a body and builds its publish view, as a route lookup does: a route whose
     * queues are writeable queues of brokers with a master, or a {@link LiftoffException}
     * (not a subclass: the parser's own) with a message; allocations bounded by the
     * body's size.
     */
    private static PublishRoute checkRoute(byte[] body) {
        long before = ThreadAllocations.allocatedSoFar();
        TopicRouteData route = null;
        PublishRoute publish = null;
        try {
            route = TopicRouteParser.parse(body);
            publish = PublishRoute.of(TOPIC, route, false, NOW);
        }
        catch (LiftoffException ex) {
            assertThat(ex).isExactlyInstanceOf(LiftoffException.class);
            assertThat(ex.getMessage()).startsWith("Route");
        }
        long allocated = ThreadAllocations.allocatedSoFar() - before;
        assertThat(allocated).as("bytes allocated for a body of %d bytes", body.length)
            .isLessThanOrEqualTo(ALLOCATION_SLACK + 64L * body.length);
        if (publish != null) {
            checkPublishRoute(route, publish);
        }
        return publish;
    }

    private static void checkPublishRoute(TopicRouteData route, PublishRoute publish) {
        assertThat(publish.writeQueues().size()).isLessThanOrEqualTo(PublishRoute.MAX_WRITE_QUEUES);
        Map<String, String> masters = new HashMap<>();
        for (BrokerData broker : route.brokerDatas()) {
            if (broker.masterAddress() != null) {
                masters.put(broker.brokerName(), broker.masterAddress());
            }
        }
        assertThat(publish.masterAddresses()).isEqualTo(masters);
        for (MessageQueue queue : publish.writeQueues()) {
            if (!queue.topic().equals(TOPIC) || queue.queueId() < 0) {
                throw new AssertionError("Queue " + queue + " of another topic or with a negative id");
            }
            if (route.orderTopicConf() == null && !(masters.containsKey(queue.brokerName()) && route.queueDatas()
                .stream()
                .anyMatch((data) -> data.brokerName().equals(queue.brokerName()) && data.writeable()
                        && queue.queueId() < data.writeQueueNums()))) {
                throw new AssertionError("Queue " + queue + " is not a writeable queue of a broker with a master");
            }
        }
    }

    /** A route body as a NameServer might write it, some fields broken or forged. */
    private static byte[] routeJson(SplittableRandom random) {
        StringBuilder json = new StringBuilder("{");
        boolean unquoted = random.nextInt(4) == 0;
        json.append("\"brokerDatas\":[");
        int brokers = random.nextInt(4);
        for (int i = 0; i < brokers; i++) {
            json.append((i > 0) ? "," : "").append("{\"brokerAddrs\":{");
            int addresses = random.nextInt(3);
            for (int k = 0; k < addresses; k++) {
                String id = IDS[random.nextInt(IDS.length)];
                json.append((k > 0) ? "," : "")
                    .append(unquoted ? id.replace("\"", "") : id.startsWith("\"") ? id : "\"" + id + "\"")
                    .append(':')
                    .append(random.nextInt(8) == 0 ? "null" : "\"127.0.0." + random.nextInt(3) + ":10911\"");
            }
            json.append("},\"brokerName\":").append(brokerName(random));
            if (random.nextBoolean()) {
                json.append(",\"cluster\":\"DefaultCluster\"");
            }
            json.append('}');
        }
        json.append("],\"queueDatas\":[");
        int queues = random.nextInt(4);
        for (int i = 0; i < queues; i++) {
            json.append((i > 0) ? "," : "")
                .append("{\"brokerName\":")
                .append(brokerName(random))
                .append(",\"perm\":")
                .append(random.nextInt(4) == 0 ? COUNTS[random.nextInt(COUNTS.length)] : random.nextInt(8))
                .append(",\"readQueueNums\":")
                .append(count(random))
                .append(",\"writeQueueNums\":")
                .append(count(random))
                .append('}');
        }
        json.append(']');
        if (random.nextInt(8) == 0) {
            json.append(",\"orderTopicConf\":\"broker-a:")
                .append(COUNTS[random.nextInt(COUNTS.length)].replace("\"", ""))
                .append(";broker-b:2\"");
        }
        if (random.nextInt(8) == 0) {
            json.append(",\"filterServerTable\":{},\"topicQueueMappingByBroker\":{\"broker-a\":{\"x\":[1,{}]}}");
        }
        json.append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String brokerName(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> "null";
            case 1 -> "1";
            case 2 -> "\"\"";
            default -> "\"broker-" + (char) ('a' + random.nextInt(3)) + "\"";
        };
    }

    private static String count(SplittableRandom random) {
        return random.nextBoolean() ? Integer.toString(random.nextInt(9)) : COUNTS[random.nextInt(COUNTS.length)];
    }

    private static byte[] capturedBody(String name) {
        RemotingCommand response = FrameCodec.decode(Unpooled.wrappedBuffer(HostileBytes.captured(name)),
                Integer.MAX_VALUE);
        return response.body();
    }

}
