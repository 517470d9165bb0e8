package io.liftoff.samples.quickstart;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The event published for an order, as JSON.
 *
 * @param orderId the order's id, also the message key
 * @param customer who ordered
 * @param amount the order's total
 * @param status what happened to the order, also the message tag
 * @param occurredAt when it happened
 */
public record OrderEvent(String orderId, String customer, BigDecimal amount, String status, Instant occurredAt) {
}
