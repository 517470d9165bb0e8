package io.liftoff.client.internal.route;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.liftoff.client.LiftoffException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * Reads the {@code TopicRouteData} JSON a NameServer returns. Lenient where real servers are: map keys may be
 * bare numbers ({@code {0:"127.0.0.1:10911"}}, as fastjson writes for old clients and in cluster info),
 * numbers may be strings, unknown fields (filter servers, static-topic mappings) are skipped.
 */
public final class TopicRouteParser {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();

    private TopicRouteParser() {
    }

    /**
     * Parses a route body.
     *
     * @param body the response body
     * @return the route
     * @throws LiftoffException naming the problem when the body is not a route
     */
    public static TopicRouteData parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new LiftoffException("Route body is empty");
        }
        List<QueueData> queues = new ArrayList<>();
        List<BrokerData> brokers = new ArrayList<>();
        String orderTopicConf = null;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body, 0, body.length)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "route");
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "queueDatas" -> readArray(parser, token, "queueDatas", () -> queues.add(queueData(parser)));
                    case "brokerDatas" -> readArray(parser, token, "brokerDatas",
                            () -> brokers.add(brokerData(parser)));
                    case "orderTopicConf" -> orderTopicConf = (token == JsonToken.VALUE_NULL) ? null
                            : parser.getValueAsString();
                    default -> parser.skipChildren();
                }
            }
        }
        catch (JacksonException ex) {
            int length = Math.min(body.length, 200);
            throw new LiftoffException("Route body does not parse (" + ex.getOriginalMessage() + "): "
                    + new String(body, 0, length, StandardCharsets.UTF_8), ex);
        }
        return new TopicRouteData(queues, brokers, orderTopicConf);
    }

    private static QueueData queueData(JsonParser parser) {
        expect(parser.currentToken(), JsonToken.START_OBJECT, "queueDatas entry");
        String brokerName = null;
        int read = 0;
        int write = 0;
        int perm = 0;
        int sysFlag = 0;
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "brokerName" -> brokerName = parser.getValueAsString();
                case "readQueueNums" -> read = intValue(parser, token);
                case "writeQueueNums" -> write = intValue(parser, token);
                case "perm" -> perm = intValue(parser, token);
                case "topicSysFlag" -> sysFlag = intValue(parser, token);
                default -> parser.skipChildren();
            }
        }
        if (brokerName == null) {
            throw new LiftoffException("Route has a queueDatas entry without brokerName");
        }
        return new QueueData(brokerName, read, write, perm, sysFlag);
    }

    private static BrokerData brokerData(JsonParser parser) {
        expect(parser.currentToken(), JsonToken.START_OBJECT, "brokerDatas entry");
        String cluster = null;
        String brokerName = null;
        Map<Long, String> addresses = new HashMap<>();
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "cluster" -> cluster = parser.getValueAsString();
                case "brokerName" -> brokerName = parser.getValueAsString();
                case "brokerAddrs" -> {
                    if (token == JsonToken.START_OBJECT) {
                        String id;
                        while ((id = parser.nextName()) != null) {
                            parser.nextToken();
                            try {
                                addresses.put(Long.parseLong(id.strip()), parser.getValueAsString());
                            }
                            catch (NumberFormatException ex) {
                                throw new LiftoffException("Route has a broker id that is not a number: " + id);
                            }
                        }
                    }
                    else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (brokerName == null) {
            throw new LiftoffException("Route has a brokerDatas entry without brokerName");
        }
        return new BrokerData(cluster, brokerName, addresses);
    }

    private static void readArray(JsonParser parser, JsonToken token, String what, Runnable element) {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        expect(token, JsonToken.START_ARRAY, what);
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            element.run();
        }
    }

    private static int intValue(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getIntValue();
        }
        try {
            return Integer.parseInt(parser.getValueAsString("").strip());
        }
        catch (NumberFormatException ex) {
            throw new LiftoffException("Route has a non-numeric value for '" + parser.currentName() + "'");
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw new LiftoffException("Route " + what + " should start with " + expected + " but has " + actual);
        }
    }
}
