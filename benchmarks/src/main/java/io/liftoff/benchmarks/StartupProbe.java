package io.liftoff.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.liftoff.client.CompressionCodec;
import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.client.SendStatus;
import io.liftoff.client.TransportOptions.HeaderFormat;
import io.liftoff.embedded.internal.RocketMQSystemProperties;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/**
 * Measures one cold start in a fresh JVM: from building the producer to the first
 * acknowledged send, class loading included, as an application starting up sees it (its
 * own SLF4J logging already initialized). {@link #measure} runs it in child JVMs with
 * identical flags, alternating the clients.
 */
public final class StartupProbe {

    private static final String RESULT_PREFIX = "STARTUP_NANOS=";

    /** The child JVMs' flags, the same for both clients. */
    static final List<String> JVM_FLAGS = List.of("-Xms256m", "-Xmx256m", "-XX:+UseG1GC");

    private StartupProbe() {
    }

    /**
     * Child JVM entry point.
     * @param args {@code liftoff|official nameServer topic headerFormat remotingVersion}
     * @throws Exception when the start or the send fails
     */
    public static void main(String[] args) throws Exception {
        String client = args[0];
        String nameServer = args[1];
        String topic = args[2];
        HeaderFormat header = HeaderFormat.valueOf(args[3]);
        // What the parent JVM has because of its embedded brokers; set as plain strings
        // so that no RocketMQ class
        // is loaded before the clock starts.
        System.setProperty(RocketMQSystemProperties.REMOTING_VERSION_KEY, args[4]);
        System.setProperty(RocketMQSystemProperties.LOGBACK_CONFIGURATION_FILE_KEY,
                RocketMQSystemProperties.LOGBACK_CONFIGURATION_RESOURCE);
        // An application has its logging set up before it builds a producer: initialize
        // the SLF4J binding first, so
        // that its start-up (logback reading its configuration) is not billed to Liftoff,
        // which logs through SLF4J.
        // The official client's own shaded logging starts inside the measurement: it is
        // that client's cost.
        org.slf4j.LoggerFactory.getLogger(StartupProbe.class).debug("Application logging ready");
        byte[] body = Payloads.body(128, 1);
        String group = "startup-" + client + "-" + ProcessHandle.current().pid();
        long start = System.nanoTime();
        if (client.equals("liftoff")) {
            try (Producer producer = LiftoffBenchClient.producer(nameServer, group, header, CompressionCodec.ZLIB,
                    false)) {
                producer.start();
                SendStatus status = producer
                    .send(Message.builder(topic).tag(Payloads.TAG).keys("startup").body(body).build())
                    .status();
                long elapsed = System.nanoTime() - start;
                report(elapsed, status == SendStatus.SEND_OK);
                producer.close(java.time.Duration.ZERO);
            }
        }
        else {
            DefaultMQProducer producer = OfficialBenchClient.producer(nameServer, group, CompressionCodec.ZLIB, false);
            producer.start();
            org.apache.rocketmq.client.producer.SendStatus status = producer
                .send(new org.apache.rocketmq.common.message.Message(topic, Payloads.TAG, "startup", body))
                .getSendStatus();
            long elapsed = System.nanoTime() - start;
            report(elapsed, status == org.apache.rocketmq.client.producer.SendStatus.SEND_OK);
            producer.shutdown();
        }
        System.exit(0);
    }

    private static void report(long nanos, boolean ok) {
        if (!ok) {
            System.out.println("STARTUP_FAILED: first send not SEND_OK");
            System.exit(2);
        }
        System.out.println(RESULT_PREFIX + nanos);
        System.out.flush();
    }

    /**
     * Runs cold starts in child JVMs, alternating liftoff and official.
     * @param runs starts per client
     * @param nameServer the NameServer
     * @param topic the topic
     * @param header Liftoff's header format
     * @param remotingVersion the value of {@code rocketmq.remoting.version} in this JVM
     * @return milliseconds per start: index 0 Liftoff's, 1 the official client's
     * @throws Exception when a child fails
     */
    static List<List<Double>> measure(int runs, String nameServer, String topic, HeaderFormat header,
            String remotingVersion) throws Exception {
        List<List<Double>> millis = List.of(new ArrayList<>(), new ArrayList<>());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        for (int run = 0; run < runs; run++) {
            String[] order = (run % 2 == 0) ? new String[] { "liftoff", "official" }
                    : new String[] { "official", "liftoff" };
            for (String client : order) {
                List<String> command = new ArrayList<>();
                command.add(java);
                command.addAll(JVM_FLAGS);
                command.addAll(List.of("-cp", classpath, StartupProbe.class.getName(), client, nameServer, topic,
                        header.name(), remotingVersion));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                Double result = null;
                StringBuilder output = new StringBuilder();
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.startsWith(RESULT_PREFIX)) {
                            result = Long.parseLong(line.substring(RESULT_PREFIX.length())) / 1e6;
                        }
                        else if (output.length() < 4000) {
                            output.append(line).append('\n');
                        }
                    }
                }
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                if (result == null) {
                    throw new IllegalStateException(
                            "Startup probe of " + client + " failed (exit " + process.exitValue() + "):\n" + output);
                }
                millis.get(client.equals("liftoff") ? 0 : 1).add(result);
            }
        }
        return millis;
    }

}
