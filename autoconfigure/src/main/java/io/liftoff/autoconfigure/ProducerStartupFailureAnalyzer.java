package io.liftoff.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a failed fail-fast check ({@link ProducerStartupException}) at start-up, with
 * what to do.
 */
class ProducerStartupFailureAnalyzer extends AbstractFailureAnalyzer<ProducerStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProducerStartupException cause) {
        String lookup = (cause.getCause() != null) ? cause.getCause().getMessage() : cause.getMessage();
        if (cause.isNameServerUnavailable()) {
            return new FailureAnalysis("The RocketMQ producer could not reach any NameServer at start-up, and "
                    + "rocketmq.producer.fail-fast is true.\n\n" + "    NameServers: "
                    + String.join(";", cause.getNameServers()) + "\n"
                    + ((cause.getTopic() != null) ? "    Route lookup of topic '" + cause.getTopic() + "': " + lookup
                            : "    Check: " + cause.getMessage()),
                    "Start the NameServer, or correct rocketmq.name-server if it points to the wrong place. To start "
                            + "the application without RocketMQ (sends fail until a NameServer answers), set "
                            + "rocketmq.producer.fail-fast=false.",
                    cause);
        }
        return new FailureAnalysis(
                "Topic '" + cause.getTopic() + "' has no route at start-up, and "
                        + "rocketmq.producer.fail-fast is true.\n\n" + "    NameServers: "
                        + String.join(";", cause.getNameServers()) + "\n" + "    Route lookup: " + lookup,
                "Create topic '" + cause.getTopic() + "' on the cluster (for example with 'mqadmin updateTopic -t "
                        + cause.getTopic() + " -c <cluster>'), enable autoCreateTopicEnable on the brokers, or "
                        + "remove it from rocketmq.producer.fail-fast-topics.",
                cause);
    }

}
