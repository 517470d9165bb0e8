package io.liftoff.client.internal.route;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.liftoff.client.LiftoffException;
import io.liftoff.client.MessageQueue;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class TopicRouteParserTests {

    @Test
    void parsesUnquotedNumericBrokerIdsAsRealNameServersWriteThem() {
        String body = "{\"brokerDatas\":[{\"brokerAddrs\":{0:\"127.0.0.1:40911\",1:\"127.0.0.1:40912\"},"
                + "\"brokerName\":\"broker-a\",\"cluster\":\"DefaultCluster\",\"enableActingMaster\":false}],"
                + "\"filterServerTable\":{},\"queueDatas\":[{\"brokerName\":\"broker-a\",\"perm\":7,"
                + "\"readQueueNums\":8,\"topicSysFlag\":0,\"writeQueueNums\":8}]}";

        TopicRouteData route = TopicRouteParser.parse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(route.brokerDatas()).singleElement().satisfies((broker) -> {
            assertThat(broker.brokerName()).isEqualTo("broker-a");
            assertThat(broker.cluster()).isEqualTo("DefaultCluster");
            assertThat(broker.masterAddress()).isEqualTo("127.0.0.1:40911");
            assertThat(broker.brokerAddrs()).containsEntry(1L, "127.0.0.1:40912");
        });
        assertThat(route.queueDatas()).containsExactly(new QueueData("broker-a", 8, 8, 7, 0));
    }

    @Test
    void readsEveryMasterOfTheClusterInformationTheOfficialEncoderWrites() {
        ClusterInfo info = new ClusterInfo();
        HashMap<String, org.apache.rocketmq.remoting.protocol.route.BrokerData> brokers = new HashMap<>();
        brokers.put("broker-a", new org.apache.rocketmq.remoting.protocol.route.BrokerData("DefaultCluster", "broker-a",
                new HashMap<>(Map.of(0L, "127.0.0.1:10911", 1L, "127.0.0.1:10912"))));
        brokers.put("broker-b", new org.apache.rocketmq.remoting.protocol.route.BrokerData("OtherCluster", "broker-b",
                new HashMap<>(Map.of(0L, "127.0.0.1:20911"))));
        brokers.put("broker-c", new org.apache.rocketmq.remoting.protocol.route.BrokerData("DefaultCluster", "broker-c",
                new HashMap<>(Map.of(1L, "127.0.0.1:30912"))));
        info.setBrokerAddrTable(brokers);
        info.setClusterAddrTable(new HashMap<>(Map.of("DefaultCluster", new HashSet<>(Set.of("broker-a", "broker-c")),
                "OtherCluster", new HashSet<>(Set.of("broker-b")))));

        List<BrokerData> parsed = TopicRouteParser.clusterBrokers(info.encode());

        assertThat(parsed).extracting(BrokerData::brokerName, BrokerData::cluster, BrokerData::masterAddress)
            .containsExactlyInAnyOrder(tuple("broker-a", "DefaultCluster", "127.0.0.1:10911"),
                    tuple("broker-b", "OtherCluster", "127.0.0.1:20911"), tuple("broker-c", "DefaultCluster", null));
    }

    @Test
    void parsesQuotedKeysAndIgnoresUnknownFields() {
        String body = "{\"brokerDatas\":[{\"brokerAddrs\":{\"0\":\"10.0.0.2:10911\"},\"brokerName\":\"b\","
                + "\"cluster\":\"C\",\"zoneName\":\"z\"},{\"brokerAddrs\":{\"0\":\"10.0.0.1:10911\"},"
                + "\"brokerName\":\"a\",\"cluster\":\"C\"}],\"queueDatas\":[{\"brokerName\":\"b\",\"perm\":6,"
                + "\"readQueueNums\":2,\"writeQueueNums\":2,\"topicSysFlag\":0},{\"brokerName\":\"a\",\"perm\":6,"
                + "\"readQueueNums\":4,\"writeQueueNums\":3,\"topicSysFlag\":0}],"
                + "\"topicQueueMappingByBroker\":{\"a\":{\"x\":[1,2,{\"y\":null}]}},\"newField\":[1,2]}";

        TopicRouteData route = TopicRouteParser.parse(body.getBytes(StandardCharsets.UTF_8));
        PublishRoute publish = PublishRoute.of("T", route, false, Instant.EPOCH);

        assertThat(publish.writeQueues()).extracting(MessageQueue::toString)
            .containsExactly("T@a#0", "T@a#1", "T@a#2", "T@b#0", "T@b#1");
        assertThat(publish.masterAddress("a")).isEqualTo("10.0.0.1:10911");
    }

    @Test
    void leavesOutQueuesWithoutWritePermissionOrWithoutAMaster() {
        String body = "{\"brokerDatas\":[{\"brokerAddrs\":{1:\"10.0.0.2:10911\"},\"brokerName\":\"slave-only\"},"
                + "{\"brokerAddrs\":{0:\"10.0.0.1:10911\"},\"brokerName\":\"read-only\"},"
                + "{\"brokerAddrs\":{0:\"10.0.0.3:10911\"},\"brokerName\":\"ok\"}],"
                + "\"queueDatas\":[{\"brokerName\":\"slave-only\",\"perm\":6,\"readQueueNums\":2,\"writeQueueNums\":2},"
                + "{\"brokerName\":\"read-only\",\"perm\":4,\"readQueueNums\":2,\"writeQueueNums\":2},"
                + "{\"brokerName\":\"ok\",\"perm\":6,\"readQueueNums\":1,\"writeQueueNums\":1}]}";

        PublishRoute publish = PublishRoute.of("T", TopicRouteParser.parse(body.getBytes(StandardCharsets.UTF_8)),
                false, Instant.EPOCH);

        assertThat(publish.writeQueues()).containsExactly(new MessageQueue("T", "ok", 0));
    }

    @Test
    void orderTopicConfDecidesTheQueuesWhenPresent() {
        String body = "{\"brokerDatas\":[{\"brokerAddrs\":{0:\"10.0.0.1:10911\"},\"brokerName\":\"a\"}],"
                + "\"orderTopicConf\":\"a:2;b:1\",\"queueDatas\":[]}";

        PublishRoute publish = PublishRoute.of("T", TopicRouteParser.parse(body.getBytes(StandardCharsets.UTF_8)),
                false, Instant.EPOCH);

        assertThat(publish.writeQueues()).extracting(MessageQueue::toString).containsExactly("T@a#0", "T@a#1", "T@b#0");
    }

    @Test
    void rejectsABodyThatIsNotARoute() {
        assertThatThrownBy(() -> TopicRouteParser.parse("[1,2]".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(LiftoffException.class)
            .hasMessageContaining("should be an object");
        assertThatThrownBy(() -> TopicRouteParser.parse("{\"queueDatas\":[{\"perm\":".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(LiftoffException.class)
            .hasMessageContaining("Route body does not parse");
    }

}
