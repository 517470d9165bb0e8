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

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getBrokers() {
        return this.brokers;
    }

    public void setBrokers(int brokers) {
        this.brokers = brokers;
    }

    public Map<String, Integer> getTopics() {
        return this.topics;
    }

    public void setTopics(Map<String, Integer> topics) {
        this.topics = topics;
    }

    public boolean isAutoCreateTopic() {
        return this.autoCreateTopic;
    }

    public void setAutoCreateTopic(boolean autoCreateTopic) {
        this.autoCreateTopic = autoCreateTopic;
    }

}
