package io.liftoff.client.internal.listener;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import io.liftoff.client.ProducerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Calls one or more {@link ProducerListener}s in order, each guarded once here: a
 * listener that throws is logged (with the event it failed on) and keeps neither the
 * others nor the producer from going on. The producer wraps whatever listener it is given
 * in one of these, so that no call site needs a {@code try} of its own.
 */
public final class GuardedListeners implements ProducerListener {

    private static final Logger logger = LoggerFactory.getLogger(GuardedListeners.class);

    private final ProducerListener[] listeners;

    private GuardedListeners(List<? extends ProducerListener> listeners) {
        this.listeners = listeners.toArray(new ProducerListener[0]);
    }

    /**
     * Guards listeners.
     * @param listeners the listeners, in call order; {@link ProducerListener#NONE}
     * entries are left out
     * @return {@link ProducerListener#NONE} when none is left, otherwise a guarded
     * composite (a guarded composite given again is returned as it is)
     */
    public static ProducerListener of(List<? extends ProducerListener> listeners) {
        List<? extends ProducerListener> live = listeners.stream()
            .filter((listener) -> listener != ProducerListener.NONE)
            .toList();
        if (live.isEmpty()) {
            return ProducerListener.NONE;
        }
        if (live.size() == 1 && live.get(0) instanceof GuardedListeners guarded) {
            return guarded;
        }
        return new GuardedListeners(live);
    }

    @Override
    public void attemptFinished(AttemptEvent event) {
        // Once or more per send: a plain loop, no lambda to allocate.
        for (ProducerListener listener : this.listeners) {
            try {
                listener.attemptFinished(event);
            }
            catch (RuntimeException ex) {
                failed(listener, "attemptFinished", ex);
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
                failed(listener, "sendFinished", ex);
            }
        }
    }

    @Override
    public void transactionEnded(TransactionEvent event) {
        each("transactionEnded", (listener) -> listener.transactionEnded(event));
    }

    @Override
    public void brokerIsolated(String brokerName, Instant until, String reason) {
        each("brokerIsolated", (listener) -> listener.brokerIsolated(brokerName, until, reason));
    }

    @Override
    public void brokerRecovered(String brokerName) {
        each("brokerRecovered", (listener) -> listener.brokerRecovered(brokerName));
    }

    @Override
    public void routeChanged(String topic, List<String> before, List<String> after) {
        each("routeChanged", (listener) -> listener.routeChanged(topic, before, after));
    }

    @Override
    public void routesRefreshed(long durationNanos, @Nullable Throwable failure) {
        each("routesRefreshed", (listener) -> listener.routesRefreshed(durationNanos, failure));
    }

    private void each(String event, Consumer<ProducerListener> call) {
        for (ProducerListener listener : this.listeners) {
            try {
                call.accept(listener);
            }
            catch (RuntimeException ex) {
                failed(listener, event, ex);
            }
        }
    }

    private static void failed(ProducerListener listener, String event, RuntimeException ex) {
        logger.warn("ProducerListener {} failed on {}; the other listeners were called", listener.getClass().getName(),
                event, ex);
    }

}
