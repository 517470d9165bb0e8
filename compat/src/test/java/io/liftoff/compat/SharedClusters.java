package io.liftoff.compat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.liftoff.embedded.process.RocketMQProcesses;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A cluster of two brokers and a NameServer of one RocketMQ version at a time, started on
 * first use and shared by the tests of that version:
 * {@link RocketMQVersionsIntegrationTests} runs every concern against one version before
 * the next, so each version starts once. Asking for another version closes the running
 * cluster first (an idle 5.x broker burns about a quarter of a core, too much to keep
 * four clusters on a 2-core machine); the last one closes when the run ends. Tests that
 * kill or stop a broker bring it back before they return.
 */
final class SharedClusters implements ParameterResolver {

    static final int BROKERS = 2;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Clusters.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
            .getStore(ExtensionContext.Namespace.create(SharedClusters.class))
            .computeIfAbsent(Clusters.class, (key) -> new Clusters(), Clusters.class);
    }

    /** The running clusters, by version. */
    static final class Clusters implements AutoCloseable {

        private final Map<String, RocketMQProcesses> running = new LinkedHashMap<>();

        /**
         * Returns the cluster of a version, starting it on first use; skips the calling
         * test when the version's artifacts could not be resolved.
         * @param version the version
         * @return its cluster
         */
        synchronized RocketMQProcesses of(String version) {
            RocketMQProcesses processes = this.running.get(version);
            if (processes == null) {
                close();
                long start = System.nanoTime();
                processes = RocketMQProcesses.start(CompatVersions.load(version), BROKERS);
                System.out.printf("RocketMQ %s: NameServer and %d brokers started in %d ms (NameServer %s)%n", version,
                        BROKERS, Duration.ofNanos(System.nanoTime() - start).toMillis(), processes.nameServerAddress());
                this.running.put(version, processes);
            }
            return processes;
        }

        @Override
        public synchronized void close() {
            this.running.values().forEach(RocketMQProcesses::close);
            this.running.clear();
        }

    }

}
