package io.liftoff.client.internal.send;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import io.liftoff.client.ProducerClosedException;
import io.liftoff.client.ProducerSnapshot.State;

/**
 * A producer's life cycle: new, running, closing, closed, each step taken once. Sends ask
 * it whether they may start ({@link #ensureRunning()}) and whether an attempt may still
 * be made ({@link #acceptsAttempts()}: while closing, sends in flight finish).
 * Thread-safe.
 */
final class ProducerState {

    private final String group;

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    ProducerState(String group) {
        this.group = group;
    }

    /**
     * @return the current state
     */
    State current() {
        return this.state.get();
    }

    /**
     * Moves from new to running.
     * @throws IllegalStateException when the producer was started or closed before
     */
    void start() {
        if (!this.state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("Producer of group '" + this.group + "' is already "
                    + this.state.get().name().toLowerCase(Locale.ROOT) + "; start() may be called once");
        }
    }

    /**
     * Moves to closing, unless closing or closed already.
     * @return whether this call began the close
     */
    boolean beginClose() {
        State previous = this.state.getAndUpdate((current) -> (current == State.CLOSED) ? State.CLOSED : State.CLOSING);
        return previous != State.CLOSED && previous != State.CLOSING;
    }

    /** Moves to closed. */
    void closed() {
        this.state.set(State.CLOSED);
    }

    /**
     * Checks that sends may start.
     * @throws ProducerClosedException when the producer is not running, saying why
     */
    void ensureRunning() {
        State current = this.state.get();
        if (current != State.RUNNING) {
            throw new ProducerClosedException(
                    "Producer of group '" + this.group + "' is " + current.name().toLowerCase(Locale.ROOT)
                            + ((current == State.NEW) ? "; call start() before sending" : "; sends are refused"));
        }
    }

    /**
     * @return whether a send in progress may make another attempt: running or closing
     */
    boolean acceptsAttempts() {
        State current = this.state.get();
        return current == State.RUNNING || current == State.CLOSING;
    }

}
