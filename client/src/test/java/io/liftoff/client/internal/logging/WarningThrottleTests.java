package io.liftoff.client.internal.logging;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WarningThrottle}: the first occurrence warns, later ones are counted until the
 * interval passed.
 */
class WarningThrottleTests {

    @Test
    void theFirstOccurrenceWarnsAndLaterOnesAreCountedIntoTheNextWarning() throws Exception {
        WarningThrottle throttle = new WarningThrottle(Duration.ofMillis(200));

        assertThat(throttle.occurred(3)).isEqualTo(3);
        assertThat(throttle.occurred(1)).isZero();
        assertThat(throttle.occurred(2)).isZero();
        Thread.sleep(250);

        assertThat(throttle.occurred(1)).isEqualTo(4);
        assertThat(throttle.occurred(1)).isZero();
    }

}
