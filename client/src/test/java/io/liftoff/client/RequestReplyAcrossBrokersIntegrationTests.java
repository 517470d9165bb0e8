package io.liftoff.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.client.testing.OfficialReplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request to a topic on broker-a only, answered by an official replier whose replies go
 * to the cluster's reply topic on either broker: the requester registered on broker-b too
 * (every master of the cluster), so the replies stored there reach it. With registration
 * on the request topic's brokers only, broker-b would find no connection for the
 * requester's client id and its replies would be lost.
 */
class RequestReplyAcrossBrokersIntegrationTests {

    private static EmbeddedRocketMQ rocketmq;

    private static Producer producer;

    private static OfficialReplier replier;

    @BeforeAll
    static void start() throws Exception {
        rocketmq = EmbeddedRocketMQ.builder().brokers(2).topicOnBrokers("rr-a-only", 1, "broker-a").start();
        replier = OfficialReplier.start(rocketmq.nameServerAddress(), "rr-across-replier", "rr-a-only", 1,
                (request, reply) -> {
                });
        producer = Producer.builder().nameServer(rocketmq.nameServerAddress()).group("rr-across-requester").build();
        producer.start();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (replier != null) {
            replier.close();
        }
        if (rocketmq != null) {
            rocketmq.close();
        }
    }

    private static ReplyMessage request(String body, Duration timeout) {
        return replier.request(producer, Message.of("rr-a-only", body.getBytes(StandardCharsets.UTF_8)), timeout);
    }

    @Test
    void repliesStoredOnABrokerTheRequestTopicIsNotOnReachTheRequester() throws InterruptedException {
        assertThat(producer.writeQueues("rr-a-only")).extracting(MessageQueue::brokerName).containsOnly("broker-a");
        ReplyMessage first = request("req-0", Duration.ofSeconds(30));
        assertThat(first.body()).asString(StandardCharsets.UTF_8).isEqualTo("re:req-0");
        for (int i = 1; i < 20; i++) {
            ReplyMessage reply = request("req-" + i, Duration.ofSeconds(10));
            assertThat(reply.body()).asString(StandardCharsets.UTF_8).isEqualTo("re:req-" + i);
        }
        Map<String, String> replyBrokers = replier.awaitReplyBrokers(20, Duration.ofSeconds(5));
        long viaBrokerB = replyBrokers.values().stream().filter("broker-b"::equals).count();
        System.out.println("Requests to broker-a answered: 20 of 20; replies stored on broker-b: " + viaBrokerB
                + ", on broker-a: " + (replyBrokers.size() - viaBrokerB));
        assertThat(viaBrokerB).as("some replies went through broker-b").isPositive();
    }

}
