package io.liftoff.spring;

import io.liftoff.client.TransactionListener;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Runtime hints for {@link MessageTemplate} in a native image. Before it sends a
 * transactional message, the producer checks that the listener implements one of the
 * {@code executeLocalTransaction} methods, by looking them up with
 * {@code Class.getMethod}; the listener of
 * {@link MessageTemplate#sendInTransaction(String, Object, Runnable)} is the template's
 * own, so its methods (and the defaults of {@link TransactionListener}) must be visible
 * to reflection, or every such send would be refused. A listener of the application's,
 * given to {@code sendInTransaction(destination, payload, listener, arg)}, needs the
 * same: register its type (for example with {@code @RegisterReflection}). Registered in
 * {@code META-INF/spring/aot.factories}.
 */
class MessageTemplateRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.reflection().registerType(MessageTemplate.LocalWork.class).registerType(TransactionListener.class);
    }

}
