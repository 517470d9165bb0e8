package io.liftoff.autoconfigure;

import java.util.List;

import io.liftoff.client.TransactionListener;
import io.liftoff.spring.TransactionChecker;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds the {@link TransactionListener} bean that answers the broker's checks of a
 * producer group's half messages: the only one, or among several the one annotated
 * {@link TransactionChecker @TransactionChecker} with that group, or the only one without
 * a group.
 */
final class TransactionCheckers {

    private TransactionCheckers() {
    }

    /**
     * Finds the checker of a group.
     * @param listeners the context's {@link TransactionListener} beans
     * @param group the producer group
     * @return the checker, or none when the context defines none for the group
     * @throws RocketMQConfigurationException when several beans could answer for the
     * group
     */
    static @Nullable TransactionListener forGroup(ObjectProvider<TransactionListener> listeners, String group) {
        List<TransactionListener> all = listeners.orderedStream().toList();
        List<TransactionListener> named = all.stream().filter((listener) -> group.equals(groupOf(listener))).toList();
        if (named.size() == 1) {
            return named.get(0);
        }
        List<TransactionListener> unnamed = all.stream().filter((listener) -> groupOf(listener).isEmpty()).toList();
        if (named.isEmpty() && unnamed.size() == 1) {
            return unnamed.get(0);
        }
        if (named.isEmpty() && unnamed.isEmpty()) {
            return null;
        }
        throw new RocketMQConfigurationException("rocketmq.producer.group", group,
                (named.isEmpty() ? unnamed.size() : named.size()) + " TransactionListener beans could answer the "
                        + "broker's transaction checks of this group",
                "Annotate the one that answers them with @TransactionChecker(group = \"" + group + "\").");
    }

    private static String groupOf(TransactionListener listener) {
        TransactionChecker checker = AnnotationUtils.findAnnotation(AopUtils.getTargetClass(listener),
                TransactionChecker.class);
        return (checker != null) ? checker.group() : "";
    }

}
