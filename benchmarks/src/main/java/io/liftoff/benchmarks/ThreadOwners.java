package io.liftoff.benchmarks;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which client each thread was created for. The clients run one at a time (start, stored
 * check, each measured run), so a thread first seen at the end of a client's turn was
 * started by that client's work. This tells apart threads whose names do not say whose
 * they are, such as the Netty and executor threads of two official producers in one JVM
 * ({@code NettyClientWorkerThread_1} of each).
 *
 * <p>
 * Used from the tool's main thread only.
 */
final class ThreadOwners {

    private final Set<Long> seen;

    private final Map<Long, String> owners = new HashMap<>();

    /**
     * @param existing the threads alive before any client was created: nobody's
     */
    ThreadOwners(Collection<Long> existing) {
        this.seen = new HashSet<>(existing);
    }

    /**
     * Gives every thread not seen before to a client, at the end of its turn.
     * @param client the client whose turn it was
     * @param alive the threads alive now
     */
    void claim(String client, Collection<Long> alive) {
        for (long id : alive) {
            if (this.seen.add(id)) {
                this.owners.put(id, client);
            }
        }
    }

    /**
     * @param id a thread id
     * @param client a client name
     * @return whether the thread appeared during that client's turn
     */
    boolean createdFor(long id, String client) {
        return client.equals(this.owners.get(id));
    }

}
