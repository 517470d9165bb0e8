package io.liftoff.client.internal.remoting;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.liftoff.client.ConnectionClosedException;
import io.liftoff.client.RequestTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests in flight on one connection, until each is answered, times out or fails
 * with the connection. Those the event loop wrote sit in a map by opaque, touched on the
 * loop only; those a caller wrote to the socket itself sit in a small lock-free table by
 * opaque modulo its size, until their answer arrives or the wheel's next tick takes their
 * deadline over. Every deadline sits in a {@link TimeoutWheel} on the loop, so every
 * caller is completed and none waits forever. A request whose callback asks for a late
 * answer ({@link ResponseCallback#onTimeout()}) stays past its deadline, for as long
 * again, so that an answer that still comes reaches it.
 */
final class InFlightRequests {

    private static final Logger logger = LoggerFactory.getLogger(InFlightRequests.class);

    private static final int WRITTEN_SLOTS = 64;

    private static final int WRITTEN_MASK = WRITTEN_SLOTS - 1;

    private final String address;

    private final EventLoop loop;

    private final Consumer<Request> start;

    private final IntObjectMap<Request> pending = new IntObjectHashMap<>();

    /**
     * Requests written by callers, by opaque modulo the table's size, until answered or
     * handed to the wheel.
     */
    private final AtomicReferenceArray<@Nullable Request> written = new AtomicReferenceArray<>(WRITTEN_SLOTS);

    private final TimeoutWheel timeouts;

    private final Runnable startTicking;

    /**
     * Creates the requests in flight of one connection.
     * @param address the connection's address, for messages
     * @param loop the connection's event loop
     * @param start what the loop does with a request handed to it with
     * {@link EventLoop#execute}
     */
    InFlightRequests(String address, EventLoop loop, Consumer<Request> start) {
        this.address = address;
        this.loop = loop;
        this.start = start;
        this.timeouts = new TimeoutWheel(loop, new WrittenIntake());
        this.startTicking = this.timeouts::ensureTicking;
    }

    /**
     * Creates a request, not yet in flight; its deadline counts from now.
     * @param command the request, with its opaque
     * @param timeoutMillis how long to wait for the answer
     * @param callback completed once, with the answer or with why there is none
     * @return the request, a task that hands it to {@code start} when run on the loop
     */
    Request newRequest(RemotingCommand command, long timeoutMillis, ResponseCallback callback) {
        return new Request(command, timeoutMillis, callback);
    }

    /**
     * @return whether nothing is in flight; on the loop
     */
    boolean isEmpty() {
        return this.pending.isEmpty() && this.timeouts.intakeEmpty();
    }

    /**
     * Puts a request a caller is about to write into the table, before the first byte
     * leaves: the answer may be read at once. The caller holds the socket lock, so that
     * no other caller puts one meanwhile.
     * @return whether the request's slot was free and the request is now in it
     */
    boolean putWritten(Request request) {
        return this.written.compareAndSet(slotOf(request.command.opaque()), null, request);
    }

    /**
     * @return whether the table has room for a request with this opaque right now; any
     * thread
     */
    boolean writtenSlotFree(int opaque) {
        return this.written.get(slotOf(opaque)) == null;
    }

    /** Empties the slot of a request a caller could not write, under the socket lock. */
    void clearWritten(Request request) {
        this.written.set(slotOf(request.command.opaque()), null);
    }

    /**
     * Takes a caller-written request back out of the table, if no one took it yet.
     * @return whether it was still there
     */
    boolean takeBackWritten(Request request) {
        return this.written.compareAndSet(slotOf(request.command.opaque()), request, null);
    }

    /**
     * Makes sure the wheel ticks to take over the deadlines of caller-written requests;
     * any thread.
     */
    void watchWritten() {
        if (!this.timeouts.isTicking()) {
            this.loop.execute(this.startTicking);
        }
    }

    /**
     * Puts a request among those in flight, with its deadline on the wheel; on the loop.
     */
    void register(Request request) {
        int opaque = request.command.opaque();
        Request clash = this.pending.put(opaque, request);
        if (clash != null) {
            this.timeouts.remove(clash);
            clash.fail(new ConnectionClosedException(this.address, "Request id " + opaque + " was reused", null));
        }
        this.timeouts.add(request);
    }

    /** Takes a request out of those in flight, with its deadline; on the loop. */
    void remove(Request request) {
        int opaque = request.command.opaque();
        if (this.pending.get(opaque) == request) {
            this.pending.remove(opaque);
        }
        this.timeouts.remove(request);
    }

    /**
     * Takes out the request an answer is for, with its deadline; on the loop.
     * @param opaque the answer's opaque
     * @return the request; {@code null} when none waits for this answer
     */
    @Nullable Request take(int opaque) {
        Request request = this.pending.remove(opaque);
        if (request == null) {
            request = takeWritten(opaque);
        }
        if (request != null) {
            this.timeouts.remove(request);
        }
        return request;
    }

    /**
     * Fails every request in flight, caller-written ones included, and empties the table;
     * on the loop.
     * @param failure makes what each request fails with; called only when there is a
     * request
     */
    void failAll(Supplier<RuntimeException> failure) {
        registerWritten();
        if (!this.pending.isEmpty()) {
            RuntimeException cause = failure.get();
            Request[] all = this.pending.values().toArray(new Request[0]);
            this.pending.clear();
            for (Request request : all) {
                this.timeouts.remove(request);
                request.fail(cause);
            }
        }
    }

    /**
     * Registers the requests that callers wrote and that are still unanswered, emptying
     * the table; on the loop.
     */
    private void registerWritten() {
        for (int slot = 0; slot < WRITTEN_SLOTS; slot++) {
            Request request = this.written.get(slot);
            if (request != null && this.written.compareAndSet(slot, request, null)) {
                register(request);
            }
        }
    }

    /**
     * @return the caller-written request with this opaque, removed from the table; none
     * if not there
     */
    private @Nullable Request takeWritten(int opaque) {
        int slot = slotOf(opaque);
        Request request = this.written.get(slot);
        if (request != null && request.command.opaque() == opaque && this.written.compareAndSet(slot, request, null)) {
            return request;
        }
        return null;
    }

    private static int slotOf(int opaque) {
        return opaque & WRITTEN_MASK;
    }

    /**
     * Hands the deadlines of caller-written requests still unanswered to the wheel, at
     * each tick.
     */
    private final class WrittenIntake implements TimeoutWheel.Intake {

        @Override
        public void handOver() {
            registerWritten();
        }

        @Override
        public boolean isEmpty() {
            for (int slot = 0; slot < WRITTEN_SLOTS; slot++) {
                if (InFlightRequests.this.written.get(slot) != null) {
                    return false;
                }
            }
            return true;
        }

    }

    /**
     * A request in flight: the task that hands it to the loop, its deadline in the wheel,
     * and its callback, completed once.
     */
    final class Request extends TimeoutWheel.Entry implements Runnable {

        final RemotingCommand command;

        final long timeoutMillis;

        final ResponseCallback callback;

        boolean done;

        /**
         * Who receives the answer after the deadline; set while the request stays among
         * those in flight past its deadline.
         */
        private ResponseCallback.@Nullable LateAnswer late;

        private Request(RemotingCommand command, long timeoutMillis, ResponseCallback callback) {
            this.command = command;
            this.timeoutMillis = timeoutMillis;
            this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            this.callback = callback;
        }

        @Override
        public void run() {
            InFlightRequests.this.start.accept(this);
        }

        @Override
        void expire() {
            if (this.done) {
                // The wait for a late answer is over.
                this.late = null;
                remove(this);
                return;
            }
            ResponseCallback.LateAnswer lateAnswer = null;
            try {
                lateAnswer = this.callback.onTimeout();
            }
            catch (RuntimeException ex) {
                logger.warn("Timeout callback of request code {} to {} failed", this.command.code(),
                        InFlightRequests.this.address, ex);
            }
            if (lateAnswer != null) {
                // Stays among those in flight, so that its answer still finds it.
                this.late = lateAnswer;
                this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS
                    .toNanos(Math.min(this.timeoutMillis, ResponseCallback.LateAnswer.MAX_WAIT_MILLIS));
                InFlightRequests.this.timeouts.add(this);
            }
            else {
                remove(this);
            }
            fail(new RequestTimeoutException(InFlightRequests.this.address, this.command.code(), this.timeoutMillis));
        }

        void complete(@Nullable RemotingCommand response) {
            ResponseCallback.LateAnswer lateAnswer = this.late;
            if (this.done && lateAnswer != null && response != null) {
                this.late = null;
                try {
                    lateAnswer.arrived(response);
                }
                catch (RuntimeException ex) {
                    logger.warn("Late answer to request code {} from {} could not be handled", this.command.code(),
                            InFlightRequests.this.address, ex);
                }
                return;
            }
            finish(response, null);
        }

        void fail(Throwable cause) {
            finish(null, cause);
        }

        private void finish(@Nullable RemotingCommand response, @Nullable Throwable cause) {
            if (this.done) {
                return;
            }
            this.done = true;
            try {
                this.callback.complete(response, cause);
            }
            catch (RuntimeException ex) {
                logger.warn("Callback of request code {} to {} failed", this.command.code(),
                        InFlightRequests.this.address, ex);
            }
        }

    }

}
