package io.liftoff.client.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.liftoff.client.HalfMessage;
import io.liftoff.client.LocalTransactionState;
import io.liftoff.client.Message;
import io.liftoff.client.TransactionListener;
import org.jspecify.annotations.Nullable;

/**
 * A transaction listener that runs and answers as a test tells it, recording the
 * arguments it was given, the checks it answered and the threads they ran on.
 */
public class ScriptedTransactionListener implements TransactionListener {

    /** What the local transaction returns. */
    public final LocalTransactionState execute;

    /** What a check returns. */
    public volatile LocalTransactionState check;

    /** Thrown by the local transaction when set. */
    public volatile @Nullable RuntimeException fail;

    /** Thrown by a check when set. */
    public volatile @Nullable RuntimeException checkFailure;

    /** The arguments of each local transaction. */
    public final List<@Nullable Object> args = new CopyOnWriteArrayList<>();

    /** The half messages checked. */
    public final List<HalfMessage> checked = new CopyOnWriteArrayList<>();

    /** The threads the checks ran on. */
    public final List<String> checkThreads = new CopyOnWriteArrayList<>();

    /** Opened by the first check. */
    public final CountDownLatch firstCheck = new CountDownLatch(1);

    /**
     * A listener whose checks answer UNKNOWN.
     * @param execute what the local transaction returns
     */
    public ScriptedTransactionListener(LocalTransactionState execute) {
        this(execute, LocalTransactionState.UNKNOWN);
    }

    /**
     * A listener.
     * @param execute what the local transaction returns
     * @param check what a check returns
     */
    public ScriptedTransactionListener(LocalTransactionState execute, LocalTransactionState check) {
        this.execute = execute;
        this.check = check;
    }

    @Override
    public LocalTransactionState executeLocalTransaction(Message message, @Nullable Object arg) {
        this.args.add(arg);
        RuntimeException failure = this.fail;
        if (failure != null) {
            throw failure;
        }
        return this.execute;
    }

    @Override
    public LocalTransactionState checkLocalTransaction(HalfMessage message) {
        this.checked.add(message);
        this.checkThreads.add(Thread.currentThread().getName());
        this.firstCheck.countDown();
        RuntimeException failure = this.checkFailure;
        if (failure != null) {
            throw failure;
        }
        return this.check;
    }

}
