package io.liftoff.client.internal.route;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.liftoff.client.NameServerUnavailableException;
import io.liftoff.client.RemotingException;
import io.liftoff.client.internal.remoting.RemotingClient;
import io.liftoff.client.internal.remoting.RemotingCommand;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests to one of several NameServers. It sticks to the one that last answered
 * and moves to the next when a request cannot be carried (connect failure, timeout,
 * closed connection); an error code is an answer and is returned as is. When every
 * NameServer fails, the exception names each with its failure.
 */
public final class NameServerClient {

    private static final Logger logger = LoggerFactory.getLogger(NameServerClient.class);

    private final RemotingClient remoting;

    private final List<String> addresses;

    private final long timeoutMillis;

    private final Clock clock;

    private final AtomicInteger current;

    private final ConcurrentHashMap<String, NameServerStatus> statuses = new ConcurrentHashMap<>();

    /**
     * Creates the client.
     * @param remoting the transport
     * @param addresses the NameServer addresses, at least one
     * @param timeoutMillis the timeout of one request to one NameServer
     * @param clock the clock that stamps successes and failures
     */
    public NameServerClient(RemotingClient remoting, List<String> addresses, long timeoutMillis, Clock clock) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("At least one NameServer address is required");
        }
        this.remoting = remoting;
        this.addresses = List.copyOf(addresses);
        this.timeoutMillis = timeoutMillis;
        this.clock = clock;
        this.current = new AtomicInteger(ThreadLocalRandom.current().nextInt(addresses.size()));
        for (String address : this.addresses) {
            this.statuses.put(address, NameServerStatus.unknown(address));
        }
    }

    /**
     * @return the NameServer addresses, in configured order
     */
    public List<String> addresses() {
        return this.addresses;
    }

    /**
     * @return each NameServer's last known state, in configured order
     */
    public List<NameServerStatus> statuses() {
        return this.addresses.stream().map(this.statuses::get).toList();
    }

    /**
     * Opens the connection to the current NameServer in the background, so that the first
     * route look-up, which follows {@code start()} in most applications, does not wait
     * for the connect.
     */
    public void connectInBackground() {
        this.remoting.connectInBackground(this.addresses.get(Math.floorMod(this.current.get(), this.addresses.size())));
    }

    /**
     * Sends a request to the current NameServer, moving on to the others when it cannot
     * be reached.
     * @param request the request
     * @return a future completed with the first answer, or with a
     * {@link NameServerUnavailableException}
     */
    public CompletableFuture<RemotingCommand> request(RemotingCommand request) {
        CompletableFuture<RemotingCommand> result = new CompletableFuture<>();
        int start = Math.floorMod(this.current.get(), this.addresses.size());
        attempt(request, start, 0, new ArrayList<>(), result);
        return result;
    }

    /**
     * Sends a cheap request to every NameServer at once and records who answered (any
     * answer counts).
     * @param request the request to send, for example a route look-up of the default
     * topic
     * @param timeoutMillis the timeout of each request
     * @return one future per NameServer, in configured order, completed with its state
     * once it answered or failed
     */
    public List<CompletableFuture<NameServerStatus>> ping(RemotingCommand request, long timeoutMillis) {
        List<CompletableFuture<NameServerStatus>> pings = new ArrayList<>();
        for (String address : this.addresses) {
            pings.add(this.remoting.invoke(address, request, timeoutMillis).handle((response, error) -> {
                if (error == null) {
                    return this.statuses.compute(address, (key, status) -> status.succeeded(this.clock.instant()));
                }
                Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause()
                        : error;
                return this.statuses.compute(address,
                        (key, status) -> status.failed(this.clock.instant(), cause.getMessage()));
            }));
        }
        return pings;
    }

    private void attempt(RemotingCommand request, int start, int tried, List<String> failures,
            CompletableFuture<RemotingCommand> result) {
        int index = (start + tried) % this.addresses.size();
        String address = this.addresses.get(index);
        this.remoting.invoke(address, request, this.timeoutMillis).whenComplete((response, error) -> {
            if (error == null) {
                this.statuses.compute(address, (key, status) -> status.succeeded(this.clock.instant()));
                this.current.set(index);
                result.complete(response);
                return;
            }
            Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause()
                    : error;
            this.statuses.compute(address, (key, status) -> status.failed(this.clock.instant(), cause.getMessage()));
            failures.add(address + " (" + cause.getMessage() + ")");
            if (!(cause instanceof RemotingException) || tried + 1 >= this.addresses.size()) {
                if (cause instanceof RemotingException) {
                    result.completeExceptionally(
                            new NameServerUnavailableException(this.addresses, "No NameServer answered request code "
                                    + request.code() + ": " + String.join("; ", failures), cause));
                }
                else {
                    result.completeExceptionally(cause);
                }
                return;
            }
            logger.debug("NameServer {} failed, trying the next: {}", address, cause.getMessage());
            attempt(request, start, tried + 1, failures, result);
        });
    }

    /**
     * What is known of one NameServer.
     *
     * @param address its {@code host:port}
     * @param reachable whether the last request reached it; absent before any request
     * @param lastSuccess when it last answered; absent until it does
     * @param lastFailure when a request to it last failed; absent until one does
     * @param lastError the last failure's message; absent until a request fails, or when
     * the failure had none
     */
    public record NameServerStatus(String address, @Nullable Boolean reachable, @Nullable Instant lastSuccess,
            @Nullable Instant lastFailure, @Nullable String lastError) {

        static NameServerStatus unknown(String address) {
            return new NameServerStatus(address, null, null, null, null);
        }

        NameServerStatus succeeded(Instant now) {
            return new NameServerStatus(this.address, true, now, this.lastFailure, this.lastError);
        }

        NameServerStatus failed(Instant now, @Nullable String error) {
            return new NameServerStatus(this.address, false, this.lastSuccess, now, error);
        }
    }

}
