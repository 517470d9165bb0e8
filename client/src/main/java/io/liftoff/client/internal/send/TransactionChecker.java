package io.liftoff.client.internal.send;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.liftoff.client.HalfMessage;
import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.ProducerListener;
import io.liftoff.client.ProducerListener.TransactionEvent;
import io.liftoff.client.TransactionListener;
import io.liftoff.client.internal.message.PropertyNames;
import io.liftoff.client.internal.message.StoredMessage;
import io.liftoff.client.internal.message.StoredMessageDecoder;
import io.liftoff.client.internal.remoting.RemotingCommand;
import io.liftoff.client.internal.remoting.RequestHandler;
import io.liftoff.client.internal.remoting.RequestTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Answers the broker's {@code CHECK_TRANSACTION_STATE} requests, as the official client's
 * {@code checkTransactionState}: the broker sends one, oneway, over a connection the
 * producer's group heartbeats on, for a half message left undecided past its
 * {@code transactionTimeOut}. The stored message in the body becomes a
 * {@link HalfMessage} for the listener that {@link TransactionListeners} names (none
 * known: answered {@link LocalTransactionState#UNKNOWN} with a warning), and the answer
 * goes back oneway to the broker that asked, as an {@code END_TRANSACTION} with
 * {@code fromTransactionCheck=true}.
 *
 * <p>
 * Runs on the transport's callback executor ({@link RequestHandler}): the client
 * resources' callback threads, bounded (a full queue rejects checks, which the broker
 * repeats) and never an I/O thread, so a listener that queries a database holds up
 * neither sends nor other connections. Checks that run once the producer is closed are
 * dropped with a log line: the broker asks another producer of the group, or this one
 * after a restart.
 */
final class TransactionChecker implements RequestHandler {

    private static final Logger logger = LoggerFactory.getLogger(TransactionChecker.class);

    private static final long ANSWER_TIMEOUT_MILLIS = 3000;

    /**
     * Properties the broker adds to a half message that RocketMQ does not reserve: not
     * the application's.
     */
    private static final Set<String> BROKER_PROPERTIES = Set.of(PropertyNames.TRANSACTION_CHECK_TIMES,
            PropertyNames.TRANSACTION_ID);

    private final String group;

    private final @Nullable String namespace;

    private final TransactionListeners listeners;

    private final RequestTransport transport;

    private final ProducerState state;

    private final ProducerListener listener;

    /**
     * @param group the producer group on the wire
     * @param namespace the producer's namespace, if any
     * @param listeners names the listener of each check
     * @param transport sends the answers
     * @param state the producer's life cycle: checks are answered while it runs or closes
     * @param listener the producer's listener, guarded, told of each answer
     */
    TransactionChecker(String group, @Nullable String namespace, TransactionListeners listeners,
            RequestTransport transport, ProducerState state, ProducerListener listener) {
        this.group = group;
        this.namespace = namespace;
        this.listeners = listeners;
        this.transport = transport;
        this.state = state;
        this.listener = listener;
    }

    @Override
    public @Nullable RemotingCommand handle(RemotingCommand request, String remoteAddress) {
        if (!this.state.acceptsAttempts()) {
            logger.info("Producer of group '{}' is closed: check of transaction {} from {} dropped; the broker asks "
                    + "again later", this.group, request.ext("msgId"), remoteAddress);
            return null;
        }
        Check check;
        try {
            check = read(request);
        }
        catch (IllegalArgumentException ex) {
            logger.warn("Unreadable transaction check from {} ignored: {}", remoteAddress, ex.getMessage());
            return null;
        }
        if (check.group() != null && !check.group().equals(this.group)) {
            logger.warn("Check of transaction {} from {} is for group '{}', not '{}': ignored",
                    check.message().messageId(), remoteAddress, check.group(), this.group);
            return null;
        }
        LocalDecision decision = decide(check.message());
        if (!this.state.acceptsAttempts()) {
            logger.info("Producer of group '{}' closed while checking transaction {}: answer {} dropped; the broker "
                    + "asks again later", this.group, check.message().messageId(), decision.state());
            return null;
        }
        answer(check, decision, remoteAddress);
        this.listener.transactionEnded(
                new TransactionEvent(check.message().topic(), check.message().messageId(), decision.state(), true));
        return null;
    }

    private LocalDecision decide(HalfMessage message) {
        TransactionListener listener = this.listeners.forCheck(message.messageId());
        if (listener == null) {
            logger.warn("No TransactionListener for the check of message {} to topic '{}' (keys {}) from broker '{}': "
                    + "answered UNKNOWN; set ProducerBuilder.transactionListener to answer checks of transactions "
                    + "this producer did not send or no longer remembers", message.messageId(), message.topic(),
                    message.keys(), message.brokerName());
            return new LocalDecision(LocalTransactionState.UNKNOWN, null);
        }
        return LocalDecision.check(listener, message);
    }

    private void answer(Check check, LocalDecision decision, String remoteAddress) {
        String messageId = check.message().messageId();
        EndTransaction end = new EndTransaction(this.group, check.topic(), check.message().brokerName(),
                check.tranStateTableOffset(), check.commitLogOffset(), messageId, check.message().transactionId(),
                decision.state(), true, decision.remark());
        this.transport.invokeOneway(remoteAddress, end.request(), ANSWER_TIMEOUT_MILLIS, (response, failure) -> {
            if (failure != null) {
                logger.warn(
                        "Answer {} to the check of transaction {} could not be sent to {}: {}; the broker asks "
                                + "again later",
                        decision.state(), messageId, remoteAddress, Outcomes.describe(failure));
            }
            else if (decision.state() != LocalTransactionState.UNKNOWN) {
                this.listeners.decided(messageId);
            }
        });
    }

    private Check read(RemotingCommand request) {
        byte[] body = request.body();
        if (body == null) {
            throw new IllegalArgumentException("no stored message in the body");
        }
        StoredMessage stored = StoredMessageDecoder.decode(body);
        Map<String, String> properties = stored.properties();
        String offsetMessageId = request.ext("offsetMsgId");
        String messageId = orElse(orElse(properties.get(PropertyNames.UNIQ_KEY), request.ext("msgId")),
                offsetMessageId);
        if (messageId == null) {
            throw new IllegalArgumentException("no message id");
        }
        String transactionId = orElse(request.ext("transactionId"), messageId);
        String topic = request.ext("topic");
        HalfMessage message = new HalfMessage(Namespaces.unwrap(this.namespace, stored.topic()), messageId,
                (transactionId != null) ? transactionId : messageId, properties.get(PropertyNames.TAGS),
                keys(properties.get(PropertyNames.KEYS)), userProperties(properties), stored.body(), offsetMessageId,
                Objects.requireNonNullElse(request.ext("bname"), ""), Instant.ofEpochMilli(stored.bornTimestamp()),
                count(properties.get(PropertyNames.TRANSACTION_CHECK_TIMES)));
        try {
            return new Check(message, properties.get(PropertyNames.PGROUP), (topic != null) ? topic : stored.topic(),
                    request.extLong("tranStateTableOffset", stored.queueOffset()),
                    request.extLong("commitLogOffset", stored.commitLogOffset()));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("offsets are not numbers: " + request.extFields(), ex);
        }
    }

    private static @Nullable String orElse(@Nullable String value, @Nullable String otherwise) {
        return (value != null && !value.isEmpty()) ? value : otherwise;
    }

    private static List<String> keys(@Nullable String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (String key : joined.split(" ")) {
            if (!key.isEmpty()) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static Map<String, String> userProperties(Map<String, String> properties) {
        Map<String, String> user = new LinkedHashMap<>();
        properties.forEach((name, value) -> {
            if (!PropertyNames.isReserved(name) && !BROKER_PROPERTIES.contains(name)) {
                user.put(name, value);
            }
        });
        return user;
    }

    private static int count(@Nullable String value) {
        try {
            return (value != null) ? Integer.parseInt(value) : 0;
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }

    /**
     * A check as read: the message for the listener, and what the answer echoes.
     *
     * @param message the half message
     * @param group the producer group of the half message, if it names one
     * @param topic the topic as the check named it
     * @param tranStateTableOffset the half message's queue offset, as the check named it
     * @param commitLogOffset its commit-log offset, as the check named it
     */
    private record Check(HalfMessage message, @Nullable String group, String topic, long tranStateTableOffset,
            long commitLogOffset) {
    }

}
