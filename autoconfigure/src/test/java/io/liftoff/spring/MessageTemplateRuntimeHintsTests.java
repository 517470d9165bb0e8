package io.liftoff.spring;

import java.lang.reflect.Method;

import io.liftoff.client.Message;
import io.liftoff.client.SendResult;
import io.liftoff.client.TransactionListener;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MessageTemplateRuntimeHints}: the methods the producer looks up on the listener
 * of {@code sendInTransaction(destination, payload, Runnable)} are visible to reflection
 * in a native image.
 */
class MessageTemplateRuntimeHintsTests {

    private final RuntimeHints hints = new RuntimeHints();

    MessageTemplateRuntimeHintsTests() {
        new MessageTemplateRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
    }

    @Test
    void bothExecuteLocalTransactionMethodsOfTheTemplatesListenerCanBeLookedUp() throws Exception {
        Method own = MessageTemplate.LocalWork.class.getMethod("executeLocalTransaction", Message.class, Object.class);
        Method inherited = MessageTemplate.LocalWork.class.getMethod("executeLocalTransaction", Message.class,
                SendResult.class, Object.class);
        assertThat(own.getDeclaringClass()).isEqualTo(MessageTemplate.LocalWork.class);
        assertThat(inherited.getDeclaringClass()).isEqualTo(TransactionListener.class);
        // Since Spring Framework 7 (GraalVM's reachability metadata), a type registered
        // for reflection has its methods visible to lookups.
        assertThat(RuntimeHintsPredicates.reflection().onType(own.getDeclaringClass())).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(inherited.getDeclaringClass())).accepts(this.hints);
    }

    @Test
    void isContributedThroughAotFactories() {
        assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
            .hasAtLeastOneElementOfType(MessageTemplateRuntimeHints.class);
    }

}
