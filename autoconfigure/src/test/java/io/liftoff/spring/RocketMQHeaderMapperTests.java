package io.liftoff.spring;

import java.util.LinkedHashMap;
import java.util.Map;

import io.liftoff.client.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reverse mapping, for consumers: received properties to headers, and back to the
 * same message.
 */
class RocketMQHeaderMapperTests {

    private final RocketMQHeaderMapper mapper = new RocketMQHeaderMapper();

    @Test
    void receivedPropertiesBecomeHeaders() {
        Map<String, String> received = new LinkedHashMap<>();
        received.put("KEYS", "order-7 customer-3");
        received.put("TAGS", "created");
        received.put("UNIQ_KEY", "7F0000011F2C18B4AAC2");
        received.put("WAIT", "true");
        received.put("MIN_OFFSET", "0");
        received.put("CONSUME_START_TIME", "1700000000000");
        received.put("contentType", "application/json");
        received.put("tenant", "acme");
        Map<String, Object> headers = this.mapper.toHeaders(received);
        assertThat(headers).containsExactly(Map.entry("rocketmq_KEYS", "order-7 customer-3"),
                Map.entry("rocketmq_TAGS", "created"), Map.entry("rocketmq_MESSAGE_ID", "7F0000011F2C18B4AAC2"),
                Map.entry("contentType", "application/json"), Map.entry("tenant", "acme"));
    }

    @Test
    void receivedHeadersMapBackToTheSameKeysTagAndProperties() {
        Map<String, String> received = Map.of("KEYS", "order-7 customer-3", "TAGS", "created", "UNIQ_KEY", "AC11",
                "tenant", "acme", "contentType", "text/plain;charset=UTF-8");
        Message.Builder builder = Message.builder("orders").body(new byte[] { 1 });
        this.mapper.fromHeaders(this.mapper.toHeaders(received), builder);
        Message message = builder.build();
        assertThat(message.keys()).containsExactly("order-7", "customer-3");
        assertThat(message.tag()).isEqualTo("created");
        assertThat(message.properties()).containsOnly(Map.entry("tenant", "acme"),
                Map.entry("contentType", "text/plain;charset=UTF-8"));
    }

}
