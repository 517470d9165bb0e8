package io.liftoff.autoconfigure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.liftoff.client.SendResult;
import io.liftoff.client.SendStatus;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.embedded.StoredMessages;
import io.liftoff.embedded.junit.WithEmbeddedRocketMQ;
import io.liftoff.spring.MessageTemplate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sync sends through {@link MessageTemplate} from virtual threads, with
 * {@code spring.threads.virtual.enabled=true}, against a real broker: 10,000 virtual
 * threads of the application's task executor each make one sync send; every send succeeds
 * and is stored, the JVM's platform threads stay bounded, and the JDK reports no virtual
 * thread pinned on a carrier ({@code jdk.VirtualThreadPinned}, recorded by JFR with a
 * zero threshold). Needs Java 21+ (the build runs it on Java 25).
 */
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21+; the build runs this on Java 25")
@WithEmbeddedRocketMQ(topics = "virtual-threads:4")
class VirtualThreadSendsIntegrationTests {

    private static final int SENDS = 10_000;

    /** Platform threads the sends may add: the carriers (one per core) and a margin. */
    private static final int PLATFORM_THREADS_ADDED_AT_MOST = 16;

    @Test
    void tenThousandVirtualThreadsSendSyncThroughTheTemplateWithBoundedPlatformThreadsAndNothingPinned(
            EmbeddedRocketMQ rocketmq, @TempDir Path directory) throws Exception {
        Method isVirtual = Thread.class.getMethod("isVirtual");
        List<RecordedEvent> pinned = new ArrayList<>();
        int platformBefore;
        AtomicInteger platformPeak = new AtomicInteger();
        AtomicInteger onVirtualThreads = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        int succeeded = 0;
        long millis;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
            .web(WebApplicationType.NONE)
            .run("--rocketmq.name-server=" + rocketmq.nameServerAddress(), "--rocketmq.producer.group=virtual",
                    "--spring.threads.virtual.enabled=true")) {
            MessageTemplate template = context.getBean(MessageTemplate.class);
            AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
            template.send("virtual-threads", "warm-up");
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            platformBefore = threads.getThreadCount();
            platformPeak.set(platformBefore);
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    // Minus the sampler itself.
                    platformPeak.accumulateAndGet(threads.getThreadCount() - 1, Math::max);
                    sleep(5);
                }
            }, "platform-thread-sampler");
            try (Recording recording = new Recording()) {
                recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
                recording.start();
                sampler.start();
                long start = System.nanoTime();
                List<Future<SendResult>> sends = new ArrayList<>(SENDS);
                for (int i = 0; i < SENDS; i++) {
                    String payload = "virtual-" + i;
                    sends.add(executor.submit(() -> {
                        if ((boolean) isVirtual.invoke(Thread.currentThread())) {
                            onVirtualThreads.incrementAndGet();
                        }
                        return template.send("virtual-threads", payload);
                    }));
                }
                for (Future<SendResult> send : sends) {
                    try {
                        if (send.get(60, TimeUnit.SECONDS).status() == SendStatus.SEND_OK) {
                            succeeded++;
                        }
                    }
                    catch (Exception ex) {
                        failures.add(ex.toString());
                    }
                }
                millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                sampling.set(false);
                sampler.join();
                recording.stop();
                Path file = directory.resolve("pinned.jfr");
                recording.dump(file);
                if (Files.exists(file)) {
                    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                        if (event.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
                            pinned.add(event);
                        }
                    }
                }
            }
        }
        System.out.printf(
                "Virtual threads (Java %s): %d sync sends through MessageTemplate in %d ms, %d on virtual threads, "
                        + "%d succeeded, %d failed; platform threads %d before, %d at the peak; "
                        + "jdk.VirtualThreadPinned events: %d%n",
                Runtime.version().feature(), SENDS, millis, onVirtualThreads.get(), succeeded, failures.size(),
                platformBefore, platformPeak.get(), pinned.size());
        pinned.stream().limit(3).forEach((event) -> System.out.println("  pinned: " + describe(event)));

        assertThat(failures).isEmpty();
        assertThat(succeeded).isEqualTo(SENDS);
        assertThat(onVirtualThreads.get()).as("each send ran on a virtual thread").isEqualTo(SENDS);
        assertThat(platformPeak.get()).as("platform threads at the peak")
            .isLessThanOrEqualTo(platformBefore + PLATFORM_THREADS_ADDED_AT_MOST);
        assertThat(pinned).as("virtual threads pinned on their carrier").isEmpty();
        assertThat(
                StoredMessages.read(rocketmq.nameServerAddress(), "virtual-threads", SENDS + 1, Duration.ofSeconds(60)))
            .hasSize(SENDS + 1);
    }

    private static String describe(RecordedEvent event) {
        StringBuilder text = new StringBuilder(event.getDuration().toString());
        if (event.getStackTrace() != null) {
            for (RecordedFrame frame : event.getStackTrace()
                .getFrames()
                .subList(0, Math.min(8, event.getStackTrace().getFrames().size()))) {
                text.append(" <- ")
                    .append(frame.getMethod().getType().getName())
                    .append('.')
                    .append(frame.getMethod().getName());
            }
        }
        return text.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

    }

}
