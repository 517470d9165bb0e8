package io.liftoff.embedded.process;

import java.nio.file.Path;

import io.liftoff.embedded.internal.LoopbackPorts;
import org.jspecify.annotations.Nullable;

/**
 * The configuration files ({@code -c}) of the servers {@link RocketMQProcesses} starts:
 * NameServers (with the controller inside when the cluster runs in controller mode) and
 * brokers (masters, slaves, or replicas whose role the controller decides), each on
 * loopback with small store files.
 */
final class ServerConfigs {

    /** The DLedger group of the controller inside the NameServer. */
    static final String CONTROLLER_GROUP = "liftoff-controller";

    private ServerConfigs() {
    }

    /**
     * A NameServer's configuration.
     * @param version its version
     * @param home its home directory
     * @param port its listen port
     * @param controllerPort the port of the controller inside it (controller mode), or 0
     * for none
     * @return the configuration text
     */
    static String nameServer(RocketMQVersion version, Path home, int port, int controllerPort) {
        StringBuilder conf = new StringBuilder();
        conf.append("listenPort=").append(port).append('\n');
        if (version.major() >= 5) {
            conf.append("bindAddress=").append(LoopbackPorts.LOOPBACK).append('\n');
        }
        conf.append("kvConfigPath=").append(home.resolve("kvConfig.json")).append('\n');
        conf.append("configStorePath=").append(home.resolve("namesrv.properties")).append('\n');
        if (controllerPort > 0) {
            // One controller, in the NameServer (a single-node DLedger group elects
            // itself).
            conf.append("enableControllerInNamesrv=true\n");
            conf.append("controllerDLegerGroup=").append(CONTROLLER_GROUP).append('\n');
            conf.append("controllerDLegerPeers=n0-")
                .append(LoopbackPorts.LOOPBACK)
                .append(':')
                .append(controllerPort)
                .append('\n');
            conf.append("controllerDLegerSelfId=n0\n");
            conf.append("controllerStorePath=").append(home.resolve("controller")).append('\n');
            conf.append("enableElectUncleanMaster=false\n");
            conf.append("notifyBrokerRoleChanged=true\n");
        }
        return conf.toString();
    }

    /**
     * A broker's configuration.
     * @param version its version
     * @param node where and what it is
     * @param nameServer the NameServer's address
     * @param controller the controller's address in controller mode, or {@code null}
     * @return the configuration text
     */
    static String broker(RocketMQVersion version, BrokerNode node, String nameServer, @Nullable String controller) {
        Path store = node.home().resolve("store");
        StringBuilder conf = new StringBuilder();
        conf.append("brokerClusterName=").append(RocketMQProcesses.CLUSTER_NAME).append('\n');
        conf.append("brokerName=").append(node.brokerName()).append('\n');
        if (controller != null) {
            // The controller assigns ids and roles: every replica starts as a slave.
            conf.append("enableControllerMode=true\n");
            conf.append("controllerAddr=").append(controller).append('\n');
            conf.append("brokerId=-1\n");
            conf.append("brokerRole=SLAVE\n");
            // A message is acknowledged once every replica in sync has it: none is lost
            // when the master dies.
            conf.append("allAckInSyncStateSet=true\n");
        }
        else {
            conf.append("brokerId=").append(node.replica()).append('\n');
            conf.append("brokerRole=").append((node.replica() == 0) ? "ASYNC_MASTER" : "SLAVE").append('\n');
        }
        conf.append("namesrvAddr=").append(nameServer).append('\n');
        conf.append("brokerIP1=").append(LoopbackPorts.LOOPBACK).append('\n');
        conf.append("brokerIP2=").append(LoopbackPorts.LOOPBACK).append('\n');
        if (version.major() >= 5) {
            // 4.x has no such setting: it listens on every interface.
            conf.append("bindAddress=").append(LoopbackPorts.LOOPBACK).append('\n');
        }
        conf.append("listenPort=").append(node.port()).append('\n');
        conf.append("haListenPort=").append(node.haPort()).append('\n');
        conf.append("storePathRootDir=").append(store).append('\n');
        conf.append("storePathCommitLog=").append(store.resolve("commitlog")).append('\n');
        conf.append("autoCreateTopicEnable=true\n");
        // Register with the NameServers every 10 s (the least allowed; 30 s by default),
        // so that a restarted NameServer has its routes back soon.
        conf.append("registerNameServerPeriod=10000\n");
        // Small store files: each is mapped, and the next one pre-allocated.
        conf.append("mappedFileSizeCommitLog=").append(32 * 1024 * 1024).append('\n');
        conf.append("mappedFileSizeConsumeQueue=").append(30_000 * 20).append('\n');
        conf.append("mappedFileSizeTimerLog=").append(4 * 1024 * 1024).append('\n');
        conf.append("maxHashSlotNum=50000\n");
        conf.append("maxIndexNum=200000\n");
        // Tests may run on a fuller disk than a production broker tolerates.
        conf.append("diskMaxUsedSpaceRatio=95\n");
        conf.append("diskSpaceWarningLevelRatio=98\n");
        conf.append("diskSpaceCleanForciblyRatio=97\n");
        return conf.toString();
    }

    /**
     * One broker process: which broker name it serves, as which replica, where.
     *
     * @param node its node name ({@code broker-a}, or {@code broker-a-0},
     * {@code broker-a-1} when a broker name has several replicas)
     * @param brokerName its broker name
     * @param replica its index in the group (0 is the first master)
     * @param home its home directory
     * @param port its listen port
     * @param haPort its HA listen port
     */
    record BrokerNode(String node, String brokerName, int replica, Path home, int port, int haPort) {
    }

}
