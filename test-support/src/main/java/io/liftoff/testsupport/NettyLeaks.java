package io.liftoff.testsupport;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The leak detectors of this JVM and the leaks they reported. JVM-wide because Netty's
 * detectors are: each lives in a static field of the class that tracks its type
 * ({@code AbstractByteBuf} for buffers).
 */
final class NettyLeaks {

    /**
     * The longest wait for the JVM to hand the references a garbage collection cleared to
     * their queues.
     */
    private static final Duration REFERENCE_PROCESSING = Duration.ofSeconds(1);

    private static final List<LeakRecordingDetector<?>> detectors = new CopyOnWriteArrayList<>();

    private static final Queue<ReportedLeak> reported = new ConcurrentLinkedQueue<>();

    private NettyLeaks() {
    }

    static void register(LeakRecordingDetector<?> detector) {
        detectors.add(detector);
    }

    static void report(ReportedLeak leak) {
        reported.add(leak);
    }

    /**
     * Collects the garbage, has every detector report the tracked objects collected
     * without being released, and hands over the leaks reported since the last call.
     * @return the leaks, oldest first
     * @throws InterruptedException when interrupted while waiting for the collection
     */
    static List<ReportedLeak> collect() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        System.gc();
        // The Reference Handler thread hands the references this collection cleared to
        // their queues in one batch, the sentinel's and the detectors', in no set order:
        // once the sentinel is in its queue, a few milliseconds let it finish the batch.
        queue.remove(REFERENCE_PROCESSING.toMillis());
        Reference.reachabilityFence(sentinel);
        Thread.sleep(5);
        for (LeakRecordingDetector<?> detector : detectors) {
            detector.reportCollected();
        }
        List<ReportedLeak> leaks = new ArrayList<>();
        for (ReportedLeak leak = reported.poll(); leak != null; leak = reported.poll()) {
            leaks.add(leak);
        }
        return leaks;
    }

}
