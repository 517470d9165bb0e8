package io.liftoff.client.internal.remoting;

import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * Request deadlines of one connection, on a hashed timing wheel confined to its event
 * loop: adding and removing a deadline links or unlinks an entry (no allocation, no
 * priority queue), and one tick task runs every {@value #TICK_MILLIS} ms while deadlines
 * are pending, and for {@value #IDLE_TICKS} ticks after the last one. An entry expires at
 * most about one tick after its deadline. Each tick first lets an {@link Intake} hand
 * over the deadlines of requests that other threads wrote themselves; a thread that
 * leaves one there calls {@link #ensureTicking()} only when {@link #isTicking()} says the
 * wheel stopped. Not thread-safe otherwise: use on the loop only.
 */
final class TimeoutWheel {

    static final long TICK_MILLIS = 10;

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);

    private static final int SLOTS = 512;

    private static final int MASK = SLOTS - 1;

    /**
     * Ticks without deadlines before the wheel stops: a connection in steady use keeps
     * its tick.
     */
    static final int IDLE_TICKS = 100;

    private final EventLoop loop;

    private final long origin = System.nanoTime();

    private final Runnable tickTask = this::tick;

    /**
     * Hands over the deadlines of requests other threads wrote; absent when there are
     * none such.
     */
    private final @Nullable Intake intake;

    /** Allocated when the wheel first starts ticking. */
    private @Nullable Entry @Nullable [] slots;

    private int size;

    private long processedTick;

    private int idleTicks;

    private volatile boolean ticking;

    TimeoutWheel(EventLoop loop) {
        this(loop, null);
    }

    TimeoutWheel(EventLoop loop, @Nullable Intake intake) {
        this.loop = loop;
        this.intake = intake;
    }

    /**
     * Requests that threads outside the loop wrote, whose deadlines the wheel takes over
     * on its next tick.
     */
    interface Intake {

        /** Called on the loop at each tick: adds the waiting deadlines to the wheel. */
        void handOver();

        /**
         * @return whether deadlines wait to be handed over; may be called on any thread
         */
        boolean isEmpty();

    }

    /** One deadline; subclasses say what expiring means. */
    abstract static class Entry {

        long deadlineNanos;

        private @Nullable Entry previous;

        private @Nullable Entry next;

        private int slot = -1;

        /**
         * Called on the loop once the deadline has passed; the entry is already removed.
         */
        abstract void expire();

    }

    /**
     * @return whether no deadline waits in the intake
     */
    boolean intakeEmpty() {
        return this.intake == null || this.intake.isEmpty();
    }

    /**
     * @return whether a tick is scheduled; readable from any thread
     */
    boolean isTicking() {
        return this.ticking;
    }

    /** Starts the tick if it is not running; on the loop. */
    void ensureTicking() {
        if (this.slots == null) {
            this.slots = new Entry[SLOTS];
        }
        this.idleTicks = 0;
        if (!this.ticking) {
            this.processedTick = tickOf(System.nanoTime());
            this.ticking = true;
            this.loop.schedule(this.tickTask, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    /** Adds an entry, with its {@code deadlineNanos} set. */
    void add(Entry entry) {
        ensureTicking();
        long deadlineTick = Math.max(this.processedTick + 1, ceilTickOf(entry.deadlineNanos));
        int slot = (int) (deadlineTick & MASK);
        Entry head = this.slots[slot];
        entry.slot = slot;
        entry.previous = null;
        entry.next = head;
        if (head != null) {
            head.previous = entry;
        }
        this.slots[slot] = entry;
        this.size++;
    }

    /** Removes an entry if it is in the wheel. */
    void remove(Entry entry) {
        if (entry.slot < 0) {
            return;
        }
        if (entry.previous != null) {
            entry.previous.next = entry.next;
        }
        else {
            this.slots[entry.slot] = entry.next;
        }
        if (entry.next != null) {
            entry.next.previous = entry.previous;
        }
        entry.previous = null;
        entry.next = null;
        entry.slot = -1;
        this.size--;
    }

    /**
     * @return the number of pending deadlines
     */
    int size() {
        return this.size;
    }

    private void tick() {
        if (this.intake != null) {
            this.intake.handOver();
        }
        long now = System.nanoTime();
        long nowTick = tickOf(now);
        long ticks = Math.min(nowTick - this.processedTick, SLOTS);
        for (long t = 1; t <= ticks && this.size > 0; t++) {
            expireSlot((int) ((this.processedTick + t) & MASK), now);
        }
        this.processedTick = Math.max(this.processedTick, nowTick);
        this.idleTicks = (this.size > 0) ? 0 : this.idleTicks + 1;
        if (this.idleTicks <= IDLE_TICKS) {
            this.loop.schedule(this.tickTask, TICK_NANOS, TimeUnit.NANOSECONDS);
            return;
        }
        this.ticking = false;
        // A thread may have left a deadline in the intake while it still saw the wheel
        // ticking: look again after
        // saying it stopped, so that either that thread sees it stopped and restarts it,
        // or this tick sees its entry.
        if (this.intake != null && !this.intake.isEmpty()) {
            this.ticking = true;
            this.idleTicks = 0;
            this.loop.schedule(this.tickTask, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    private void expireSlot(int slot, long now) {
        Entry entry = this.slots[slot];
        while (entry != null) {
            Entry next = entry.next;
            if (entry.deadlineNanos - now <= 0) {
                remove(entry);
                entry.expire();
                if (next != null && next.slot != slot) {
                    // Expiring removed more entries (a connection closing): start over
                    // from what is left.
                    next = this.slots[slot];
                }
            }
            entry = next;
        }
    }

    private long tickOf(long nanos) {
        return (nanos - this.origin) / TICK_NANOS;
    }

    private long ceilTickOf(long nanos) {
        long offset = nanos - this.origin;
        return (offset <= 0) ? 0 : (offset + TICK_NANOS - 1) / TICK_NANOS;
    }

}
