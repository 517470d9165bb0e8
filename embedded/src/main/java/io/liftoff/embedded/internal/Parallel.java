package io.liftoff.embedded.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Runs a few blocking start or stop steps at once, on short-lived daemon threads named
 * {@code liftoff-embedded-<action>-<task>}.
 */
public final class Parallel {

    private Parallel() {
    }

    /**
     * Runs the tasks at once (inline if there is only one), waits for all of them and
     * returns their results in the tasks' iteration order.
     * @param <T> the result type
     * @param action names the threads, for example {@code stop}
     * @param tasks task name to task, for example {@code broker-a} to its stop
     * @return the results
     * @throws Exception the first task's failure, with later failures suppressed, once
     * all tasks ended
     */
    public static <T extends @Nullable Object> List<T> call(String action, Map<String, Callable<T>> tasks)
            throws Exception {
        List<T> results = new ArrayList<>(tasks.size());
        if (tasks.isEmpty()) {
            return results;
        }
        if (tasks.size() == 1) {
            results.add(tasks.values().iterator().next().call());
            return results;
        }
        List<String> names = List.copyOf(tasks.keySet());
        AtomicInteger created = new AtomicInteger();
        ThreadFactory threads = (runnable) -> {
            String name = names.get(created.getAndIncrement() % names.size());
            Thread thread = new Thread(runnable, "liftoff-embedded-" + action + "-" + name);
            thread.setDaemon(true);
            return thread;
        };
        ExecutorService executor = Executors.newFixedThreadPool(tasks.size(), threads);
        try {
            List<Future<T>> futures = new ArrayList<>(tasks.size());
            for (Callable<T> task : tasks.values()) {
                futures.add(executor.submit(task));
            }
            Exception failure = null;
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                }
                catch (ExecutionException ex) {
                    Exception cause = (ex.getCause() instanceof Exception) ? (Exception) ex.getCause() : ex;
                    if (failure == null) {
                        failure = cause;
                    }
                    else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        }
        finally {
            executor.shutdown();
        }
    }

    /**
     * Runs the steps at once and waits for all of them; see {@link #call(String, Map)}.
     * @param action names the threads
     * @param steps step name to step
     * @throws Exception the first step's failure, once all steps ended
     */
    public static void run(String action, Map<String, Step> steps) throws Exception {
        Map<String, Callable<@Nullable Void>> tasks = new LinkedHashMap<>();
        for (Map.Entry<String, Step> step : steps.entrySet()) {
            tasks.put(step.getKey(), () -> {
                step.getValue().run();
                return null;
            });
        }
        call(action, tasks);
    }

    /** A step that may throw. */
    @FunctionalInterface
    public interface Step {

        /**
         * Runs the step.
         * @throws Exception if it fails
         */
        void run() throws Exception;

    }

}
