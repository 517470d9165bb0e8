package io.liftoff.client.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.liftoff.client.ResponseCodes;
import io.liftoff.client.internal.remoting.LanguageCode;
import io.liftoff.client.internal.remoting.RemotingCommand;

/**
 * A fake NameServer and the fake brokers it routes to: every topic asked for gets a route
 * naming each broker added so far as a master with one read and one write queue. Closing
 * the cluster closes the NameServer and every broker.
 */
public final class FakeCluster implements AutoCloseable {

    private final List<FakeBroker> brokers = new CopyOnWriteArrayList<>();

    private final FakeRemotingServer nameServer;

    /**
     * Starts the NameServer, with no broker yet.
     * @throws IOException when its port cannot be opened
     */
    public FakeCluster() throws IOException {
        this.nameServer = new FakeRemotingServer((request,
                replier) -> replier.send(new RemotingCommand(ResponseCodes.SUCCESS, LanguageCode.JAVA,
                        RemotingCommand.VERSION, request.opaque(), RemotingCommand.FLAG_RESPONSE, null, null,
                        route().getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Adds a broker that answers heartbeats and unregistrations with SUCCESS, and sends
     * as told.
     * @param name its name in the route, e.g. {@code broker-a}
     * @param sends what it answers to each send request
     * @return the broker
     * @throws IOException when its port cannot be opened
     */
    public FakeBroker broker(String name, FakeBroker.Answer sends) throws IOException {
        return add(new FakeBroker(name, sends, true));
    }

    /**
     * Adds a broker that accepts connections and reads requests but answers none,
     * heartbeats and unregistrations included: a hung broker.
     * @param name its name in the route
     * @return the broker
     * @throws IOException when its port cannot be opened
     */
    public FakeBroker silentBroker(String name) throws IOException {
        return add(new FakeBroker(name, (request) -> null, false));
    }

    /**
     * @return the NameServer's {@code host:port}
     */
    public String nameServerAddress() {
        return this.nameServer.address();
    }

    /**
     * @return how many send requests all brokers saw together
     */
    public int sendCount() {
        return this.brokers.stream().mapToInt((broker) -> broker.sendsSeen().size()).sum();
    }

    @Override
    public void close() throws IOException {
        for (FakeBroker broker : this.brokers) {
            broker.close();
        }
        this.nameServer.close();
    }

    private FakeBroker add(FakeBroker broker) {
        this.brokers.add(broker);
        return broker;
    }

    private String route() {
        StringBuilder brokerDatas = new StringBuilder();
        StringBuilder queueDatas = new StringBuilder();
        for (FakeBroker broker : this.brokers) {
            String separator = brokerDatas.isEmpty() ? "" : ",";
            brokerDatas.append(separator)
                .append("{\"brokerAddrs\":{0:\"")
                .append(broker.address())
                .append("\"},\"brokerName\":\"")
                .append(broker.name())
                .append("\",\"cluster\":\"C\"}");
            queueDatas.append(separator)
                .append("{\"brokerName\":\"")
                .append(broker.name())
                .append("\",\"perm\":6,\"readQueueNums\":1,\"writeQueueNums\":1}");
        }
        return "{\"brokerDatas\":[" + brokerDatas + "],\"queueDatas\":[" + queueDatas + "]}";
    }

}
