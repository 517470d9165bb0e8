package io.liftoff.embedded.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Operating-system helpers for the child processes of {@link RocketMQProcesses}: POSIX
 * signals with {@code kill}, the stopped state in Linux's {@code /proc}, the tail of an
 * output file, and deleting a directory tree.
 */
final class ChildProcesses {

    private static final int TAIL_LINES = 40;

    private ChildProcesses() {
    }

    /**
     * Sends a signal with the {@code kill} command.
     * @param process the process
     * @param signal the signal's name without {@code SIG}, such as {@code STOP}
     * @throws IllegalStateException when {@code kill} failed or did not finish within 10
     * s
     */
    static void signal(Process process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot run kill -" + signal, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling " + process.pid(), ex);
        }
    }

    /**
     * Waits up to 10 s until Linux reports the process stopped (state {@code T}) or not,
     * since a signal takes effect asynchronously. Returns at once where {@code /proc} is
     * absent.
     * @param process the process
     * @param stopped whether to wait for it stopped or running
     */
    static void awaitStopped(Process process, boolean stopped) {
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(stat) && System.nanoTime() - deadline < 0) {
            try {
                String text = Files.readString(stat, StandardCharsets.ISO_8859_1);
                int end = text.lastIndexOf(')');
                if ((text.charAt(end + 2) == 'T') == stopped) {
                    return;
                }
            }
            catch (IOException | RuntimeException ex) {
                return;
            }
            sleep(5);
        }
    }

    /**
     * Returns the last lines of a file, for error messages.
     * @param file the file
     * @return its last 40 lines, or a note that it is absent or unreadable
     */
    static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        }
        catch (IOException ex) {
            return "(cannot read " + file + ": " + ex + ")";
        }
    }

    /**
     * Deletes a directory and everything in it, as far as it can.
     * @param directory the directory
     */
    static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException | UncheckedIOException ex) {
            // Best effort: the directory is under the temporary directory.
        }
    }

    /**
     * Sleeps between two looks at a process or a route.
     * @param millis how long
     * @throws IllegalStateException when interrupted (the interrupt flag set again)
     */
    static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }

}
