package io.liftoff.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.NameServerUnavailableException;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerSnapshot;
import io.liftoff.client.RemotingException;
import io.liftoff.client.RouteNotFoundException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Ties the auto-configured {@link Producer} to the application context:
 * {@link Producer#start() started} when the context starts (before the web server, so
 * that requests can send), and on shutdown (after the web server stopped taking requests)
 * {@link Producer#close(Duration) closed}: it stops taking sends, waits up to the grace
 * period ({@code rocketmq.producer.shutdown-grace-period}) for asynchronous sends in
 * flight, then releases its threads and connections.
 *
 * <p>
 * Starting does no network I/O, so the application starts when no NameServer is
 * reachable, and sends fail until one is. With {@code rocketmq.producer.fail-fast=true},
 * starting asks every NameServer a cheap question
 * ({@link Producer#checkNameServers(Duration)}, within the route request timeout) and
 * fails with a {@link ProducerStartupException} when none answers, then looks up the
 * route of each {@code rocketmq.producer.fail-fast-topics} entry (optional) and fails
 * when a topic has no route.
 *
 * <p>
 * A closed producer cannot be started again: stopping and restarting the context needs a
 * new context.
 */
public final class ProducerLifecycle implements SmartLifecycle {

    /**
     * The phase: below the web server's ({@code DEFAULT_PHASE - 2048}), so that the
     * producer starts before and stops after it.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log logger = LogFactory.getLog(ProducerLifecycle.class);

    private final Producer producer;

    private final Duration shutdownGracePeriod;

    private final boolean failFast;

    private final Duration failFastTimeout;

    private final List<String> failFastTopics;

    private final List<String> nameServers;

    private volatile boolean running;

    /**
     * Creates the lifecycle.
     * @param producer the producer, not started
     * @param shutdownGracePeriod how long stopping waits for asynchronous sends in flight
     * @param failFast whether starting checks that a NameServer answers, and looks up
     * {@code failFastTopics}
     * @param failFastTimeout how long the NameServer check waits
     * @param failFastTopics topics whose routes starting looks up when {@code failFast};
     * may be empty
     * @param nameServers the NameServer addresses, for reports
     */
    public ProducerLifecycle(Producer producer, Duration shutdownGracePeriod, boolean failFast,
            Duration failFastTimeout, List<String> failFastTopics, List<String> nameServers) {
        this.producer = producer;
        this.shutdownGracePeriod = shutdownGracePeriod;
        this.failFast = failFast;
        this.failFastTimeout = failFastTimeout;
        this.failFastTopics = List.copyOf(failFastTopics);
        this.nameServers = List.copyOf(nameServers);
    }

    /**
     * Starts the producer, then runs the fail-fast check if configured.
     * @throws ProducerStartupException when the fail-fast check fails (the producer is
     * closed again)
     */
    @Override
    public void start() {
        this.producer.start();
        this.running = true;
        if (!this.failFast) {
            return;
        }
        List<ProducerSnapshot.NameServerState> states = this.producer.checkNameServers(this.failFastTimeout);
        if (states.stream().noneMatch((state) -> Boolean.TRUE.equals(state.reachable()))) {
            closeAfterFailedCheck();
            throw ProducerStartupException.nameServerUnavailable(this.nameServers, states);
        }
        for (String topic : this.failFastTopics) {
            try {
                this.producer.writeQueues(topic);
            }
            catch (RuntimeException ex) {
                closeAfterFailedCheck();
                throw startupFailure(topic, ex);
            }
        }
        logger.info("RocketMQ fail-fast check passed: a NameServer answered"
                + (this.failFastTopics.isEmpty() ? "" : ", routes found for " + this.failFastTopics));
    }

    private void closeAfterFailedCheck() {
        this.running = false;
        this.producer.close(Duration.ZERO);
    }

    /**
     * Stops taking sends, waits for asynchronous sends in flight up to the grace period,
     * then closes.
     */
    @Override
    public void stop() {
        if (this.running) {
            this.running = false;
            this.producer.close(this.shutdownGracePeriod);
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private RuntimeException startupFailure(String topic, RuntimeException ex) {
        if (ex instanceof InvalidMessageException) {
            return new RocketMQConfigurationException("rocketmq.producer.fail-fast-topics", topic, ex.getMessage(),
                    "Update rocketmq.producer.fail-fast-topics to the names of topics this application sends to.");
        }
        boolean nameServerAnswered = ex instanceof RouteNotFoundException;
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof NameServerUnavailableException || cause instanceof RemotingException) {
                nameServerAnswered = false;
            }
        }
        if (!nameServerAnswered) {
            return ProducerStartupException.nameServerUnavailable(this.nameServers, topic, ex);
        }
        return ProducerStartupException.routeNotFound(this.nameServers, topic, ex);
    }

}
