package io.liftoff.samples.quickstart;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.LiftoffException;
import io.liftoff.client.SendResult;
import io.liftoff.spring.MessageTemplate;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} publishes an {@link OrderEvent} to topic {@value #TOPIC} with tag
 * {@code created} and the order id as key, and answers with the broker's send result.
 */
@RestController
class OrderController {

    /** The topic order events go to. */
    static final String TOPIC = "orders";

    private final MessageTemplate template;

    OrderController(MessageTemplate template) {
        this.template = template;
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.CREATED)
    OrderAccepted create(@RequestBody OrderRequest request) {
        String orderId = (request.orderId() != null) ? request.orderId() : UUID.randomUUID().toString();
        OrderEvent event = new OrderEvent(orderId, request.customer(), request.amount(), "created", Instant.now());
        SendResult result = this.template.send(TOPIC + ":created", event, orderId);
        return new OrderAccepted(orderId, result.messageId(), result.status().name(), result.queue().toString(),
                result.queueOffset());
    }

    @ExceptionHandler(InvalidMessageException.class)
    ProblemDetail invalid(InvalidMessageException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
    }

    @ExceptionHandler(LiftoffException.class)
    ProblemDetail unavailable(LiftoffException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The order event could not be published: " + ex.getMessage());
    }

    /**
     * An order to publish.
     *
     * @param orderId the id, or {@code null} to generate one
     * @param customer who orders
     * @param amount the total
     */
    record OrderRequest(String orderId, String customer, BigDecimal amount) {
    }

    /**
     * The answer: what the broker stored.
     *
     * @param orderId the order's id
     * @param messageId the message id consoles and consumers show
     * @param status the send status, {@code SEND_OK} when stored with every guarantee
     * @param queue the queue written, {@code topic@broker#queueId}
     * @param queueOffset the message's offset in that queue
     */
    record OrderAccepted(String orderId, String messageId, String status, String queue, long queueOffset) {
    }

}
