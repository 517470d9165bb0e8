package io.liftoff.testsupport;

import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs small test classes that leak, or do not, through JUnit with the extension
 * auto-detected as the build does, and reads how each class ended.
 */
class NettyLeakCheckExtensionTests {

    /** Set only by these tests, so that the classes below run only when they run them. */
    private static final String SELF_TEST = "liftoff.leak-check.self-test";

    @Test
    void theBuildTracksEveryBufferWithTheRecordingDetector() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        assertThat(System.getProperty(NettyLeakCheckExtension.DETECTOR_PROPERTY))
            .isEqualTo(LeakRecordingDetector.class.getName());
    }

    @Test
    void aClassThatLeaksABufferFailsWithTheLeakAndWhereTheBufferWasCreated() {
        TestExecutionResult result = run(LeaksABuffer.class);

        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable()).get()
            .isInstanceOf(AssertionError.class)
            .extracting(Throwable::getMessage)
            .asString()
            .contains("Netty reported 1 leak by the end of test class " + LeaksABuffer.class.getName())
            .contains("LEAK: ByteBuf.release() was not called")
            .contains(LeaksABuffer.class.getName() + ".dropsABufferWithoutReleasingIt");
    }

    @Test
    void aLeakOfABufferCreatedInAnIgnoredClassDoesNotFailTheClass() {
        TestExecutionResult result = run(LeaksABuffer.class, LeaksABuffer.class.getName() + ".");

        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    @Test
    void aClassThatReleasesItsBuffersPasses() {
        TestExecutionResult result = run(ReleasesItsBuffers.class);

        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    @Test
    void aBufferLeakedWhileTheResourcesOfTheClassCloseFailsTheClass() {
        TestExecutionResult result = run(LeaksWhileItsResourcesClose.class);

        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable()).get()
            .extracting(Throwable::getMessage)
            .asString()
            .contains(NettyLeakCheckExtensionTests.class.getName() + ".leak(");
    }

    private static TestExecutionResult run(Class<?> testClass) {
        return run(testClass, "");
    }

    private static TestExecutionResult run(Class<?> testClass, String ignoredCreators) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(testClass))
            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
            .configurationParameter(NettyLeakCheckExtension.IGNORED_CREATORS, ignoredCreators)
            .configurationParameter(SELF_TEST, "true")
            .build();
        AtomicReference<TestExecutionResult> classResult = new AtomicReference<>();
        TestExecutionListener listener = new TestExecutionListener() {

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                boolean isTheClass = test.getSource()
                    .filter((source) -> source instanceof ClassSource classSource
                            && classSource.getClassName().equals(testClass.getName()))
                    .isPresent();
                if (isTheClass) {
                    classResult.set(result);
                }
            }

        };
        LauncherFactory.create().execute(request, listener);
        assertThat(classResult.get()).as("result of " + testClass.getSimpleName()).isNotNull();
        return classResult.get();
    }

    private static ByteBuf leak() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        buffer.writeLong(42);
        return buffer;
    }

    /**
     * Runs the classes below only when the tests above run them.
     */
    static final class OnlyInSelfTest implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(SELF_TEST).isPresent()
                    ? ConditionEvaluationResult.enabled("run by NettyLeakCheckExtensionTests")
                    : ConditionEvaluationResult.disabled("run by NettyLeakCheckExtensionTests only");
        }

    }

    @ExtendWith(OnlyInSelfTest.class)
    static class LeaksABuffer {

        @Test
        void dropsABufferWithoutReleasingIt() {
            ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16);
            buffer.writeLong(42);
        }

    }

    @ExtendWith(OnlyInSelfTest.class)
    static class ReleasesItsBuffers {

        @Test
        void releasesEveryBuffer() {
            ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16);
            buffer.writeLong(42);
            buffer.release();
        }

    }

    @ExtendWith(OnlyInSelfTest.class)
    static class LeaksWhileItsResourcesClose {

        @RegisterExtension
        static final BeforeAllCallback leakingResource = (context) -> context
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .put("leaking resource", (AutoCloseable) NettyLeakCheckExtensionTests::leak);

        @Test
        void doesNothing() {
        }

    }

}
