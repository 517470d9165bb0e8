package io.liftoff.embedded.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The JVM flags each RocketMQ version gets on Java 17, and class path files as Maven's
 * {@code dependency:build-classpath} writes them.
 */
class RocketMQVersionTests {

    @Test
    void a4xBrokerGetsTheOpensItsStoreNeedsAnEarly5xTheSunNioExportAndLater5xNothing() {
        assertThat(RocketMQVersion.jvmFlags("4.9.7")).containsExactly("--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED");
        assertThat(RocketMQVersion.jvmFlags("5.1.4")).containsExactly("--add-exports",
                "java.base/sun.nio.ch=ALL-UNNAMED");
        assertThat(RocketMQVersion.jvmFlags("5.3.3")).isEmpty();
        assertThat(RocketMQVersion.jvmFlags("5.5.x")).isEmpty();
    }

    @Test
    void onlyVersion5AndLaterHaveTimerMessages() {
        assertThat(RocketMQVersion.of("4.9.7", List.of(Path.of("a.jar"))).supportsTimerMessages()).isFalse();
        assertThat(RocketMQVersion.of("5.1.4", List.of(Path.of("a.jar"))).supportsTimerMessages()).isTrue();
    }

    @Test
    void aClassPathFileIsSplitOnThePathSeparator(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("rocketmq-5.5.x.txt");
        Files.writeString(file, "/m2/a.jar" + File.pathSeparator + "/m2/b.jar\n");
        RocketMQVersion version = RocketMQVersion.fromClassPathFile("5.5.x", file);
        assertThat(version.classPath()).containsExactly(Path.of("/m2/a.jar"), Path.of("/m2/b.jar"));
        assertThat(version.name()).isEqualTo("5.5.x");
    }

    @Test
    void anEmptyClassPathOrANameWithoutAMajorVersionIsRefused(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("empty.txt");
        Files.writeString(file, "");
        assertThatIllegalArgumentException().isThrownBy(() -> RocketMQVersion.fromClassPathFile("5.3.3", file))
            .withMessageContaining("5.3.3");
        assertThatIllegalArgumentException().isThrownBy(() -> RocketMQVersion.jvmFlags("latest"))
            .withMessageContaining("latest");
    }

}
