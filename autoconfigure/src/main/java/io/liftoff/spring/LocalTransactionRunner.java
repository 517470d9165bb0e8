package io.liftoff.spring;

/**
 * Runs the local transaction of
 * {@link MessageOperations#sendInTransaction(String, Object, Runnable)}: as it is by
 * default, or inside the application's database transaction when the auto-configuration
 * finds one {@code PlatformTransactionManager} (see
 * {@code io.liftoff.autoconfigure.transaction}). It returns when the work is committed,
 * and throws when it was rolled back.
 */
@FunctionalInterface
public interface LocalTransactionRunner {

    /** Runs the work as it is, in no transaction of its own. */
    LocalTransactionRunner DIRECT = Runnable::run;

    /**
     * Runs the work.
     * @param work the local transaction
     * @throws RuntimeException what the work threw, or why its transaction was rolled
     * back
     */
    void run(Runnable work);

}
