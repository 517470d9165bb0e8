package io.liftoff.embedded;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Brokers with authentication and authorization on, driven by the official client: the
 * right keys publish where an ACL allows it, and everything else is refused with the
 * broker's NO_PERMISSION remark.
 */
@WithEmbeddedRocketMQ(topics = { "orders:2", "audit:1" }, users = "orders-app:orders-secret",
        acls = "orders-app:PUB:Topic:orders")
class EmbeddedRocketMQAuthIntegrationTests {

    private final EmbeddedRocketMQ rocketmq;

    EmbeddedRocketMQAuthIntegrationTests(EmbeddedRocketMQ rocketmq) {
        this.rocketmq = rocketmq;
    }

    @Test
    void theAnnotationTurnsAuthOnWithTheDefaultAdminAndItsUsers() {
        assertThat(this.rocketmq.auth()).isNotNull();
        assertThat(this.rocketmq.auth().admin()).isEqualTo(EmbeddedAuth.DEFAULT_ADMIN);
        assertThat(this.rocketmq.auth().secretOf("orders-app")).isEqualTo("orders-secret");
        assertThat(this.rocketmq.auth().grants())
            .containsExactly(new EmbeddedAuth.Grant("orders-app", "Topic:orders", List.of("PUB")));
    }

    @Test
    void aUserPublishesWhereItsAclAllowsAndTheAdminReadsItBack() throws Exception {
        DefaultMQProducer producer = producer("orders-app", "orders-secret");
        try {
            String body = "signed-" + UUID.randomUUID();
            assertThat(producer.send(new Message("orders", body.getBytes(StandardCharsets.UTF_8))).getSendStatus())
                .isEqualTo(SendStatus.SEND_OK);

            List<MessageExt> stored = StoredMessages.read(this.rocketmq, "orders", 1, Duration.ofSeconds(10));
            assertThat(stored).extracting(StoredMessages::text).contains(body);
        }
        finally {
            producer.shutdown();
        }
    }

    @Test
    void theBrokerRefusesAWrongSecretAndATopicWithoutAcl() throws Exception {
        DefaultMQProducer wrongSecret = producer("orders-app", "not-the-secret");
        DefaultMQProducer user = producer("orders-app", "orders-secret");
        try {
            // The official client wraps the broker's answer (NO_PERMISSION, which it
            // retries).
            assertThatThrownBy(() -> wrongSecret.send(new Message("orders", new byte[] { 1 }))).rootCause()
                .isInstanceOf(MQBrokerException.class)
                .hasMessageContaining("check signature failed");
            assertThatThrownBy(() -> user.send(new Message("audit", new byte[] { 1 }))).rootCause()
                .isInstanceOf(MQBrokerException.class)
                .hasMessageContaining("User:orders-app has no permission to access Topic:audit");
        }
        finally {
            wrongSecret.shutdown();
            user.shutdown();
        }
    }

    @Test
    void builderChecksUsersAndAcls() {
        EmbeddedAuth.Builder builder = EmbeddedAuth.builder().user("a", "s");
        assertThatThrownBy(() -> builder.allow("b", "Topic:t", "PUB")).hasMessageContaining("no user 'b'");
        assertThatThrownBy(() -> builder.allow("a", "orders", "PUB")).hasMessageContaining("type:name");
        assertThatThrownBy(() -> builder.allow("a", "Topic:t", "PUBLISH")).hasMessageContaining("Unknown action");
        assertThatThrownBy(() -> builder.user("a", "t")).hasMessageContaining("already added");
    }

    private DefaultMQProducer producer(String accessKey, String secretKey) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("auth-test-" + UUID.randomUUID(),
                new AclClientRPCHook(new SessionCredentials(accessKey, secretKey)));
        producer.setNamesrvAddr(this.rocketmq.nameServerAddress());
        producer.setInstanceName(UUID.randomUUID().toString());
        producer.setSendMsgTimeout(3000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        return producer;
    }

}
