package io.liftoff.spring;

import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks that no Liftoff thread (a name starting with {@code liftoff-}) is left running.
 * As a JUnit extension declared before {@code @SpringBootTest} (whose context
 * {@code @DirtiesContext} closes after the class), its {@link #afterAll} runs after the
 * context closed.
 */
public final class LiftoffThreads implements AfterAllCallback {

    private static final String PREFIX = "liftoff-";

    /**
     * Waits up to 10 s for every thread whose name starts with {@code prefix} to end.
     * @param prefix for example {@code liftoff-}
     * @return the threads still alive after the wait, empty when none
     * @throws InterruptedException when interrupted while waiting
     */
    public static List<String> awaitNoneLeft(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> alive = alive(prefix);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            alive = alive(prefix);
        }
        return alive;
    }

    /**
     * Lists live threads by name prefix.
     * @param prefix the prefix
     * @return the names of the live threads whose name starts with it
     */
    public static List<String> alive(String prefix) {
        return Thread.getAllStackTraces()
            .keySet()
            .stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter((name) -> name.startsWith(prefix))
            .sorted()
            .toList();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<String> left = awaitNoneLeft(PREFIX);
        if (!left.isEmpty()) {
            throw new AssertionError("Liftoff threads still running after the context closed: " + left);
        }
    }

}
