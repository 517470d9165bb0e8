package io.liftoff.embedded.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The main class of every child JVM that
 * {@link io.liftoff.embedded.process.RocketMQProcesses} starts: it makes the child halt
 * when its parent dies, then runs the real main class (its first argument) with the
 * remaining arguments.
 *
 * <p>
 * Two watchers, either one enough: standard input reaching its end (the parent holds the
 * pipe's other end, which the operating system closes when the parent dies, even by
 * {@code SIGKILL}), and a poll of the parent's process every {@value #PARENT_POLL_MILLIS}
 * ms. A stopped child ({@code SIGSTOP}) watches nothing until it is continued. Uses
 * nothing but the JDK, since it runs on the class path of any RocketMQ version.
 */
public final class ChildMain {

    /** The exit status of a child whose parent died. */
    public static final int PARENT_DIED_STATUS = 134;

    private static final long PARENT_POLL_MILLIS = 500;

    private ChildMain() {
    }

    /**
     * Starts the watchers and runs the real main class.
     * @param args the real main class, then its arguments
     * @throws Exception whatever the real main throws
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("Usage: ChildMain <main class> [arguments...]");
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        daemon("liftoff-parent-stdin-watch", () -> watchStandardInput(System.in));
        parent.ifPresent((handle) -> daemon("liftoff-parent-poll", () -> pollParent(handle)));
        Class<?> target = Class.forName(args[0]);
        Method main = target.getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void watchStandardInput(InputStream in) {
        byte[] buffer = new byte[64];
        try {
            while (in.read(buffer) != -1) {
                // The parent writes nothing; anything read is ignored.
            }
        }
        catch (IOException ex) {
            // A broken pipe means the same as its end.
        }
        Runtime.getRuntime().halt(PARENT_DIED_STATUS);
    }

    private static void pollParent(ProcessHandle parent) {
        try {
            while (parent.isAlive()) {
                TimeUnit.MILLISECONDS.sleep(PARENT_POLL_MILLIS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        }
        Runtime.getRuntime().halt(PARENT_DIED_STATUS);
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

}
