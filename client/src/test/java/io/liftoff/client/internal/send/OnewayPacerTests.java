package io.liftoff.client.internal.send;

import java.util.concurrent.TimeUnit;

import io.liftoff.client.BackpressureException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnewayPacerTests {

    private static final long SLOW = TimeUnit.MILLISECONDS.toNanos(OnewayPacer.SLOW_ANSWER_MILLIS + 1);

    private static final long FAST = TimeUnit.MILLISECONDS.toNanos(1);

    private final OnewayPacer pacer = new OnewayPacer();

    @Test
    void everyHundredTwentyEighthSendAsksForAnAnswerAndNoMoreThanTheWindowGoUnconfirmed() {
        int answered = 0;
        for (int i = 1; i <= OnewayPacer.MAX_WINDOW; i++) {
            int credits = this.pacer.acquire("b", 0);
            assertThat(credits).isEqualTo((i % OnewayPacer.ACK_EVERY == 0) ? OnewayPacer.ACK_EVERY : 0);
            answered += (credits > 0) ? 1 : 0;
        }
        assertThat(answered).isEqualTo(OnewayPacer.MAX_WINDOW / OnewayPacer.ACK_EVERY);

        assertThatThrownBy(() -> this.pacer.acquire("b", TimeUnit.MILLISECONDS.toNanos(5)))
            .isInstanceOf(BackpressureException.class)
            .hasMessageContaining("'b'")
            .hasMessageContaining("last 1024 oneway sends");
    }

    @Test
    void slowOrFailedAnswersHalveTheWindowDownToOneAnswerAndFastOnesGrowItBack() {
        fill();
        this.pacer.answered(OnewayPacer.ACK_EVERY, SLOW, true);
        assertThat(this.pacer.window()).isEqualTo(512);
        assertThat(sendsAllowedNow()).isZero();

        this.pacer.answered(OnewayPacer.ACK_EVERY, FAST, false);
        this.pacer.answered(OnewayPacer.ACK_EVERY, SLOW, true);
        this.pacer.answered(OnewayPacer.ACK_EVERY, SLOW, true);
        assertThat(this.pacer.window()).isEqualTo(OnewayPacer.ACK_EVERY);
        // 4 answers confirmed 512 sends, and the window lost 896: still nothing may be
        // sent.
        assertThat(sendsAllowedNow()).isZero();
        for (int i = 0; i < 4; i++) {
            this.pacer.answered(OnewayPacer.ACK_EVERY, TimeUnit.MILLISECONDS.toNanos(20), true);
        }
        // All 1,024 sends are confirmed; a window of 128 lets exactly 128 go.
        assertThat(sendsAllowedNow()).isEqualTo(OnewayPacer.ACK_EVERY);
    }

    @Test
    void fastAnswersGrowASmallWindowBackToItsMaximumAndNoFurther() {
        fill();
        for (int i = 0; i < 3; i++) {
            this.pacer.answered(OnewayPacer.ACK_EVERY, SLOW, true);
        }
        assertThat(this.pacer.window()).isEqualTo(OnewayPacer.ACK_EVERY);
        for (int i = 0; i < 5; i++) {
            this.pacer.answered(OnewayPacer.ACK_EVERY, FAST, true);
        }
        assertThat(this.pacer.window()).isEqualTo(768);
        assertThat(sendsAllowedNow()).isEqualTo(768);
        for (int i = 0; i < 4; i++) {
            this.pacer.answered(0, FAST, true);
        }
        assertThat(this.pacer.window()).isEqualTo(OnewayPacer.MAX_WINDOW);
    }

    private void fill() {
        for (int i = 0; i < OnewayPacer.MAX_WINDOW; i++) {
            this.pacer.acquire("b", 0);
        }
    }

    private int sendsAllowedNow() {
        int allowed = 0;
        try {
            while (allowed < 2 * OnewayPacer.MAX_WINDOW) {
                this.pacer.acquire("b", 0);
                allowed++;
            }
        }
        catch (BackpressureException expected) {
            // the window is full
        }
        return allowed;
    }

}
