package io.liftoff.spring;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.Message;
import io.liftoff.client.MessageQueue;
import io.liftoff.client.Producer;
import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.client.TransactionListener;
import io.liftoff.client.TransactionResult;

/**
 * A {@link Producer} for unit tests that records the messages of every call and sends
 * nothing (a dynamic proxy: cheaper to start than a mocking library). Sends answer
 * {@link #RESULT} (asynchronous ones a completed future of it); other methods return
 * {@code null}.
 */
public final class RecordingProducer {

    /** What every send answers. */
    public static final SendResult RESULT = new SendResult(SendStatus.SEND_OK, "RECORDED-ID", "RECORDED-OFFSET",
            new MessageQueue("recorded", "broker-r", 0), 0, null, null);

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private final Producer producer = (Producer) Proxy.newProxyInstance(Producer.class.getClassLoader(),
            new Class<?>[] { Producer.class }, (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return switch (method.getName()) {
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "RecordingProducer";
                    };
                }
                this.calls.add(new Call(method.getName(), (args != null) ? Arrays.asList(args) : List.of()));
                if (method.getName().equals("sendInTransaction")) {
                    // As the producer: the local transaction runs once the half message
                    // is
                    // stored, and its outcome is the decision.
                    TransactionListener listener = (TransactionListener) args[1];
                    LocalTransactionState decision = listener.executeLocalTransaction((Message) args[0], RESULT,
                            args[2]);
                    return new TransactionResult(RESULT.messageId(), RESULT, decision, null);
                }
                if (method.getReturnType() == SendResult.class) {
                    return RESULT;
                }
                if (method.getReturnType() == CompletableFuture.class) {
                    return CompletableFuture.completedFuture(RESULT);
                }
                return null;
            });

    /**
     * @return the producer
     */
    public Producer producer() {
        return this.producer;
    }

    /**
     * @return every call, in order
     */
    public List<Call> calls() {
        return this.calls;
    }

    /**
     * @return the message of the last call whose first argument is a message
     */
    public Message lastMessage() {
        for (int i = this.calls.size() - 1; i >= 0; i--) {
            List<Object> args = this.calls.get(i).args();
            if (!args.isEmpty() && args.get(0) instanceof Message message) {
                return message;
            }
        }
        throw new AssertionError("No message was sent; calls: " + this.calls);
    }

    /**
     * One call.
     *
     * @param method the method's name
     * @param args its arguments
     */
    public record Call(String method, List<Object> args) {
    }

}
