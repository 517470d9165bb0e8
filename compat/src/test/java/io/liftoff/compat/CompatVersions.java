package io.liftoff.compat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.liftoff.embedded.process.RocketMQVersion;
import org.junit.jupiter.api.Assumptions;

/**
 * The RocketMQ versions the suite runs, with the class paths the build resolved for them
 * (system property {@value #CLASSPATH_DIR_PROPERTY}, one {@code rocketmq-<version>.txt}
 * per version; see {@code versions/resolve.sh}).
 */
final class CompatVersions {

    /** The versions, oldest first. "5.5.x" is the 5.5.1 broker with 5.5.0 NameServer. */
    static final List<String> ALL = List.of("4.9.7", "5.1.4", "5.3.3", "5.5.x");

    static final String CLASSPATH_DIR_PROPERTY = "liftoff.compat.classpath.dir";

    private CompatVersions() {
    }

    /**
     * @return every version, for {@code @MethodSource}
     */
    static Stream<String> all() {
        return ALL.stream();
    }

    /**
     * Loads a version, or skips the calling test when the build could not resolve its
     * artifacts.
     * @param name the version
     * @return the version
     */
    static RocketMQVersion load(String name) {
        String directory = System.getProperty(CLASSPATH_DIR_PROPERTY, "target/rocketmq-classpath");
        Path file = Path.of(directory).resolve("rocketmq-" + name + ".txt");
        if (!Files.isRegularFile(file)) {
            Assumptions.abort("RocketMQ " + name + " is skipped: its artifacts could not be resolved (no " + file
                    + "; see resolve.log beside it)");
        }
        return RocketMQVersion.fromClassPathFile(name, file);
    }

}
