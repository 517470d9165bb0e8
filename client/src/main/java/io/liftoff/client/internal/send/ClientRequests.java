package io.liftoff.client.internal.send;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestCode;

/** Builds the producer's housekeeping requests: heartbeat and unregister. */
final class ClientRequests {

    private final String clientId;

    private final String group;

    private final byte[] heartbeatBody;

    ClientRequests(String clientId, String group) {
        this.clientId = clientId;
        this.group = group;
        this.heartbeatBody = ("{\"clientID\":\"" + clientId + "\",\"consumerDataSet\":[],\"heartbeatFingerprint\":0,"
                + "\"producerDataSet\":[{\"groupName\":\"" + group + "\"}],\"withoutSub\":false}")
            .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return a heartbeat registering this producer's group on a broker
     */
    RemotingCommand heartbeat() {
        return RemotingCommand.request(RequestCode.HEART_BEAT, Map.of(), this.heartbeatBody);
    }

    /**
     * @return an unregister request for this producer's group
     */
    RemotingCommand unregister() {
        return RemotingCommand.request(RequestCode.UNREGISTER_CLIENT,
                Map.of("clientID", this.clientId, "producerGroup", this.group), null);
    }

}
