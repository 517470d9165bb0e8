package io.liftoff.embedded.process;

import java.io.IOException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.alibaba.fastjson.JSON;
import com.alibaba.fastjson.JSONArray;
import com.alibaba.fastjson.JSONObject;

import io.liftoff.embedded.internal.BlockingRemoting;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.CreateTopicRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetRouteInfoRequestHeader;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

/**
 * The administrative requests {@link RocketMQProcesses} sends, each on its own blocking
 * connection with a 3 s timeout: a topic's route from a NameServer (also to tell whether
 * a server is registered), and topic creation on a broker.
 *
 * @param version the servers' version, named in error messages
 */
record AdminRequests(RocketMQVersion version) {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    /**
     * Asks a NameServer for a topic's route ({@code GET_ROUTEINFO_BY_TOPIC}).
     * @param nameServer its {@code host:port}
     * @param topic the topic
     * @return the route, empty when the NameServer knows no route for the topic
     * @throws IllegalStateException when the NameServer does not answer or answers with
     * an error
     */
    Optional<TopicRoute> route(String nameServer, String topic) {
        GetRouteInfoRequestHeader header = new GetRouteInfoRequestHeader();
        header.setTopic(topic);
        header.setAcceptStandardJsonOnly(true);
        RemotingCommand answer = request(nameServer,
                RemotingCommand.createRequestCommand(RequestCode.GET_ROUTEINFO_BY_TOPIC, header));
        if (answer.getCode() == ResponseCode.TOPIC_NOT_EXIST) {
            return Optional.empty();
        }
        if (answer.getCode() != ResponseCode.SUCCESS || answer.getBody() == null) {
            throw new IllegalStateException("Route of topic '" + topic + "' from RocketMQ " + this.version.name()
                    + " NameServer: code " + answer.getCode() + ", " + answer.getRemark());
        }
        TopicRouteData data = TopicRouteData.decode(answer.getBody(), TopicRouteData.class);
        Map<String, Map<Long, String>> addresses = new HashMap<>();
        for (BrokerData broker : data.getBrokerDatas()) {
            addresses.put(broker.getBrokerName(), new HashMap<>(broker.getBrokerAddrs()));
        }
        Map<String, Integer> queues = new HashMap<>();
        for (QueueData queue : data.getQueueDatas()) {
            queues.put(queue.getBrokerName(), queue.getWriteQueueNums());
        }
        return Optional.of(new TopicRoute(topic, addresses, queues));
    }

    /**
     * Tells whether a NameServer answers: asks it for
     * {@link RocketMQProcesses#DEFAULT_TOPIC the default topic}'s route.
     * @param nameServer its {@code host:port}
     * @return whether it answered without error, with a route or without
     */
    boolean answersRoute(String nameServer) {
        try {
            route(nameServer, RocketMQProcesses.DEFAULT_TOPIC);
            return true;
        }
        catch (IllegalStateException ex) {
            return false;
        }
    }

    /**
     * Tells whether a broker is registered: the NameServer's route of
     * {@link RocketMQProcesses#DEFAULT_TOPIC the default topic} lists its address under
     * its broker name, as master or as slave.
     * @param nameServer the NameServer's {@code host:port}
     * @param brokerName the broker's name
     * @param broker the broker's {@code host:port}
     * @return whether it is listed; {@code false} when the NameServer does not answer
     */
    boolean listsBroker(String nameServer, String brokerName, String broker) {
        try {
            return route(nameServer, RocketMQProcesses.DEFAULT_TOPIC)
                .map((route) -> route.brokerAddresses().getOrDefault(brokerName, Map.of()).containsValue(broker))
                .orElse(false);
        }
        catch (IllegalStateException ex) {
            return false;
        }
    }

    /**
     * Creates a topic on one broker ({@code UPDATE_AND_CREATE_TOPIC} from
     * {@link RocketMQProcesses#DEFAULT_TOPIC}, read and write permission, single tag).
     * @param broker the broker's {@code host:port}
     * @param node its node name, for error messages
     * @param topic the topic
     * @param queues its read and write queues
     * @return {@code true} when created, {@code false} when the broker is a slave with a
     * fixed role, which takes topics from its master only
     * @throws IllegalStateException when the broker does not answer or refused otherwise
     */
    boolean createTopic(String broker, String node, String topic, int queues) {
        CreateTopicRequestHeader header = new CreateTopicRequestHeader();
        header.setTopic(topic);
        header.setDefaultTopic(RocketMQProcesses.DEFAULT_TOPIC);
        header.setReadQueueNums(queues);
        header.setWriteQueueNums(queues);
        header.setPerm(6);
        header.setTopicFilterType("SINGLE_TAG");
        header.setTopicSysFlag(0);
        header.setOrder(false);
        RemotingCommand answer = request(broker,
                RemotingCommand.createRequestCommand(RequestCode.UPDATE_AND_CREATE_TOPIC, header));
        if (answer.getCode() != ResponseCode.SUCCESS && String.valueOf(answer.getRemark()).contains("slave broker")) {
            return false;
        }
        if (answer.getCode() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("RocketMQ " + this.version.name() + " " + node
                    + " refused to create topic '" + topic + "': code " + answer.getCode() + ", " + answer.getRemark());
        }
        return true;
    }

    /**
     * Asks a controller which replicas of a broker name are in its sync state set
     * ({@code CONTROLLER_GET_SYNC_STATE_DATA}): the replicas it may elect a master from
     * when the master dies.
     * @param controller the controller's {@code host:port}
     * @param brokerName the broker name
     * @return the in-sync replicas' addresses, the master's included; empty while the
     * controller knows none
     * @throws IllegalStateException when the controller does not answer or answers with
     * an error
     */
    List<String> inSyncReplicas(String controller, String brokerName) {
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.CONTROLLER_GET_SYNC_STATE_DATA,
                null);
        request.setBody(JSON.toJSONString(List.of(brokerName)).getBytes(StandardCharsets.UTF_8));
        RemotingCommand answer = request(controller, request);
        if (answer.getCode() != ResponseCode.SUCCESS || answer.getBody() == null) {
            throw new IllegalStateException("Sync state set of '" + brokerName + "' from RocketMQ "
                    + this.version.name() + " controller: code " + answer.getCode() + ", " + answer.getRemark());
        }
        JSONObject table = JSON.parseObject(new String(answer.getBody(), StandardCharsets.UTF_8))
            .getJSONObject("replicasInfoTable");
        JSONObject replicas = (table != null) ? table.getJSONObject(brokerName) : null;
        JSONArray inSync = (replicas != null) ? replicas.getJSONArray("inSyncReplicas") : null;
        List<String> addresses = new ArrayList<>();
        if (inSync != null) {
            for (int i = 0; i < inSync.size(); i++) {
                addresses.add(inSync.getJSONObject(i).getString("brokerAddress"));
            }
        }
        return addresses;
    }

    private RemotingCommand request(String address, RemotingCommand request) {
        try {
            return BlockingRemoting.invoke(address, request, REQUEST_TIMEOUT);
        }
        catch (IOException ex) {
            throw new IllegalStateException("No answer from RocketMQ " + this.version.name() + " at " + address
                    + " to request " + request.getCode() + ": " + ex, ex);
        }
    }

}
