package io.liftoff.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where some threads' CPU time and allocation go, from a JFR recording of the load tool:
 * CPU samples ({@code jdk.ExecutionSample}) and allocation samples
 * ({@code jdk.ObjectAllocationSample}, weighted by bytes) of the threads whose names
 * start with the given prefixes, aggregated by activity (the first matching frame from
 * the top of the stack: compression, header decoding, socket write...), by top frame
 * (self), by Liftoff method anywhere on the stack (inclusive), and, for allocation, by
 * class and by allocating site; plus where the threads were in native code
 * ({@code jdk.NativeMethodSample}: system calls, and also idle waits).
 *
 * <pre>
 * mvn -pl benchmarks exec:exec -Dbench.jvmArgs="-Xms2g -Xmx2g -XX:+UseG1GC -XX:StartFlightRecording=filename=target/benchmark.jfr,settings=profile"
 * mvn -pl benchmarks exec:exec@jfr-summary -Djfr.threads=liftoff-,bench-liftoff-
 * </pre>
 */
public final class JfrSummary {

    private static final int TOP = 25;

    private JfrSummary() {
    }

    /**
     * Prints the summary.
     * @param args the recording, then comma-separated thread-name prefixes
     * @throws IOException when the recording cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("Usage: JfrSummary <recording.jfr> <thread-name-prefix,...>");
            System.exit(2);
        }
        List<String> prefixes = List.of(args[1].split(","));
        Map<String, Long> activityCpu = new HashMap<>();
        Map<String, Long> activityAlloc = new HashMap<>();
        Map<String, Long> nativeTop = new HashMap<>();
        long nativeSamples = 0;
        Map<String, Long> selfCpu = new HashMap<>();
        Map<String, Long> inclusiveCpu = new HashMap<>();
        Map<String, Long> cpuByThread = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        Map<String, Long> allocInclusive = new HashMap<>();
        long cpuSamples = 0;
        long allocBytes = 0;
        try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                boolean cpu = type.equals("jdk.ExecutionSample");
                boolean alloc = type.equals("jdk.ObjectAllocationSample");
                boolean nativeSample = type.equals("jdk.NativeMethodSample");
                if (!cpu && !alloc && !nativeSample) {
                    continue;
                }
                RecordedThread thread = event.getThread(alloc ? "eventThread" : "sampledThread");
                String name = (thread != null) ? thread.getJavaName() : null;
                if (name == null || prefixes.stream().noneMatch(name::startsWith)) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                if (nativeSample) {
                    nativeSamples++;
                    nativeTop.merge(method(frames.get(0)) + "  <- " + activity(frames), 1L, Long::sum);
                }
                else if (cpu) {
                    cpuSamples++;
                    activityCpu.merge(activity(frames), 1L, Long::sum);
                    cpuByThread.merge(name.replaceAll("\\d+", "N"), 1L, Long::sum);
                    selfCpu.merge(frame(frames.get(0)), 1L, Long::sum);
                    for (String method : liftoffMethods(frames)) {
                        inclusiveCpu.merge(method, 1L, Long::sum);
                    }
                }
                else {
                    long weight = event.getLong("weight");
                    allocBytes += weight;
                    allocByClass.merge(event.getClass("objectClass").getName(), weight, Long::sum);
                    allocBySite.merge(site(frames), weight, Long::sum);
                    activityAlloc.merge(activity(frames), weight, Long::sum);
                    for (String method : liftoffMethods(frames)) {
                        allocInclusive.merge(method, weight, Long::sum);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "Threads %s: %d CPU samples, %.1f MB allocation sampled (weights)%n%n", prefixes,
                cpuSamples, allocBytes / 1e6);
        print("CPU samples by thread", cpuByThread, cpuSamples, "%");
        print("CPU by activity (first known frame from the top of the stack)", activityCpu, cpuSamples, "%");
        print("CPU, self (top frame)", selfCpu, cpuSamples, "%");
        print("CPU, inclusive (Liftoff method anywhere on the stack)", inclusiveCpu, cpuSamples, "%");
        print("In native code (" + nativeSamples + " samples; includes idle waits such as epoll and park)", nativeTop,
                nativeSamples, "%");
        print("Allocation by activity", activityAlloc, allocBytes, "%");
        print("Allocation by class", allocByClass, allocBytes, "%");
        print("Allocation by site (first frame outside the JDK and Netty's buffer internals, with its callee)",
                allocBySite, allocBytes, "%");
        print("Allocation, inclusive (Liftoff method anywhere on the stack)", allocInclusive, allocBytes, "%");
    }

    private static void print(String title, Map<String, Long> counts, long total, String unit) {
        System.out.println(title);
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> entry : sorted.subList(0, Math.min(TOP, sorted.size()))) {
            System.out.printf(Locale.ROOT, "  %5.1f%s  %s%n", 100.0 * entry.getValue() / Math.max(1, total), unit,
                    entry.getKey());
        }
        System.out.println();
    }

    private static String frame(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method.getType().getName() + "." + method.getName() + ":" + frame.getLineNumber();
    }

    private static String method(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method.getType().getName() + "." + method.getName();
    }

    private static Set<String> liftoffMethods(List<RecordedFrame> frames) {
        Set<String> methods = new HashSet<>();
        for (RecordedFrame frame : frames) {
            String method = method(frame);
            if (method.startsWith("io.liftoff.client.")) {
                methods.add(method);
            }
        }
        return methods;
    }

    /**
     * Activities by a frame's class and method prefix, checked from the top of the stack
     * down.
     */
    private static final String[][] ACTIVITIES = { { "java.util.zip.Deflater", "compress (zlib)" },
            { "io.liftoff.client.internal.remoting.JsonHeaderCodec.decode", "decode response header (JSON)" },
            { "io.liftoff.client.internal.remoting.JsonHeaderCodec.extFields", "decode response header (JSON)" },
            { "io.liftoff.client.internal.remoting.BinaryHeaderCodec.decode", "decode response header (binary)" },
            { "io.liftoff.client.internal.remoting.JsonHeaderCodec.encode", "encode request header (JSON)" },
            { "io.liftoff.client.internal.remoting.BinaryHeaderCodec.encode", "encode request header (binary)" },
            { "io.liftoff.client.internal.remoting.FrameCodec.encode", "encode frame (body copy)" },
            { "io.liftoff.client.internal.message.UniqueIdGenerator", "message id" },
            { "io.liftoff.client.internal.message.BodyCompression", "compress (zlib)" },
            { "io.liftoff.client.internal.message.MessageEncoder.compress", "compress (zlib)" },
            { "io.liftoff.client.internal.message.BatchRecords", "encode message (properties)" },
            { "io.liftoff.client.internal.message.Utf8", "encode message (properties)" },
            { "io.liftoff.client.internal.message.MessageEncoder", "encode message (properties)" },
            { "io.liftoff.client.internal.message.MessageValidator", "validate message" },
            { "io.liftoff.client.internal.send.SendRequests.request", "build request header fields" },
            { "io.liftoff.client.internal.send.SendRequests.result", "read send result" },
            { "io.liftoff.client.internal.fault", "queue choice and fault table" },
            { "io.liftoff.client.internal.route", "route lookup" },
            { "io.liftoff.client.Message", "build Message (application)" },
            { "sun.nio.ch.SocketDispatcher.write", "socket write" }, { "sun.nio.ch.IOUtil.write", "socket write" },
            { "sun.nio.ch.SocketDispatcher.read", "socket read" }, { "sun.nio.ch.IOUtil.read", "socket read" },
            { "sun.nio.ch.EPoll", "select (epoll)" }, { "sun.nio.ch.SelectorImpl", "select (epoll)" },
            { "sun.nio.ch.EventFD", "wake up event loop" },
            { "io.netty.util.concurrent.ScheduledFutureTask", "per-request timer" },
            { "io.netty.util.concurrent.AbstractScheduledEventExecutor", "per-request timer" },
            { "io.netty.util.concurrent.DefaultPromise.cancel", "per-request timer" },
            { "java.util.concurrent.locks.LockSupport", "park/unpark threads" },
            { "java.util.concurrent.CompletableFuture", "futures and callbacks" },
            { "io.netty.handler.codec.ByteToMessageDecoder", "Netty read pipeline" },
            { "io.netty.handler.codec.MessageToByteEncoder", "Netty write pipeline" },
            { "io.netty.channel.AbstractChannelHandlerContext.write", "Netty write pipeline" },
            { "io.netty.channel.ChannelOutboundBuffer", "Netty write pipeline" },
            { "io.netty.buffer", "Netty buffers" },
            { "io.liftoff.client.internal.remoting.Connection", "connection bookkeeping" },
            { "io.liftoff.client.internal.remoting.InFlightRequests", "connection bookkeeping" },
            { "io.liftoff.client.internal.send", "send operation" }, { "io.liftoff.benchmarks", "load tool" },
            { "io.netty", "Netty" } };

    /**
     * The activity of a stack: the first frame from the top that names a Liftoff codec,
     * encoder or policy step (or a system call) wins; failing that, the first frame that
     * matches a generic entry (Netty, futures, the send operation), so that buffer and
     * future helpers count for the step that called them.
     */
    private static String activity(List<RecordedFrame> frames) {
        String generic = null;
        for (RecordedFrame frame : frames) {
            String method = method(frame);
            for (String[] activity : ACTIVITIES) {
                if (!method.startsWith(activity[0])) {
                    continue;
                }
                boolean specific = activity[0].startsWith("java.util.zip") || activity[0].startsWith("sun.nio.ch")
                        || activity[0].contains("Codec") || activity[0].contains(".message.")
                        || activity[0].contains("SendRequests") || activity[0].contains(".fault")
                        || activity[0].contains(".route") || activity[0].equals("io.liftoff.client.Message");
                if (specific) {
                    return activity[1];
                }
                if (generic == null) {
                    if (activity[0].equals("io.netty")) {
                        String type = frame.getMethod().getType().getName();
                        generic = "Netty: " + type.substring(type.lastIndexOf('.') + 1) + "."
                                + frame.getMethod().getName();
                    }
                    else {
                        generic = activity[1];
                    }
                }
                break;
            }
        }
        return (generic != null) ? generic : "other: " + method(frames.get(0));
    }

    /**
     * The first frame that is not JDK or Netty buffer code, and the frame it called:
     * where the allocation is.
     */
    private static String site(List<RecordedFrame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            String type = frames.get(i).getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")
                    && !type.startsWith("io.netty.buffer.") && !type.startsWith("io.netty.util.internal.")) {
                String callee = (i > 0) ? " -> " + method(frames.get(i - 1)) : "";
                return frame(frames.get(i)) + callee;
            }
        }
        return frame(frames.get(0));
    }

}
