package io.liftoff.embedded.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A RocketMQ version that {@link RocketMQProcesses} can run: its name, the class path of
 * its NameServer, broker and official client (resolved by Maven at build time; versions
 * cannot share one class path), and the JVM flags it needs on Java 17.
 *
 * <p>
 * Flags by version ({@link #jvmFlags(String)}), found by running each on OpenJDK 17:
 * <ul>
 * <li>4.x (4.9.7): {@code --add-opens java.base/java.nio=ALL-UNNAMED --add-opens
 * java.base/jdk.internal.ref=ALL-UNNAMED}; without them the broker's shutdown hook throws
 * while unmapping its store and it cannot restart after a crash;</li>
 * <li>5.0 to 5.2 (5.1.4): {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}, for the
 * same reason;</li>
 * <li>5.3 and later (5.3.3, 5.5.x): none.</li>
 * </ul>
 */
public final class RocketMQVersion {

    private final String name;

    private final List<Path> classPath;

    private final List<String> jvmFlags;

    private RocketMQVersion(String name, List<Path> classPath, List<String> jvmFlags) {
        this.name = name;
        this.classPath = List.copyOf(classPath);
        this.jvmFlags = List.copyOf(jvmFlags);
    }

    /**
     * Creates a version with the JVM flags {@link #jvmFlags(String)} gives for its name.
     * @param name the version, such as {@code 4.9.7} or {@code 5.5.x}
     * @param classPath the jars of its NameServer, broker and official client
     * @return the version
     * @throws IllegalArgumentException when the name does not start with a major version
     * or the class path is empty
     */
    public static RocketMQVersion of(String name, List<Path> classPath) {
        if (classPath.isEmpty()) {
            throw new IllegalArgumentException("The class path of RocketMQ " + name + " is empty");
        }
        return new RocketMQVersion(name, classPath, jvmFlags(name));
    }

    /**
     * Reads a class path file, as {@code dependency:build-classpath} writes it (entries
     * separated by the platform's path separator).
     * @param name the version
     * @param file the file
     * @return the version
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when it lists nothing
     */
    public static RocketMQVersion fromClassPathFile(String name, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the class path of RocketMQ " + name + " from " + file, ex);
        }
        List<Path> entries = new ArrayList<>();
        for (String entry : text.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry.trim()));
            }
        }
        return of(name, entries);
    }

    /**
     * Returns the JVM flags a RocketMQ version's servers need on Java 17 (see the class
     * comment).
     * @param name the version, such as {@code 4.9.7}
     * @return the flags, empty when it needs none
     */
    public static List<String> jvmFlags(String name) {
        int major = major(name);
        int minor = minor(name);
        if (major < 5) {
            return List.of("--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens",
                    "java.base/jdk.internal.ref=ALL-UNNAMED");
        }
        if (major == 5 && minor < 3) {
            return List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED");
        }
        return List.of();
    }

    private static int major(String name) {
        int dot = name.indexOf('.');
        try {
            return Integer.parseInt((dot < 0) ? name : name.substring(0, dot));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("Not a RocketMQ version: '" + name + "'", ex);
        }
    }

    private static int minor(String name) {
        String[] parts = name.split("\\.");
        try {
            return (parts.length > 1) ? Integer.parseInt(parts[1]) : 0;
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }

    /**
     * @return the version's name, such as {@code 5.5.x}
     */
    public String name() {
        return this.name;
    }

    /**
     * @return the jars of its NameServer, broker and official client
     */
    public List<Path> classPath() {
        return this.classPath;
    }

    /**
     * @return the JVM flags its servers get
     */
    public List<String> jvmFlags() {
        return this.jvmFlags;
    }

    /**
     * @return its major version (4 or 5)
     */
    public int major() {
        return major(this.name);
    }

    /**
     * @return whether its brokers deliver timer messages ({@code deliveryDelay},
     * {@code deliverAt}): 5.0 and later; a 4.x broker stores them for immediate delivery
     */
    public boolean supportsTimerMessages() {
        return major() >= 5;
    }

    @Override
    public String toString() {
        return "RocketMQ " + this.name;
    }

}
