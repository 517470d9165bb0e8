package io.liftoff.embedded.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.liftoff.embedded.EmbeddedRocketMQ;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts one {@link EmbeddedRocketMQ} for the annotated test class (before
 * {@code @BeforeAll}) and closes it when the class is done. Test constructors, lifecycle
 * methods and test methods get it by declaring a parameter of type
 * {@link EmbeddedRocketMQ}:
 *
 * <pre class="code">
 * &#64;WithEmbeddedRocketMQ(brokers = 2, topics = {"orders:4", "audit:1@broker-a"})
 * class OrderPublisherIntegrationTests {
 *
 *     &#64;Test
 *     void publishes(EmbeddedRocketMQ rocketmq) {
 *         String namesrvAddr = rocketmq.nameServerAddress();
 *         ...
 *     }
 * }
 * </pre>
 *
 * <p>
 * {@code @Nested} classes share the cluster of the enclosing class unless they carry the
 * annotation themselves. Tests that stop brokers or the NameServer should start them
 * again (or run last), since later tests of the class see the same cluster. Requires
 * JUnit Jupiter 5.13 or later (the store closes the cluster as an {@link AutoCloseable}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedRocketMQExtension.class)
public @interface WithEmbeddedRocketMQ {

    /**
     * The number of brokers, named {@code broker-a}, {@code broker-b}, ...
     * @return 1 to {@value EmbeddedRocketMQ#MAX_BROKERS}; default 1
     */
    int brokers() default EmbeddedRocketMQ.DEFAULT_BROKERS;

    /**
     * Topics created at start, each as {@code name[:queuesPerBroker][@broker,broker...]}:
     * {@code "orders:4"} has 4 queues on every broker, {@code "audit:1@broker-a"} exists
     * on {@code broker-a} only, and {@code "events"} has
     * {@value EmbeddedRocketMQExtension#DEFAULT_QUEUES_PER_BROKER} queues on every
     * broker.
     * @return the topic specifications; default none
     */
    String[] topics() default {};

    /**
     * Whether brokers create unknown topics on first send (and have the {@code TBW102}
     * default topic).
     * @return default {@code true}
     */
    boolean autoCreateTopic() default EmbeddedRocketMQ.DEFAULT_AUTO_CREATE_TOPIC;

    /**
     * Whether the brokers check requests' signatures and users' ACLs, with the admin of
     * {@link io.liftoff.embedded.EmbeddedAuth} and the {@link #users()} and
     * {@link #acls()} given; {@link #users()} turn it on too.
     * @return default {@code false}
     */
    boolean auth() default false;

    /**
     * Normal users, each as {@code name:secret}; turns authentication on.
     * @return the users; default none
     */
    String[] users() default {};

    /**
     * ACLs, each as {@code user:ACTION[,ACTION...]:resource}, such as
     * {@code "orders-app:PUB:Topic:orders"} or {@code "reader:SUB:Topic:audit*"}.
     * @return the ACLs; default none
     */
    String[] acls() default {};

    /**
     * Whether the NameServer and brokers enforce TLS, with a CA made for the cluster
     * ({@link EmbeddedRocketMQ#tls()}); see
     * {@link EmbeddedRocketMQ.Builder#tls(boolean)}.
     * @return default {@code false}
     */
    boolean tls() default false;

}
