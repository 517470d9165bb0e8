package io.liftoff.spring;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.liftoff.client.ReplyMessage;
import io.liftoff.client.ReplyTimeoutException;
import io.liftoff.embedded.EmbeddedRocketMQ;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link MessageTemplate#sendAndReceive} against the embedded RocketMQ, answered by the
 * official client: a push consumer on the request topic that replies with
 * {@code MessageUtil.createReplyMessage}, a JSON body for JSON requests.
 */
@SpringBootTest(classes = MessageTemplateRequestReplyIntegrationTests.Application.class,
        properties = { "rocketmq.embedded.enabled=true", "rocketmq.producer.group=template-rr",
                "rocketmq.embedded.topics.quotes=2", "rocketmq.embedded.topics.silent=1" })
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageTemplateRequestReplyIntegrationTests {

    @Autowired
    private MessageTemplate template;

    @Autowired
    private EmbeddedRocketMQ rocketmq;

    private DefaultMQProducer replier;

    private DefaultMQPushConsumer consumer;

    @BeforeAll
    void startReplier() throws Exception {
        this.replier = new DefaultMQProducer("template-rr-replier");
        this.replier.setNamesrvAddr(this.rocketmq.nameServerAddress());
        this.replier.start();
        this.consumer = new DefaultMQPushConsumer("template-rr-replier");
        this.consumer.setNamesrvAddr(this.rocketmq.nameServerAddress());
        this.consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        this.consumer.subscribe("quotes", "*");
        this.consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt request : messages) {
                String question = new String(request.getBody(), StandardCharsets.UTF_8);
                String answer = question.startsWith("{")
                        ? "{\"symbol\":\"LFT\",\"price\":42.5,\"question\":" + question.length() + "}"
                        : "re:" + question;
                try {
                    org.apache.rocketmq.common.message.Message reply = MessageUtil.createReplyMessage(request,
                            answer.getBytes(StandardCharsets.UTF_8));
                    this.replier.send(reply);
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        this.consumer.start();
        // The consumer takes its queues after a rebalance: the first request waits for
        // it (and, as in the client's RequestReplyIntegrationTests, is sent again when
        // its
        // reply was lost while the replier's consumer rebalanced).
        for (int attempt = 1;; attempt++) {
            try {
                this.template.sendAndReceive("quotes", "warm-up", String.class, Duration.ofSeconds(20));
                break;
            }
            catch (io.liftoff.client.ReplyTimeoutException ex) {
                if (attempt == 3) {
                    throw ex;
                }
            }
        }
    }

    @AfterAll
    void stopReplier() {
        this.consumer.shutdown();
        this.replier.shutdown();
    }

    @Test
    void aJsonRequestGetsItsReplyReadAsTheRequestedType() {
        Quote quote = this.template.sendAndReceive("quotes", new QuoteRequest("LFT"), Quote.class,
                Duration.ofSeconds(5));
        assertThat(quote.symbol()).isEqualTo("LFT");
        assertThat(quote.price()).isEqualTo(42.5);
        assertThat(quote.question()).isEqualTo("{\"symbol\":\"LFT\"}".length());
    }

    @Test
    void aTextRequestGetsItsReplyAsTextBytesOrTheWholeReply() throws Exception {
        assertThat(this.template.sendAndReceive("quotes:ask", "hello", String.class, Duration.ofSeconds(5)))
            .isEqualTo("re:hello");
        assertThat(this.template.sendAndReceive("quotes", "bytes", byte[].class, Duration.ofSeconds(5)))
            .isEqualTo("re:bytes".getBytes(StandardCharsets.UTF_8));
        ReplyMessage whole = this.template
            .sendAndReceiveAsync("quotes", "async", ReplyMessage.class, Duration.ofSeconds(5))
            .get();
        assertThat(new String(whole.body(), StandardCharsets.UTF_8)).isEqualTo("re:async");
        assertThat(whole.correlationId()).isNotBlank();
    }

    @Test
    void aRequestNobodyAnswersFailsWithTheReplyTimeout() {
        assertThatThrownBy(
                () -> this.template.sendAndReceive("silent", "anyone?", String.class, Duration.ofMillis(800)))
            .isInstanceOf(ReplyTimeoutException.class)
            .hasMessageContaining("silent");
    }

    record QuoteRequest(String symbol) {
    }

    record Quote(String symbol, double price, int question) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

    }

}
