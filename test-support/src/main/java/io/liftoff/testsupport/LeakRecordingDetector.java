package io.liftoff.testsupport;

import java.lang.ref.Reference;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;

/**
 * A Netty leak detector that remembers every leak it reports, for
 * {@link NettyLeakCheckExtension} to fail the test class it shows up in. Netty creates
 * one per tracked type (buffers, timers, ...) when the JVM runs with
 * {@code -Dio.netty.customResourceLeakDetector=io.liftoff.testsupport.LeakRecordingDetector}
 * (the build's test {@code argLine}). Leaks are still logged as Netty logs them, and are
 * reported even when its logger is off.
 *
 * @param <T> the tracked type
 */
public final class LeakRecordingDetector<T> extends ResourceLeakDetector<T> {

    /**
     * Creates the detector of a type; Netty calls it.
     * @param resourceType the tracked type
     * @param samplingInterval one object tracked in that many (all at level
     * {@code PARANOID})
     */
    public LeakRecordingDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        NettyLeaks.register(this);
    }

    /**
     * Creates the detector of a type; Netty calls it from its deprecated factory method.
     * @param resourceType the tracked type
     * @param samplingInterval one object tracked in that many
     * @param maxActive ignored, as Netty ignores it
     */
    public LeakRecordingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        NettyLeaks.report(new ReportedLeak(resourceType, records));
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        NettyLeaks.report(new ReportedLeak(resourceType, ""));
        super.reportUntracedLeak(resourceType);
    }

    /**
     * Reports the tracked objects already garbage collected without being released. Netty
     * looks for them only when it starts tracking another object: this tracks (and
     * releases) a probe.
     */
    @SuppressWarnings("unchecked")
    void reportCollected() {
        Object probe = new Object();
        ResourceLeakTracker<T> tracker = trackForcibly((T) probe);
        tracker.close((T) probe);
        Reference.reachabilityFence(probe);
    }

}
