package io.liftoff.embedded.internal;

import org.apache.rocketmq.common.MQVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM-wide system properties an in-process RocketMQ server needs, set once before the
 * first RocketMQ server class is touched.
 *
 * <ul>
 * <li>{@value #REMOTING_VERSION_KEY}: {@code BrokerStartup} and {@code NamesrvStartup}
 * set it, the controllers do not. Without it a broker registers with version 0, the
 * NameServer reads the registration body in the pre-3.0.11 format and no topic route ever
 * appears.</li>
 * <li>{@value #LOGBACK_CONFIGURATION_FILE_KEY}: RocketMQ logs through a shaded copy of
 * logback whose default configuration writes to {@code ${user.home}/logs/rocketmqlogs}.
 * Unless the property is already set, it is pointed at
 * {@value #LOGBACK_CONFIGURATION_RESOURCE}, which forwards errors to SLF4J (see
 * {@link RocketMQLogForwarder}) and writes no files. The shaded logback reads the
 * property once, when the first RocketMQ logger is created, so it only takes effect if no
 * RocketMQ class logged before. The system property {@value #LOG_LEVEL_KEY} lowers the
 * threshold.</li>
 * <li>{@value #TLS_SERVER_MODE_KEY}: RocketMQ servers default to "permissive" TLS, and
 * with no certificate configured every server (two per broker, one per NameServer)
 * generates a self-signed RSA certificate when it is created: about 70% of the start-up
 * time on a 2-core machine. Unless the property is already set it is set to
 * {@code disabled}, so the embedded servers speak plain TCP only; set it to
 * {@code permissive} before the first start to test TLS. Read once, when RocketMQ's
 * {@code TlsSystemConfig} class loads.</li>
 * </ul>
 */
public final class RocketMQSystemProperties {

    /** {@code RemotingCommand.REMOTING_VERSION_KEY}. */
    public static final String REMOTING_VERSION_KEY = "rocketmq.remoting.version";

    /** {@code TlsSystemConfig.TLS_SERVER_MODE}: the TLS mode of RocketMQ servers. */
    public static final String TLS_SERVER_MODE_KEY = "tls.server.mode";

    /**
     * The system property RocketMQ's shaded logback reads its configuration location
     * from.
     */
    public static final String LOGBACK_CONFIGURATION_FILE_KEY = "rmq.logback.configurationFile";

    /** The class-path resource with the logging configuration installed for RocketMQ. */
    public static final String LOGBACK_CONFIGURATION_RESOURCE = "io/liftoff/embedded/internal/rocketmq-logback.xml";

    /**
     * The system property naming the lowest RocketMQ log level forwarded to SLF4J:
     * {@code ERROR} unless set. Read by {@value #LOGBACK_CONFIGURATION_RESOURCE}.
     */
    public static final String LOG_LEVEL_KEY = "liftoff.embedded.rocketmq.log.level";

    private static final Logger log = LoggerFactory.getLogger(RocketMQSystemProperties.class);

    private RocketMQSystemProperties() {
    }

    /**
     * Sets the properties described on this class. Safe to call any number of times from
     * any thread.
     */
    public static synchronized void apply() {
        // Logging first: MQVersion below is the first RocketMQ class this process may
        // load.
        if (System.getProperty(LOGBACK_CONFIGURATION_FILE_KEY) == null) {
            System.setProperty(LOGBACK_CONFIGURATION_FILE_KEY, LOGBACK_CONFIGURATION_RESOURCE);
        }
        if (System.getProperty(TLS_SERVER_MODE_KEY) == null) {
            System.setProperty(TLS_SERVER_MODE_KEY, "disabled");
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
