package io.liftoff.testsupport;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leak (a buffer, or another object it tracks,
 * garbage collected without being released) by the time the class is done and the
 * resources it kept in its JUnit store, an embedded RocketMQ say, are closed. The check
 * collects the garbage first, so that what the class leaked shows up; a leak still
 * reachable then (held by a thread that outlives the class) shows up in a later class,
 * and the records in the failure say where it was created and last used.
 * <p>
 * Registered on every test class by JUnit's extension auto-detection (this jar's
 * {@code META-INF/services}, with {@code junit.jupiter.extensions.autodetection.enabled},
 * which the build sets). Needs {@link LeakRecordingDetector} as Netty's detector:
 * {@code -Dio.netty.customResourceLeakDetector=io.liftoff.testsupport.LeakRecordingDetector},
 * and {@code -Dio.netty.leakDetection.level=paranoid} so that every object is tracked.
 * <p>
 * Leaks of objects created in the classes the configuration parameter
 * {@value #IGNORED_CREATORS} lists (comma-separated class name prefixes, matched against
 * the frames of where the object was created) are only logged: leaks of third-party code
 * the tests run, such as the embedded RocketMQ broker.
 */
public final class NettyLeakCheckExtension implements BeforeAllCallback {

    /** The system property that names Netty's leak detector class. */
    static final String DETECTOR_PROPERTY = "io.netty.customResourceLeakDetector";

    /** The configuration parameter that lists where leaks that do not fail come from. */
    static final String IGNORED_CREATORS = "liftoff.leak-check.ignored-creators";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
        .create(NettyLeakCheckExtension.class);

    /**
     * Creates the extension; JUnit instantiates it.
     */
    public NettyLeakCheckExtension() {
    }

    /**
     * Arranges the leak check of a top-level test class, for when its store closes.
     * @param context the class context
     * @throws ExtensionConfigurationException when Netty's detector is not
     * {@link LeakRecordingDetector}: no leak could fail the class
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        boolean topLevel = context.getParent().flatMap(ExtensionContext::getParent).isEmpty();
        if (!topLevel) {
            return;
        }
        if (!LeakRecordingDetector.class.getName().equals(System.getProperty(DETECTOR_PROPERTY))) {
            throw new ExtensionConfigurationException("Netty leaks cannot fail tests: run the test JVM with -D"
                    + DETECTOR_PROPERTY + "=" + LeakRecordingDetector.class.getName());
        }
        // Stored first, so closed last: after the resources the class's other extensions
        // stored.
        List<String> ignoredCreators = context.getConfigurationParameter(IGNORED_CREATORS)
            .map((value) -> Arrays.stream(value.split(","))
                .map(String::strip)
                .filter((name) -> !name.isEmpty())
                .toList())
            .orElse(List.of());
        context.getStore(NAMESPACE)
            .put(LeakCheck.class, new LeakCheck(context.getRequiredTestClass(), ignoredCreators));
    }

    /**
     * Fails with every leak reported by the time it closes, except those of objects
     * created in the ignored classes.
     */
    private record LeakCheck(Class<?> testClass, List<String> ignoredCreators) implements AutoCloseable {

        @Override
        public void close() throws InterruptedException {
            List<ReportedLeak> leaks = NettyLeaks.collect()
                .stream()
                .filter((leak) -> this.ignoredCreators.stream().noneMatch(leak::createdIn))
                .toList();
            if (leaks.isEmpty()) {
                return;
            }
            StringBuilder message = new StringBuilder().append("Netty reported ")
                .append(leaks.size())
                .append((leaks.size() == 1) ? " leak" : " leaks")
                .append(" by the end of test class ")
                .append(this.testClass.getName())
                .append(" (a leak shows when its object is garbage collected, so it may come from an earlier"
                        + " class: its records say where it was created and last used)");
            for (ReportedLeak leak : leaks) {
                message.append("\n\n").append(leak.describe());
            }
            throw new AssertionError(message.toString());
        }

    }

}
