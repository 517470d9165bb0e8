package io.liftoff.client.internal.send;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.liftoff.client.Message;
import io.liftoff.client.SendMode;
import io.liftoff.client.internal.message.EncodedMessage;
import io.liftoff.client.internal.reply.RequestChannel;

/**
 * The send path as request-reply sees it: a request is validated and encoded by the
 * {@link SendPreparer}, its topic's masters and every master of the cluster are
 * registered on by {@link BrokerUpkeep}, and it is sent by a {@link SendOperation} of its
 * own with the sync send's retries, written without blocking (it may start on an I/O
 * thread, once the heartbeats are answered).
 */
final class ReplyChannel implements RequestChannel {

    private final SendContext context;

    private final SendPreparer preparer;

    private final BrokerUpkeep upkeep;

    /**
     * @param context what sends need
     * @param preparer prepares messages
     * @param upkeep heartbeats brokers
     */
    ReplyChannel(SendContext context, SendPreparer preparer, BrokerUpkeep upkeep) {
        this.context = context;
        this.preparer = preparer;
        this.upkeep = upkeep;
    }

    @Override
    public Prepared prepare(Message message, Map<String, String> requestProperties) {
        EncodedMessage encoded = this.preparer.encodeRequest(message, requestProperties);
        return (timeout) -> {
            SendOperation operation = new SendOperation(this.context, this.preparer.compressed(message, encoded),
                    SendMode.ASYNC, this.context.options().retries() + 1, timeout.toNanos());
            return operation.start().result();
        };
    }

    @Override
    public CompletableFuture<Void> registerOn(String topic) {
        // The request's brokers, and every broker of the cluster: the replier may send
        // its
        // reply to any broker that hosts the cluster's reply topic.
        return CompletableFuture.allOf(
                this.context.routes().route(this.preparer.wireTopic(topic)).thenCompose(this.upkeep::registerOn),
                this.upkeep.registerOnCluster());
    }

}
