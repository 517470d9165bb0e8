package io.liftoff.client.internal.reply;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.liftoff.client.Message;
import io.liftoff.client.SendResult;

/**
 * What a request needs from the producer's send path: the request checked and encoded
 * before any I/O, the requester registered on the brokers that may push its reply, and
 * the request sent as any other message.
 */
public interface RequestChannel {

    /**
     * Validates and encodes a request now, before any I/O.
     * @param message the request as the application built it
     * @param requestProperties the properties request-reply adds (names RocketMQ
     * reserves)
     * @return the request, ready to send
     * @throws io.liftoff.client.InvalidMessageException naming the rule the message
     * breaks
     */
    Prepared prepare(Message message, Map<String, String> requestProperties);

    /**
     * Looks the topic's route up and heartbeats every master of it that has no
     * registration of this producer yet.
     * @param topic the topic, as the application names it
     * @return a future completed once every heartbeat has an outcome; exceptionally only
     * when the route cannot be found
     */
    CompletableFuture<Void> registerOn(String topic);

    /** A request checked and encoded, not yet sent. */
    interface Prepared {

        /**
         * Sends the request, with retries as a sync send, without blocking.
         * @param timeout the budget left
         * @return the broker's answer
         */
        CompletableFuture<SendResult> send(Duration timeout);

    }

}
