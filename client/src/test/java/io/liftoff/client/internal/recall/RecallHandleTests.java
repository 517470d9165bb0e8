package io.liftoff.client.internal.recall;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.liftoff.client.InvalidMessageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecallHandleTests {

    @Test
    void aBrokerHandleNamesTopicBrokerTimeAndMessageId() {
        String handle = Base64.getUrlEncoder()
            .encodeToString("v1 orders broker-a 1700000010001 7F0000010001".getBytes(StandardCharsets.UTF_8));

        RecallHandle decoded = RecallHandle.decode(handle);

        assertThat(decoded).isEqualTo(new RecallHandle("orders", "broker-a", "1700000010001", "7F0000010001"));
    }

    @Test
    void aMissingHandleIsRefusedSayingWhichMessagesHaveOne() {
        assertThatThrownBy(() -> RecallHandle.decode(null)).isInstanceOf(InvalidMessageException.class)
            .hasMessageContaining("only a timer message");
    }

    @Test
    void somethingElseThanAHandleIsRefused() {
        assertThatThrownBy(() -> RecallHandle.decode("not base64!")).isInstanceOf(InvalidMessageException.class)
            .hasMessageContaining("not Base64");
        String v2 = Base64.getUrlEncoder().encodeToString("v2 a b c d".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RecallHandle.decode(v2)).isInstanceOf(InvalidMessageException.class)
            .hasMessageContaining("not a v1 handle");
    }

}
