package io.liftoff.autoconfigure;

import io.liftoff.client.HalfMessage;
import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.Message;
import io.liftoff.client.TransactionListener;
import io.liftoff.spring.TransactionChecker;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which {@link TransactionListener} bean answers the broker's checks of a group. */
class TransactionCheckersTests {

    private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

    private @Nullable TransactionListener checkerOf(String group) {
        return TransactionCheckers.forGroup(this.beans.getBeanProvider(TransactionListener.class), group);
    }

    @Test
    void noBeanMeansNoChecker() {
        assertThat(checkerOf("orders")).isNull();
    }

    @Test
    void theOnlyBeanAnswersForAnyGroup() {
        Plain plain = new Plain();
        this.beans.registerSingleton("plain", plain);
        assertThat(checkerOf("orders")).isSameAs(plain);
    }

    @Test
    void amongSeveralTheOneAnnotatedWithTheGroupAnswers() {
        this.beans.registerSingleton("plain", new Plain());
        OrdersChecker orders = new OrdersChecker();
        this.beans.registerSingleton("orders", orders);
        this.beans.registerSingleton("audit", new AuditChecker());
        assertThat(checkerOf("orders")).isSameAs(orders);
    }

    @Test
    void aBeanAnnotatedForAnotherGroupDoesNotAnswer() {
        this.beans.registerSingleton("audit", new AuditChecker());
        assertThat(checkerOf("orders")).isNull();
    }

    @Test
    void severalUnannotatedBeansAreReportedWithWhatToDo() {
        this.beans.registerSingleton("one", new Plain());
        this.beans.registerSingleton("two", new Plain());
        assertThatThrownBy(() -> checkerOf("orders")).isInstanceOf(RocketMQConfigurationException.class)
            .satisfies((ex) -> assertThat(((RocketMQConfigurationException) ex).getAction())
                .contains("@TransactionChecker(group = \"orders\")"));
    }

    static class Plain implements TransactionListener {

        @Override
        public LocalTransactionState executeLocalTransaction(Message message, @Nullable Object arg) {
            return LocalTransactionState.COMMIT;
        }

        @Override
        public LocalTransactionState checkLocalTransaction(HalfMessage message) {
            return LocalTransactionState.COMMIT;
        }

    }

    @TransactionChecker(group = "orders")
    static class OrdersChecker extends Plain {

    }

    @TransactionChecker(group = "audit")
    static class AuditChecker extends Plain {

    }

}
