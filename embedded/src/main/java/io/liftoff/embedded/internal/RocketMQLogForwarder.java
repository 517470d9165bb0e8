package io.liftoff.embedded.internal;

import org.apache.rocketmq.logging.ch.qos.logback.classic.Level;
import org.apache.rocketmq.logging.ch.qos.logback.classic.spi.ILoggingEvent;
import org.apache.rocketmq.logging.ch.qos.logback.classic.spi.IThrowableProxy;
import org.apache.rocketmq.logging.ch.qos.logback.classic.spi.ThrowableProxy;
import org.apache.rocketmq.logging.ch.qos.logback.core.UnsynchronizedAppenderBase;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An appender for RocketMQ's shaded logback that hands each event to the application's
 * SLF4J, so that the application's logging configuration decides what is shown and where.
 *
 * <ul>
 * <li>RocketMQ's events go to the logger
 * {@value #LOGGER_PREFIX}{@code <RocketMQ logger name>}, for example
 * {@code io.liftoff.embedded.rocketmq.RocketmqStore}.</li>
 * <li>Netty's events: RocketMQ's remoting module replaces Netty's JVM-wide logger factory
 * with one that logs into RocketMQ's shaded logback, so every Netty class initialized
 * afterwards, including those used by other Netty users in the JVM (such as a client
 * under test), logs through here. Events logged on RocketMQ's own Netty threads (named
 * {@code Netty...}) are treated as RocketMQ's; the others keep their logger name
 * ({@code io.netty...}) and level, as if RocketMQ had not intervened.</li>
 * <li>Events caused by an {@link InterruptedException} are logged at DEBUG: RocketMQ logs
 * its service threads being interrupted by a regular shutdown as errors.</li>
 * </ul>
 *
 * <p>
 * Installed by {@code rocketmq-logback.xml}; see {@link RocketMQSystemProperties}.
 */
public final class RocketMQLogForwarder extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Prefix of the SLF4J logger names RocketMQ events are forwarded to. */
    public static final String LOGGER_PREFIX = "io.liftoff.embedded.rocketmq.";

    private static final String NETTY_PREFIX = "io.netty.";

    /**
     * RocketMQ names its Netty threads NettyServerNIOSelector_1,
     * NettyClientWorkerThread_1, NettyNIOBoss_1, ...
     */
    private static final String ROCKETMQ_NETTY_THREAD = "Netty";

    private volatile int rocketmqLevel = Level.ERROR_INT;

    /** Creates the appender; logback instantiates it from the configuration file. */
    public RocketMQLogForwarder() {
    }

    /**
     * Sets the lowest level of RocketMQ events to forward (the logback configuration
     * filters the others before they get here); Netty events logged on RocketMQ's threads
     * are filtered here.
     * @param level a logback level name; default {@code ERROR}
     */
    public void setRocketmqLevel(String level) {
        this.rocketmqLevel = Level.toLevel(level, Level.ERROR).toInt();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String name = event.getLoggerName();
        boolean rocketmq = !name.startsWith(NETTY_PREFIX) || event.getThreadName().startsWith(ROCKETMQ_NETTY_THREAD);
        if (rocketmq && event.getLevel().toInt() < this.rocketmqLevel) {
            return;
        }
        Logger target = LoggerFactory.getLogger(rocketmq ? LOGGER_PREFIX + name : name);
        Throwable thrown = throwable(event.getThrowableProxy());
        int level = isInterruption(thrown) ? Level.DEBUG_INT : event.getLevel().toInt();
        if (level >= Level.ERROR_INT) {
            if (target.isErrorEnabled()) {
                target.error(event.getFormattedMessage(), thrown);
            }
        }
        else if (level >= Level.WARN_INT) {
            if (target.isWarnEnabled()) {
                target.warn(event.getFormattedMessage(), thrown);
            }
        }
        else if (level >= Level.INFO_INT) {
            if (target.isInfoEnabled()) {
                target.info(event.getFormattedMessage(), thrown);
            }
        }
        else if (level >= Level.DEBUG_INT) {
            if (target.isDebugEnabled()) {
                target.debug(event.getFormattedMessage(), thrown);
            }
        }
        else if (target.isTraceEnabled()) {
            target.trace(event.getFormattedMessage(), thrown);
        }
    }

    private static boolean isInterruption(@Nullable Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable Throwable throwable(@Nullable IThrowableProxy proxy) {
        return (proxy instanceof ThrowableProxy) ? ((ThrowableProxy) proxy).getThrowable() : null;
    }

}
