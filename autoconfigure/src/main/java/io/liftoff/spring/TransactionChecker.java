package io.liftoff.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@link io.liftoff.client.TransactionListener} bean that answers the broker's
 * checks of a producer group's half messages, when an application has several: the
 * auto-configured producer takes the one whose {@link #group()} is its own (or the one
 * without a group). With a single {@code TransactionListener} bean the annotation is not
 * needed.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TransactionChecker {

    /**
     * The producer group whose checks this bean answers; empty for any.
     * @return the group
     */
    String group() default "";

}
