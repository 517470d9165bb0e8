package io.liftoff.client.internal.send;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.LiftoffException;
import io.liftoff.client.Message;
import io.liftoff.client.internal.remoting.RequestTransport;
import org.jspecify.annotations.Nullable;

/**
 * Timer messages ({@code deliveryDelay}, {@code deliverAt}) need a RocketMQ 5 broker: an
 * older one ignores their properties and delivers them at once (measured on 4.9.7: stored
 * for delivery 8 ms after birth for a 3 s delay). The broker's version is the one its
 * first answer on the connection carried; a send waits for it before a timer message's
 * first attempt on a new connection, and is refused before anything is written when the
 * broker is older.
 */
final class TimerMessages {

    /**
     * {@code MQVersion.Version.V5_0_0.ordinal()}: the first version with timer messages.
     */
    static final int SINCE_VERSION = 413;

    private TimerMessages() {
    }

    /**
     * Describes a message's timer delivery.
     * @param message the message
     * @return {@code "deliveryDelay 3000 ms"} or {@code "deliverAt ..."}; absent when the
     * message is not a timer message (delay levels work on every broker)
     */
    static @Nullable String of(Message message) {
        Duration delay = message.deliveryDelay();
        if (delay != null) {
            return "deliveryDelay " + delay.toMillis() + " ms";
        }
        Instant at = message.deliverAt();
        return (at != null) ? "deliverAt " + at : null;
    }

    /**
     * Tells whether a broker of this version takes timer messages.
     * @param version its version ({@link RequestTransport#UNKNOWN_VERSION} when it did
     * not say: allowed)
     * @return whether it does
     */
    static boolean supported(int version) {
        return version == RequestTransport.UNKNOWN_VERSION || version >= SINCE_VERSION;
    }

    /**
     * Refuses a timer message to a broker that is too old, for a caller that may block
     * (oneway sends): waits for the broker's version up to the timeout; a version that
     * cannot be learned (connection failed, timeout) lets the send go on, to fail as it
     * would.
     * @param transport the transport
     * @param topic the topic
     * @param timer the timer delivery, or none for a message without one
     * @param broker the broker's name
     * @param address its address
     * @param timeoutNanos the longest wait
     * @throws InvalidMessageException if the broker is older than 5.0
     */
    static void check(RequestTransport transport, String topic, @Nullable String timer, String broker, String address,
            long timeoutNanos) {
        if (timer == null) {
            return;
        }
        int version;
        try {
            version = transport.peerVersion(address).get(Math.max(1, timeoutNanos), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new LiftoffException("Interrupted while learning the version of broker '" + broker + "'", ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            return;
        }
        if (!supported(version)) {
            throw refusal(topic, timer, broker, address, version);
        }
    }

    /**
     * Tells whether an attempt of a timer message may go ahead to a broker, without
     * blocking: yes when the broker's version is known and 5.0 or later; when it is not
     * known yet, no, and {@code retake} runs once it is (or once the deadline passed);
     * when the broker is older, no, and {@code refuse} gets the refusal.
     * @param transport the transport
     * @param topic the topic
     * @param timer the timer delivery
     * @param broker the broker's name
     * @param address its address
     * @param deadlineNanos the send's deadline ({@link System#nanoTime()})
     * @param retake takes the attempt again
     * @param refuse ends the send with the refusal
     * @return whether the attempt goes ahead now
     */
    static boolean allows(RequestTransport transport, String topic, String timer, String broker, String address,
            long deadlineNanos, Runnable retake, Consumer<RuntimeException> refuse) {
        CompletableFuture<Integer> version = transport.peerVersion(address);
        if (!version.isDone()) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
            version.copy().orTimeout(left, TimeUnit.MILLISECONDS).whenComplete((known, error) -> retake.run());
            return false;
        }
        int known = version.isCompletedExceptionally() ? RequestTransport.UNKNOWN_VERSION : version.join();
        if (!supported(known)) {
            refuse.accept(refusal(topic, timer, broker, address, known));
            return false;
        }
        return true;
    }

    /**
     * The refusal of a timer message to a broker that is too old.
     * @param topic the topic
     * @param timer the timer delivery, as {@link #of(Message)} says
     * @param broker the broker's name
     * @param address its address
     * @param version its version
     * @return the exception
     */
    static InvalidMessageException refusal(String topic, String timer, String broker, String address, int version) {
        return new InvalidMessageException("Message to topic '" + topic + "' has " + timer + ", but broker '" + broker
                + "' at " + address + " runs a RocketMQ older than 5.0 (version code " + version + ", 5.0.0 is "
                + SINCE_VERSION + "), which has no timer messages and would deliver it at once: nothing was sent. "
                + "Use Message.Builder.delayLevel(...) with brokers older than 5.0");
    }

}
