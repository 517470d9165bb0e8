package io.liftoff.embedded.process;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.liftoff.embedded.internal.ChildMain;

/**
 * The command line of a child JVM on a RocketMQ version's class path: this JVM's
 * {@code java}, {@link RocketMQProcesses#JVM_OPTIONS}, the version's
 * {@link RocketMQVersion#jvmFlags() flags}, a home directory as {@code user.home} and
 * {@code rocketmq.home.dir}, and liftoff-embedded's own classes before the version's, so
 * that {@code ChildMain} runs the main class and halts the child when its parent dies.
 *
 * @param version the RocketMQ version whose class path and flags the child gets
 * @param serverOptions JVM options of servers, after
 * {@link RocketMQProcesses#JVM_OPTIONS} (a later option wins)
 */
record ChildJvm(RocketMQVersion version, List<String> serverOptions) {

    ChildJvm {
        serverOptions = List.copyOf(serverOptions);
    }

    /**
     * Builds a child JVM's command line.
     * @param home its home directory
     * @param heap JVM options after {@link RocketMQProcesses#JVM_OPTIONS}, such as a
     * smaller heap
     * @param mainClass the class whose {@code main} {@code ChildMain} runs
     * @param args the arguments of that {@code main}
     * @return the command line
     */
    List<String> command(Path home, List<String> heap, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(RocketMQProcesses.JVM_OPTIONS);
        command.addAll(heap);
        command.addAll(this.version.jvmFlags());
        command.add("-Duser.home=" + home);
        command.add("-Drocketmq.home.dir=" + home);
        command.add("-cp");
        List<String> classPath = new ArrayList<>();
        classPath.add(ownLocation().toString());
        this.version.classPath().forEach((entry) -> classPath.add(entry.toString()));
        command.add(String.join(File.pathSeparator, classPath));
        command.add(ChildMain.class.getName());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    private static Path ownLocation() {
        try {
            return Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException("Cannot locate liftoff-embedded's classes", ex);
        }
    }

}
