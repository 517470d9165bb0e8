package io.liftoff.autoconfigure;

import java.time.Instant;
import java.util.List;

import io.liftoff.client.ProducerListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Calls several {@link ProducerListener}s in order, so that every {@code ProducerListener} bean (metrics,
 * tracing, the application's own) hears the producer's events. A listener that throws is logged and does not
 * keep the others from being called.
 */
final class CompositeProducerListener implements ProducerListener {

    private static final Log logger = LogFactory.getLog(CompositeProducerListener.class);

    private final List<ProducerListener> listeners;

    private CompositeProducerListener(List<ProducerListener> listeners) {
        this.listeners = listeners;
    }

    /**
     * Combines listeners.
     *
     * @param listeners the listeners, in call order
     * @return {@link ProducerListener#NONE} for none, the listener itself for one, a composite otherwise
     */
    static ProducerListener of(List<ProducerListener> listeners) {
        if (listeners.isEmpty()) {
            return ProducerListener.NONE;
        }
        return (listeners.size() == 1) ? listeners.get(0) : new CompositeProducerListener(List.copyOf(listeners));
    }

    @Override
    public void attemptFinished(AttemptEvent event) {
        for (ProducerListener listener : this.listeners) {
            try {
                listener.attemptFinished(event);
            }
            catch (RuntimeException ex) {
                failed(listener, ex);
            }
        }
    }

    @Override
    public void sendFinished(SendEvent event) {
        for (ProducerListener listener : this.listeners) {
            try {
                listener.sendFinished(event);
            }
            catch (RuntimeException ex) {
                failed(listener, ex);
            }
        }
    }

    @Override
    public void brokerIsolated(String brokerName, Instant until, String reason) {
        for (ProducerListener listener : this.listeners) {
            try {
                listener.brokerIsolated(brokerName, until, reason);
            }
            catch (RuntimeException ex) {
                failed(listener, ex);
            }
        }
    }

    @Override
    public void brokerRecovered(String brokerName) {
        for (ProducerListener listener : this.listeners) {
            try {
                listener.brokerRecovered(brokerName);
            }
            catch (RuntimeException ex) {
                failed(listener, ex);
            }
        }
    }

    @Override
    public void routeChanged(String topic, List<String> before, List<String> after) {
        for (ProducerListener listener : this.listeners) {
            try {
                listener.routeChanged(topic, before, after);
            }
            catch (RuntimeException ex) {
                failed(listener, ex);
            }
        }
    }

    @Override
    public void routesRefreshed(long durationNanos, Throwable failure) {
        for (ProducerListener listener : this.listeners) {
            try {
                listener.routesRefreshed(durationNanos, failure);
            }
            catch (RuntimeException ex) {
                failed(listener, ex);
            }
        }
    }

    private static void failed(ProducerListener listener, RuntimeException ex) {
        logger.warn("ProducerListener " + listener.getClass().getName() + " failed; the other listeners were called",
                ex);
    }
}
