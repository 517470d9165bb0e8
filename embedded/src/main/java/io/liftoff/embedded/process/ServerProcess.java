package io.liftoff.embedded.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * One server of {@link RocketMQProcesses}, a NameServer or a broker, and its current
 * child JVM.
 *
 * <p>
 * The constructor writes the server's configuration file ({@code -c}) and the logback
 * files that 4.x needs to start into {@code conf} under its home. Each {@link #launch()}
 * starts a {@link ChildJvm} running {@code NamesrvStartup} or {@code BrokerStartup} with
 * the home as {@code ROCKETMQ_HOME}, and sends standard output and error to a file of
 * that launch ({@code <name>-<launch>.out}). The server is ready once that output says it
 * booted and its registration check holds. The child's standard input is a pipe held open
 * and never written: the child halts when it reads the pipe's end, that is when this JVM
 * dies, even by {@code SIGKILL}.
 *
 * <p>
 * Driven by one thread; {@link #kill()} may also run in a shutdown hook.
 */
final class ServerProcess {

    private static final String BOOT_MARKER = "boot success";

    private final ChildJvm jvm;

    private final Kind kind;

    private final String name;

    private final Path home;

    private final List<String> args;

    private final BooleanSupplier registered;

    private @Nullable Process process;

    private @Nullable OutputStream parentPipe;

    private int starts;

    private volatile boolean paused;

    /**
     * Writes the server's configuration; starts nothing yet.
     * @param jvm the child JVM's version and command line
     * @param kind NameServer or broker
     * @param name its name ({@code namesrv} or the broker's node name), also in the names
     * of its files
     * @param home its home directory
     * @param conf the text of its configuration file
     * @param args more arguments of its main class, after {@code -c} and the file
     * @param registered whether the NameServer knows the server; asked once the server
     * booted, until it holds
     * @throws UncheckedIOException when a file cannot be written
     */
    ServerProcess(ChildJvm jvm, Kind kind, String name, Path home, String conf, List<String> args,
            BooleanSupplier registered) {
        this.jvm = jvm;
        this.kind = kind;
        this.name = name;
        this.home = home;
        this.registered = registered;
        try {
            Files.createDirectories(home.resolve("conf"));
            Path confFile = home.resolve("conf").resolve(name + ".conf");
            Files.writeString(confFile, conf, StandardCharsets.UTF_8);
            // 4.x configures its logback from these files and exits without them.
            for (Kind each : Kind.values()) {
                Files.writeString(home.resolve("conf").resolve("logback_" + each.logName + ".xml"),
                        logback(each.logName), StandardCharsets.UTF_8);
            }
            List<String> all = new ArrayList<>();
            all.add("-c");
            all.add(confFile.toString());
            all.addAll(args);
            this.args = all;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write the configuration of " + name, ex);
        }
    }

    /**
     * Starts a new child JVM, with a new output file.
     * @throws UncheckedIOException when the process cannot be started
     */
    void launch() {
        this.starts++;
        List<String> command = this.jvm.command(this.home, this.jvm.serverOptions(), this.kind.mainClass, this.args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(this.home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(outputFile().toFile());
        builder.environment().put("ROCKETMQ_HOME", this.home.toString());
        try {
            Process started = builder.start();
            this.process = started;
            // Held open, never written: the child halts when it reads the end.
            this.parentPipe = started.getOutputStream();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start RocketMQ " + this.jvm.version().name() + " " + this.name, ex);
        }
    }

    private Path outputFile() {
        return this.home.resolve(this.name + "-" + this.starts + ".out");
    }

    /**
     * @return the current launch's standard output and error so far, empty when there is
     * none
     */
    String output() {
        try {
            return Files.exists(outputFile()) ? Files.readString(outputFile(), StandardCharsets.ISO_8859_1) : "";
        }
        catch (IOException ex) {
            return "";
        }
    }

    /**
     * Waits until the current launch booted and is registered.
     * @param timeout how long to wait
     * @return whether it is ready; {@code false} as soon as the process exited
     */
    boolean awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Process current = process();
            if (!current.isAlive()) {
                return false;
            }
            if (output().contains(BOOT_MARKER) && this.registered.getAsBoolean()) {
                return true;
            }
            ChildProcesses.sleep(100);
        }
        return false;
    }

    /**
     * Describes a launch that did not become ready.
     * @param timeout how long it was given
     * @return an exception with its state and the last lines of its output and of
     * RocketMQ's log
     */
    IllegalStateException notStarted(Duration timeout) {
        Process current = this.process;
        String state = (current == null) ? "not started"
                : current.isAlive() ? "still running" : "exit code " + current.exitValue();
        Path rocketmqLog = this.home.resolve("logs").resolve("rocketmqlogs").resolve(this.kind.logName + ".log");
        return new IllegalStateException(
                "RocketMQ " + this.jvm.version().name() + " " + this.name + " did not start within " + timeout + " ("
                        + state + "); last lines of " + outputFile() + ":\n" + ChildProcesses.tail(outputFile())
                        + "\nlast lines of " + rocketmqLog + ":\n" + ChildProcesses.tail(rocketmqLog));
    }

    /**
     * @return the current process's id
     * @throws IllegalStateException when it was never launched
     */
    long pid() {
        return process().pid();
    }

    private Process process() {
        if (this.process == null) {
            throw new IllegalStateException(this.name + " has not started");
        }
        return this.process;
    }

    /**
     * @return whether the current process runs and is not stopped by {@link #pause()}
     */
    boolean isAlive() {
        return this.process != null && this.process.isAlive() && !this.paused;
    }

    /**
     * Stops the process ({@code SIGSTOP}) and waits until it is stopped.
     * @throws IllegalStateException when it was never launched or {@code kill} failed
     */
    void pause() {
        ChildProcesses.signal(process(), "STOP");
        this.paused = true;
        ChildProcesses.awaitStopped(process(), true);
    }

    /**
     * Continues the process ({@code SIGCONT}) and waits until it runs.
     * @throws IllegalStateException when it was never launched or {@code kill} failed
     */
    void resume() {
        ChildProcesses.signal(process(), "CONT");
        this.paused = false;
        ChildProcesses.awaitStopped(process(), false);
    }

    /**
     * Kills the process ({@code SIGKILL}, continuing it first when stopped) and waits
     * until it is gone; does nothing when it does not run.
     * @throws IllegalStateException when it survived {@code SIGKILL} for 30 s
     */
    void kill() {
        Process current = this.process;
        if (current == null || !current.isAlive()) {
            return;
        }
        if (this.paused) {
            try {
                ChildProcesses.signal(current, "CONT");
            }
            catch (RuntimeException ex) {
                // SIGKILL ends a stopped process too.
            }
            this.paused = false;
        }
        current.destroyForcibly();
        try {
            if (!current.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(this.name + " (pid " + current.pid() + ") survived SIGKILL");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        OutputStream pipe = this.parentPipe;
        if (pipe != null) {
            try {
                pipe.close();
            }
            catch (IOException ex) {
                // The child is gone.
            }
        }
    }

    private static String logback(String server) {
        return "<configuration>\n" + "  <appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">\n"
                + "    <file>${user.home}/logs/rocketmqlogs/" + server + ".log</file>\n"
                + "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n</pattern></encoder>\n"
                + "  </appender>\n" + "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
                + "    <filter class=\"ch.qos.logback.classic.filter.ThresholdFilter\"><level>WARN</level></filter>\n"
                + "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n</pattern></encoder>\n"
                + "  </appender>\n" + "  <root level=\"INFO\">\n" + "    <appender-ref ref=\"FILE\"/>\n"
                + "    <appender-ref ref=\"OUT\"/>\n" + "  </root>\n" + "</configuration>\n";
    }

    /** What a server runs. */
    enum Kind {

        /** A NameServer. */
        NAME_SERVER("org.apache.rocketmq.namesrv.NamesrvStartup", "namesrv"),

        /** A broker. */
        BROKER("org.apache.rocketmq.broker.BrokerStartup", "broker");

        private final String mainClass;

        private final String logName;

        Kind(String mainClass, String logName) {
            this.mainClass = mainClass;
            this.logName = logName;
        }

    }

}
