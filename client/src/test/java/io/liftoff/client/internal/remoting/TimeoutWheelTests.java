package io.liftoff.client.internal.remoting;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeoutWheelTests {

    private final EventLoop loop = new DefaultEventLoop();

    private final TimeoutWheel wheel = new TimeoutWheel(this.loop);

    private final List<String> expired = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopLoop() {
        this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void anEntryExpiresAfterItsDeadlineAndNotBefore() throws Exception {
        long added = System.nanoTime();
        long[] expiredAt = new long[1];
        this.loop.submit(() -> this.wheel.add(entry("a", 100, () -> expiredAt[0] = System.nanoTime()))).sync();

        waitFor(() -> this.expired.size() == 1, 2000);

        long afterMillis = TimeUnit.NANOSECONDS.toMillis(expiredAt[0] - added);
        assertThat(afterMillis).isBetween(100L, 1_100L);
        assertThat(this.loop.submit(this.wheel::size).get()).isZero();
    }

    @Test
    void theWheelTakesOverIntakeEntriesAtItsTicksAndStopsAfterItsIdleTicks() throws Exception {
        java.util.Queue<TimeoutWheel.Entry> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicReference<TimeoutWheel> wheel = new java.util.concurrent.atomic.AtomicReference<>();
        wheel.set(new TimeoutWheel(this.loop, new TimeoutWheel.Intake() {
            @Override
            public void handOver() {
                TimeoutWheel.Entry entry;
                while ((entry = waiting.poll()) != null) {
                    wheel.get().add(entry);
                }
            }

            @Override
            public boolean isEmpty() {
                return waiting.isEmpty();
            }
        }));
        this.loop.submit(wheel.get()::ensureTicking).sync();
        assertThat(wheel.get().isTicking()).isTrue();

        waiting.add(entry("left by another thread", 30, () -> {
        }));
        waitFor(() -> this.expired.size() == 1, 2000);
        waitFor(() -> !wheel.get().isTicking(), 3 * TimeoutWheel.IDLE_TICKS * TimeoutWheel.TICK_MILLIS);

        assertThat(this.expired).containsExactly("left by another thread");
        assertThat(this.loop.submit(wheel.get()::size).get()).isZero();
    }

    @Test
    void aRemovedEntryNeverExpires() throws Exception {
        TimeoutWheel.Entry removed = entry("removed", 30, () -> {
        });
        this.loop.submit(() -> {
            this.wheel.add(removed);
            this.wheel.add(entry("kept", 60, () -> {
            }));
            this.wheel.remove(removed);
        }).sync();

        waitFor(() -> this.expired.size() == 1, 2000);
        Thread.sleep(50);

        assertThat(this.expired).containsExactly("kept");
    }

    @Test
    void entriesExpireInDeadlineOrderWhateverOrderTheyWereAddedIn() throws Exception {
        this.loop.submit(() -> {
            this.wheel.add(entry("third", 90, () -> {
            }));
            this.wheel.add(entry("first", 20, () -> {
            }));
            this.wheel.add(entry("second", 55, () -> {
            }));
            this.wheel.add(entry("already", -5, () -> {
            }));
        }).sync();

        waitFor(() -> this.expired.size() == 4, 2000);

        assertThat(this.expired).containsExactly("already", "first", "second", "third");
    }

    @Test
    void aDeadlineBeyondOneTurnOfTheWheelWaitsForItsTurn() throws Exception {
        // 512 slots of 10 ms: 6 s lands in the slot of 0.88 s, and must be skipped on
        // that pass.
        this.loop.submit(() -> {
            this.wheel.add(entry("long", 6_000, () -> {
            }));
            this.wheel.add(entry("short", 900, () -> {
            }));
        }).sync();

        waitFor(() -> this.expired.size() == 1, 3000);
        Thread.sleep(200);

        assertThat(this.expired).containsExactly("short");
        assertThat(this.loop.submit(this.wheel::size).get()).isEqualTo(1);
    }

    @Test
    void expiringAnEntryMayRemoveOthersOfTheSameSlot() throws Exception {
        TimeoutWheel.Entry[] second = new TimeoutWheel.Entry[1];
        this.loop.submit(() -> {
            second[0] = entry("second", 40, () -> {
            });
            this.wheel.add(second[0]);
            this.wheel.add(entry("first", 40, () -> this.wheel.remove(second[0])));
        }).sync();

        waitFor(() -> this.expired.size() == 1, 2000);
        Thread.sleep(50);

        assertThat(this.expired).containsExactly("first");
        assertThat(this.loop.submit(this.wheel::size).get()).isZero();
    }

    private TimeoutWheel.Entry entry(String name, long timeoutMillis, Runnable onExpire) {
        TimeoutWheel.Entry entry = new TimeoutWheel.Entry() {
            @Override
            void expire() {
                onExpire.run();
                TimeoutWheelTests.this.expired.add(name);
            }
        };
        entry.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        return entry;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as("condition within %d ms", millis).isTrue();
    }

}
