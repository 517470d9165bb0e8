package io.liftoff.embedded.process;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line of a server's child JVM: the servers' own options come after the
 * defaults, so that the JVM takes them (the last of a repeated option wins).
 */
class ChildJvmTests {

    @Test
    void serverOptionsFollowTheDefaultsAndComeBeforeTheMainClass() {
        ChildJvm jvm = new ChildJvm(RocketMQVersion.of("5.5.x", List.of(Path.of("a.jar"))),
                List.of("-XX:TieredStopAtLevel=4", "-Xmx1g"));

        List<String> command = jvm.command(Path.of("home"), jvm.serverOptions(), "Main", List.of("-c", "x.conf"));

        int defaults = command.indexOf("-XX:TieredStopAtLevel=1");
        int own = command.indexOf("-XX:TieredStopAtLevel=4");
        assertThat(defaults).isPositive();
        assertThat(own).isGreaterThan(defaults);
        assertThat(command.indexOf("-Xmx1g")).isGreaterThan(command.indexOf("-Xmx256m"));
        assertThat(command.indexOf("Main")).isGreaterThan(own);
        assertThat(command.subList(command.size() - 2, command.size())).containsExactly("-c", "x.conf");
    }

}
