package io.liftoff.embedded.internal;

import org.apache.rocketmq.common.MQVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM-wide system properties an in-process RocketMQ server needs, set once before the first RocketMQ server
 * class is touched.
 *
 * <ul>
 *   <li>{@value #REMOTING_VERSION_KEY}: {@code BrokerStartup} and {@code NamesrvStartup} set it, the controllers do
 *       not. Without it a broker registers with version 0, the NameServer reads the registration body in the
 *       pre-3.0.11 format and no topic route ever appears.</li>
 *   <li>{@value #LOGBACK_CONFIGURATION_FILE_KEY}: RocketMQ logs through a shaded copy of logback whose default
 *       configuration writes to {@code ${user.home}/logs/rocketmqlogs}. Unless the property is already set, it is
 *       pointed at {@value #LOGBACK_CONFIGURATION_RESOURCE}, which forwards WARN and above to SLF4J (see
 *       {@link RocketMQLogForwarder}) and writes no files. The shaded logback reads the property once, when the first
 *       RocketMQ logger is created, so it only takes effect if no RocketMQ class logged before.</li>
 * </ul>
 */
public final class RocketMQSystemProperties {

    /** {@code RemotingCommand.REMOTING_VERSION_KEY}. */
    public static final String REMOTING_VERSION_KEY = "rocketmq.remoting.version";

    /** The system property RocketMQ's shaded logback reads its configuration location from. */
    public static final String LOGBACK_CONFIGURATION_FILE_KEY = "rmq.logback.configurationFile";

    /** The class-path resource with the logging configuration installed for RocketMQ. */
    public static final String LOGBACK_CONFIGURATION_RESOURCE = "io/liftoff/embedded/internal/rocketmq-logback.xml";

    /**
     * The system property naming the lowest RocketMQ log level forwarded to SLF4J: {@code WARN} unless set. Read by
     * {@value #LOGBACK_CONFIGURATION_RESOURCE}.
     */
    public static final String LOG_LEVEL_KEY = "liftoff.embedded.rocketmq.log.level";

    private static final Logger log = LoggerFactory.getLogger(RocketMQSystemProperties.class);

    private RocketMQSystemProperties() {
    }

    /**
     * Sets the properties described on this class. Safe to call any number of times from any thread.
     */
    public static synchronized void apply() {
        // Logging first: MQVersion below is the first RocketMQ class this process may load.
        if (System.getProperty(LOGBACK_CONFIGURATION_FILE_KEY) == null) {
            System.setProperty(LOGBACK_CONFIGURATION_FILE_KEY, LOGBACK_CONFIGURATION_RESOURCE);
        }
        String version = Integer.toString(MQVersion.CURRENT_VERSION);
        String current = System.getProperty(REMOTING_VERSION_KEY);
        if (!version.equals(current)) {
            if (current != null) {
                log.warn("System property {} was {}, setting it to {} (RocketMQ {}) for the embedded servers",
                        REMOTING_VERSION_KEY, current, version, MQVersion.getVersionDesc(MQVersion.CURRENT_VERSION));
            }
            System.setProperty(REMOTING_VERSION_KEY, version);
        }
    }
}
