package io.liftoff.client.internal.send;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.AsyncLimits;
import io.liftoff.client.BackpressureException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InFlightLimiterTests {

    private static final long TIMEOUT = TimeUnit.MILLISECONDS.toNanos(50);

    private static final int MIB = 1024 * 1024;

    @Test
    void sendsEndingTogetherGiveBackTheirSendsAndBytesInOneRelease() {
        InFlightLimiter limiter = new InFlightLimiter(AsyncLimits.of(3, MIB));
        int permits = limiter.acquire(100, TIMEOUT) + limiter.acquire(200, TIMEOUT) + limiter.acquire(300, TIMEOUT);
        assertThat(limiter.inFlightRequests()).isEqualTo(3);
        assertThat(limiter.inFlightBytes()).isEqualTo(600);
        assertThatThrownBy(() -> limiter.acquire(1, TIMEOUT)).isInstanceOf(BackpressureException.class);

        limiter.release(permits, 3);

        assertThat(limiter.inFlightRequests()).isZero();
        assertThat(limiter.inFlightBytes()).isZero();
        assertThat(limiter.acquire(MIB, TIMEOUT)).isEqualTo(MIB);
    }

    @Test
    void aBulkReleaseWakesACloseWaitingForTheDrain() throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(AsyncLimits.of(4, MIB));
        int permits = limiter.acquire(10, TIMEOUT) + limiter.acquire(20, TIMEOUT);
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            limiter.release(permits, 2);
        });
        releaser.start();

        long left = limiter.awaitDrained(Duration.ofSeconds(10));

        releaser.join();
        assertThat(left).isZero();
    }

}
