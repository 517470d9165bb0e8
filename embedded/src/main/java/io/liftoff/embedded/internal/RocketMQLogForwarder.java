package io.liftoff.embedded.internal;

import org.apache.rocketmq.logging.ch.qos.logback.classic.Level;
import org.apache.rocketmq.logging.ch.qos.logback.classic.spi.ILoggingEvent;
import org.apache.rocketmq.logging.ch.qos.logback.classic.spi.IThrowableProxy;
import org.apache.rocketmq.logging.ch.qos.logback.classic.spi.ThrowableProxy;
import org.apache.rocketmq.logging.ch.qos.logback.core.UnsynchronizedAppenderBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An appender for RocketMQ's shaded logback that hands each event to the application's SLF4J, under the logger
 * {@value #LOGGER_PREFIX}{@code <RocketMQ logger name>} (for example {@code io.liftoff.embedded.rocketmq.RocketmqStore}),
 * so that the application's logging configuration decides what is shown and where.
 *
 * <p>Installed by {@code rocketmq-logback.xml}; see {@link RocketMQSystemProperties}.
 */
public final class RocketMQLogForwarder extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Prefix of the SLF4J logger names RocketMQ events are forwarded to. */
    public static final String LOGGER_PREFIX = "io.liftoff.embedded.rocketmq.";

    /** Creates the appender; logback instantiates it from the configuration file. */
    public RocketMQLogForwarder() {
    }

    @Override
    protected void append(ILoggingEvent event) {
        Logger target = LoggerFactory.getLogger(LOGGER_PREFIX + event.getLoggerName());
        Throwable thrown = throwable(event.getThrowableProxy());
        int level = event.getLevel().toInt();
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

    private static Throwable throwable(IThrowableProxy proxy) {
        return (proxy instanceof ThrowableProxy) ? ((ThrowableProxy) proxy).getThrowable() : null;
    }
}
