package io.liftoff.autoconfigure.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded RocketMQ, under {@code rocketmq.embedded}: a real NameServer and brokers
 * in the application's JVM, for development and tests, like an in-memory database. Needs
 * {@code io.liftoff:liftoff-embedded} on the classpath.
 */
@ConfigurationProperties("rocketmq.embedded")
public class EmbeddedRocketMQProperties {

    /**
     * Whether to start an embedded NameServer and broker with the application and send to
     * them. Replaces rocketmq.name-server.
     */
    private boolean enabled = false;

    /**
     * Number of brokers, named broker-a, broker-b and so on.
     */
    private int brokers = 1;

    /**
     * Topics created at start, with their number of queues on each broker, for example
     * 'orders: 4'.
     */
    private Map<String, Integer> topics = new LinkedHashMap<>();

    /**
     * Whether brokers create unknown topics on their first message.
     */
    private boolean autoCreateTopic = true;

    /**
     * @return the value of {@code rocketmq.embedded.enabled}
     */
    public boolean isEnabled() {
        return this.enabled;
    }

    /**
     * Sets {@code rocketmq.embedded.enabled}.
     * @param enabled the new value
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * @return the value of {@code rocketmq.embedded.brokers}
     */
    public int getBrokers() {
        return this.brokers;
    }

    /**
     * Sets {@code rocketmq.embedded.brokers}.
     * @param brokers the new value
     */
    public void setBrokers(int brokers) {
        this.brokers = brokers;
    }

    /**
     * @return the value of {@code rocketmq.embedded.topics}
     */
    public Map<String, Integer> getTopics() {
        return this.topics;
    }

    /**
     * Sets {@code rocketmq.embedded.topics}.
     * @param topics the new value
     */
    public void setTopics(Map<String, Integer> topics) {
        this.topics = topics;
    }

    /**
     * @return the value of {@code rocketmq.embedded.auto-create-topic}
     */
    public boolean isAutoCreateTopic() {
        return this.autoCreateTopic;
    }

    /**
     * Sets {@code rocketmq.embedded.auto-create-topic}.
     * @param autoCreateTopic the new value
     */
    public void setAutoCreateTopic(boolean autoCreateTopic) {
        this.autoCreateTopic = autoCreateTopic;
    }

}
