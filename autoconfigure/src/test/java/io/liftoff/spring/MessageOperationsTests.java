package io.liftoff.spring;

import java.util.List;

import io.liftoff.client.Message;
import io.liftoff.client.SendResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * {@link MessageOperations} as the contract code depends on: a decorator can wrap the
 * real template, and a mock can stand in for it.
 */
class MessageOperationsTests {

    private final RecordingProducer producer = new RecordingProducer();

    private final MessageTemplate template = new MessageTemplate(this.producer.producer(),
            MessagePayloadConverter.unsupported());

    @Test
    void aDecoratorCountsSendsAndDelegatesToTheTemplate() {
        CountingMessageOperations counting = new CountingMessageOperations(this.template);
        OrderEvents events = new OrderEvents(counting);

        assertThat(events.created("o-1")).isSameAs(RecordingProducer.RESULT);
        assertThat(counting.sendAsync("orders:created", "o-2").join()).isSameAs(RecordingProducer.RESULT);
        counting.sendOneway("audit", "o-3");
        counting.sendBatch("orders", List.of("o-4", "o-5"));
        assertThat(counting.createMessage("orders", "not sent").topic()).isEqualTo("orders");

        assertThat(counting.sends()).isEqualTo(4);
        assertThat(this.producer.calls()).extracting(RecordingProducer.Call::method)
            .containsExactly("send", "sendAsync", "sendOneway", "sendBatch");
        Message first = (Message) this.producer.calls().get(0).args().get(0);
        assertThat(first.topic()).isEqualTo("orders");
        assertThat(first.tag()).isEqualTo("created");
        assertThat(first.keys()).containsExactly("o-1");
    }

    @Test
    void aMockStandsInForTheTemplate() {
        MessageOperations operations = mock(MessageOperations.class);
        given(operations.send(eq("orders:created"), any(Object.class), any(String.class)))
            .willReturn(RecordingProducer.RESULT);

        assertThat(new OrderEvents(operations).created("o-1")).isSameAs(RecordingProducer.RESULT);
        verify(operations).send("orders:created", "o-1", "o-1");
        assertThat(this.producer.calls()).isEmpty();
    }

    /** Application code that depends on the contract only. */
    record OrderEvents(MessageOperations operations) {

        SendResult created(String orderId) {
            return this.operations.send("orders:created", orderId, orderId);
        }
    }

}
