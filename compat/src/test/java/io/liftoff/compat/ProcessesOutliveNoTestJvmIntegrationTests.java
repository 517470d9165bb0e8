package io.liftoff.compat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.liftoff.embedded.process.RocketMQProcesses;
import io.liftoff.embedded.process.RocketMQVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test JVM killed with {@code SIGKILL} (no shutdown hook runs) leaves no RocketMQ
 * process behind: each child halts when its parent dies.
 */
class ProcessesOutliveNoTestJvmIntegrationTests {

    private static final String VERSION = "4.9.7";

    @Test
    void killingTheTestJvmWithSigkillEndsEveryRocketMQProcessItStarted() throws Exception {
        CompatVersions.load(VERSION);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-D" + CompatVersions.CLASSPATH_DIR_PROPERTY + "="
                        + System.getProperty(CompatVersions.CLASSPATH_DIR_PROPERTY, "target/rocketmq-classpath"),
                TestJvm.class.getName());
        Process testJvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Long> pids = new ArrayList<>();
        List<String> output = new ArrayList<>();
        Path[] directory = new Path[1];
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(testJvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                if (line.startsWith("DIR ")) {
                    directory[0] = Path.of(line.substring(4));
                }
                if (line.startsWith("PIDS ")) {
                    for (String pid : line.substring(5).split(" ")) {
                        pids.add(Long.parseLong(pid));
                    }
                    break;
                }
            }
            assertThat(pids).as("pids printed by the test JVM; its output: %s", output).hasSize(3);
            assertThat(pids).allSatisfy((pid) -> assertThat(alive(pid)).isTrue());

            testJvm.destroyForcibly();
            assertThat(testJvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(10);
            while (pids.stream().anyMatch(ProcessesOutliveNoTestJvmIntegrationTests::alive)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            System.out.printf("Test JVM SIGKILLed: its NameServer and brokers (pids %s) gone %d ms later%n", pids,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            assertThat(pids).allSatisfy((pid) -> assertThat(alive(pid)).as("pid %d alive", pid).isFalse());
        }
        finally {
            testJvm.destroyForcibly();
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (directory[0] != null) {
                // No hook ran in the killed JVM: its directory is left behind.
                try (Stream<Path> paths = Files.walk(directory[0])) {
                    paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
                }
            }
        }
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive() && !"Z".equals(state(pid));
    }

    private static String state(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        }
        catch (java.io.IOException ex) {
            return "gone";
        }
    }

    /** A test JVM that starts a NameServer and a broker, prints their pids, and waits. */
    static final class TestJvm {

        private TestJvm() {
        }

        public static void main(String[] args) throws Exception {
            RocketMQVersion version = CompatVersions.load(VERSION);
            RocketMQProcesses rocketmq = RocketMQProcesses.start(version, 1, Duration.ofSeconds(90));
            System.out.println("DIR " + rocketmq.directory());
            System.out.println("PIDS " + rocketmq.nameServerPid() + " " + rocketmq.pid("broker-a") + " "
                    + ProcessHandle.current().pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }

    }

}
