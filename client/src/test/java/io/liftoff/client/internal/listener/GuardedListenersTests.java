package io.liftoff.client.internal.listener;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.liftoff.client.ProducerListener;
import io.liftoff.client.SendMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.ARRAY;

/**
 * {@link GuardedListeners}, behind {@link ProducerListener#composite(List)}: listeners
 * are called in order, a listener that throws is logged and does not keep the next one
 * from being called, and no-op entries are dropped.
 */
class GuardedListenersTests {

    private static final ProducerListener.AttemptEvent ATTEMPT = new ProducerListener.AttemptEvent("orders", "broker-a",
            SendMode.SYNC, 1, 1_000, null);

    private final Logger logger = (Logger) LoggerFactory.getLogger(GuardedListeners.class);

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        this.logged.start();
        this.logger.addAppender(this.logged);
    }

    @AfterEach
    void releaseLog() {
        this.logger.detachAppender(this.logged);
    }

    @Test
    void aThrowingListenerDoesNotStopTheNextOneAndItsFailureIsLogged() {
        List<String> calls = new ArrayList<>();
        ProducerListener throwing = new ProducerListener() {
            @Override
            public void attemptFinished(AttemptEvent event) {
                calls.add("throwing");
                throw new IllegalStateException("boom");
            }

            @Override
            public void brokerRecovered(String brokerName) {
                throw new IllegalStateException("boom again");
            }
        };
        ProducerListener recording = new ProducerListener() {
            @Override
            public void attemptFinished(AttemptEvent event) {
                calls.add("recording " + event.brokerName());
            }

            @Override
            public void brokerRecovered(String brokerName) {
                calls.add("recovered " + brokerName);
            }
        };
        ProducerListener composite = ProducerListener.composite(List.of(throwing, recording));

        composite.attemptFinished(ATTEMPT);
        composite.brokerRecovered("broker-b");

        assertThat(calls).containsExactly("throwing", "recording broker-a", "recovered broker-b");
        assertThat(this.logged.list).hasSize(2);
        assertThat(this.logged.list).allSatisfy((event) -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains(throwing.getClass().getName(),
                    "the other listeners were called");
        });
        assertThat(this.logged.list.get(0).getFormattedMessage()).contains("attemptFinished");
        assertThat(this.logged.list.get(0).getThrowableProxy().getMessage()).isEqualTo("boom");
        assertThat(this.logged.list.get(1).getFormattedMessage()).contains("brokerRecovered");
    }

    @Test
    void noneEntriesAreDropped() {
        assertThat(ProducerListener.composite(List.of())).isSameAs(ProducerListener.NONE);
        assertThat(ProducerListener.composite(List.of(ProducerListener.NONE, ProducerListener.NONE)))
            .isSameAs(ProducerListener.NONE);

        List<String> calls = new ArrayList<>();
        ProducerListener recording = new ProducerListener() {
            @Override
            public void routesRefreshed(long durationNanos, Throwable failure) {
                calls.add("refreshed");
            }
        };
        ProducerListener composite = ProducerListener
            .composite(List.of(ProducerListener.NONE, recording, ProducerListener.NONE));
        composite.routesRefreshed(1, null);
        assertThat(calls).containsExactly("refreshed");
        assertThat(composite).isInstanceOf(GuardedListeners.class)
            .extracting("listeners")
            .asInstanceOf(ARRAY)
            .containsExactly(recording);
    }

    @Test
    void aGuardedCompositeIsNotGuardedTwice() {
        ProducerListener guarded = ProducerListener.composite(List.of(new ProducerListener() {
        }));
        assertThat(ProducerListener.composite(List.of(guarded))).isSameAs(guarded);
        assertThat(ProducerListener.composite(List.of(ProducerListener.NONE, guarded))).isSameAs(guarded);
    }

}
