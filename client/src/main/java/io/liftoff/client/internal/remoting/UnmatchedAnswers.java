package io.liftoff.client.internal.remoting;

import java.util.concurrent.TimeUnit;

import io.liftoff.client.ResponseCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a connection does with an answer nobody waits for: late, or a refusal of a oneway
 * request (a broker answers those only to refuse them, as when it is too busy). A refusal
 * means a message is lost, so it is not dropped quietly: it is logged as a warning, at
 * most once a second per connection, with how many came since. Used on the connection's
 * event loop only.
 */
final class UnmatchedAnswers {

    private static final Logger logger = LoggerFactory.getLogger(Connection.class);

    private final String address;

    /** Refusals since the last warning about them. */
    private int refusals;

    private boolean refusalLogged;

    private long lastRefusalLog;

    /**
     * @param address the connection's address, for the log
     */
    UnmatchedAnswers(String address) {
        this.address = address;
    }

    /**
     * Logs an answer nobody waits for.
     * @param response the answer
     */
    void handle(RemotingCommand response) {
        if (response.code() == ResponseCodes.SUCCESS) {
            logger.debug("Dropping a late answer from {}: opaque {}", this.address, response.opaque());
            return;
        }
        this.refusals++;
        long now = System.nanoTime();
        if (this.refusalLogged && now - this.lastRefusalLog < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        logger.warn(
                "{} refused {} request(s) that no answer was awaited for (oneway sends are lost this way, or the "
                        + "request had timed out); last: opaque {}, code {} {}",
                this.address, this.refusals, response.opaque(), response.code(),
                (response.remark() != null) ? response.remark() : "");
        this.refusalLogged = true;
        this.lastRefusalLog = now;
        this.refusals = 0;
    }

}
