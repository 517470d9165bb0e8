package io.liftoff.client.internal.send;

import io.liftoff.client.HalfMessage;
import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.Message;
import io.liftoff.client.TransactionListener;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionListenersTests {

    private final TransactionListener own = new Fixed();

    private final TransactionListener sentWith = new Fixed();

    @Test
    void aCheckGoesToTheListenerItsMessageWasSentWithUntilItIsDecidedThenToTheProducersOwn() {
        TransactionListeners listeners = new TransactionListeners(this.own, 10);

        listeners.sent("id-1", this.sentWith);

        assertThat(listeners.forCheck("id-1")).isSameAs(this.sentWith);
        assertThat(listeners.forCheck("id-2")).isSameAs(this.own);
        listeners.decided("id-1");
        assertThat(listeners.forCheck("id-1")).isSameAs(this.own);
        assertThat(listeners.size()).isZero();
    }

    @Test
    void withoutAListenerOfItsOwnAnUnknownTransactionHasNone() {
        TransactionListeners listeners = new TransactionListeners(null, 10);

        assertThat(listeners.forCheck("id-1")).isNull();
    }

    @Test
    void theProducersOwnListenerIsNotRemembered() {
        TransactionListeners listeners = new TransactionListeners(this.own, 10);

        listeners.sent("id-1", this.own);

        assertThat(listeners.size()).isZero();
        assertThat(listeners.forCheck("id-1")).isSameAs(this.own);
    }

    @Test
    void remembersAtMostItsCapacityForgettingTheOldestFirst() {
        TransactionListeners listeners = new TransactionListeners(this.own, 3);

        for (int i = 1; i <= 5; i++) {
            listeners.sent("id-" + i, this.sentWith);
        }

        assertThat(listeners.size()).isEqualTo(3);
        assertThat(listeners.forCheck("id-1")).isSameAs(this.own);
        assertThat(listeners.forCheck("id-2")).isSameAs(this.own);
        assertThat(listeners.forCheck("id-3")).isSameAs(this.sentWith);
        assertThat(listeners.forCheck("id-5")).isSameAs(this.sentWith);
    }

    static final class Fixed implements TransactionListener {

        @Override
        public LocalTransactionState executeLocalTransaction(Message message, @Nullable Object arg) {
            return LocalTransactionState.COMMIT;
        }

        @Override
        public LocalTransactionState checkLocalTransaction(HalfMessage message) {
            return LocalTransactionState.COMMIT;
        }

    }

}
