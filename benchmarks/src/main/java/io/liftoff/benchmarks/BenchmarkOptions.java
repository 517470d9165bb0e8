package io.liftoff.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.liftoff.client.CompressionCodec;
import io.liftoff.client.SendOptions;
import io.liftoff.client.TransportOptions.HeaderFormat;

/**
 * The load tool's command line.
 *
 * @param nameServer an external NameServer, or {@code null} to start the embedded
 * RocketMQ
 * @param brokers embedded brokers
 * @param queuesPerBroker write queues of the topic on each broker
 * @param topic the topic both clients send to
 * @param warmupRounds rounds run first and not counted
 * @param rounds measured rounds
 * @param modes the send modes
 * @param sizes the body sizes
 * @param scale multiplies every message count
 * @param startupRuns cold-start measurements per client (each in a fresh JVM)
 * @param liftoffHeader the header format Liftoff sends
 * @param output where the JSON results go
 * @param clients the clients to run, in order (one alone: to profile it)
 * @param codec the compression codec of both clients
 * @param trace whether both clients write message trace records
 * @param acl whether the brokers have authentication on and both clients sign their
 * requests (Liftoff with its credentials, the official client with
 * {@code AclClientRPCHook})
 * @param messages how each send builds its message
 * @param count messages per client per round in every scenario, or 0 for each mode's
 * default times {@code scale}
 * @param brokersAs where the tool starts the brokers when no {@code nameServer} is given
 * @param brokerWarmupSeconds how long raw batch frames warm the brokers before the first
 * round (0: not at all)
 * @param serverJvmOptions more options for the NameServer's and brokers' JVMs when they
 * run as child JVMs (a profiler agent, GC flags)
 */
record BenchmarkOptions(String nameServer, int brokers, int queuesPerBroker, String topic, int warmupRounds, int rounds,
        List<Scenario.Mode> modes, List<Integer> sizes, double scale, int startupRuns, HeaderFormat liftoffHeader,
        Path output, List<String> clients, CompressionCodec codec, boolean trace, boolean acl, MessageShape messages,
        int count, BenchBrokers.Where brokersAs, int brokerWarmupSeconds, List<String> serverJvmOptions) {

    /** The brokers' warm-up when the tool starts them as child JVMs, in seconds. */
    static final int DEFAULT_BROKER_WARMUP_SECONDS = 60;

    /** The clients {@code --clients} knows. */
    static final List<String> CLIENTS = List.of(Report.LIFTOFF, OfficialBenchClient.NAME,
            OfficialBenchClient.AUTO_BATCH_NAME, RawBatchClient.NAME);

    /** The clients run by default. */
    static final List<String> DEFAULT_CLIENTS = CLIENTS.subList(0, 3);

    static final String USAGE = """
            Usage: ProducerBenchmark [options]
              Liftoff's Producer against the official DefaultMQProducer %s (defaults, and with autoBatch on),
              the run order rotating per scenario and round (A B C, B C A, ...), in one JVM, on an embedded
              RocketMQ %s (1 NameServer + brokers) unless --brokers-as processes or --name-server is given.
              --quick                 1 warm-up + 2 measured rounds at a quarter of the counts (about 2 minutes)
              --rounds N              measured rounds (default 5)
              --warmup-rounds N       rounds run first and not counted (default 1)
              --scale F               multiply every message count (default 1; --quick sets 0.25)
              --count N               messages per client per round in every scenario (overrides the
                                      modes' counts and --scale), e.g. 100000 or 500000
              --modes LIST            sync-1,sync-8,async-1024,oneway (default all)
              --sizes LIST            body sizes in bytes (default 128,1024,16384)
              --brokers N             brokers the tool starts (default 2)
              --brokers-as W          embedded (default): NameServer and brokers in this JVM; processes: a
                                      NameServer and each broker in a child JVM (RocketMQProcesses, its
                                      JVM options), so that the process CPU per message is the clients' own
              --broker-warmup-seconds N  raw batch frames warm the brokers for N seconds before the first
                                      round, since fresh brokers spend much of their CPU compiling (default
                                      %d with --brokers-as processes, else 0)
              --server-jvm-option O   one more option for the child JVMs of --brokers-as processes, e.g. a
                                      profiler's -agentpath (repeatable)
              --queues N              write queues per broker (default 4)
              --topic NAME            topic (default liftoff-bench)
              --name-server ADDR      use running brokers instead; the topic must exist with --queues per broker
              --startup-runs N        cold starts per client, each in a fresh JVM (default 3; 0 skips)
              --liftoff-header F      ROCKETMQ or JSON (default ROCKETMQ, Liftoff's default)
              --output FILE           JSON results (default target/results.json)
              --clients LIST          a comma list of liftoff, official, official-autobatch (the official
                                      producer with setAutoBatch(true)) and raw-batch (ceiling: pre-encoded
                                      batch frames, not a producer; async only); default
                                      liftoff,official,official-autobatch; the order rotates per scenario
                                      and round; liftoff alone is for profiling (no ratios)
              --codec C               zlib, lz4 or zstd: the codec of bodies of 4 KiB or more, for the producers
                                      (default zlib, their default), level 5 (lz4 has none)
              --trace                 the producers write message trace records to RMQ_SYS_TRACE_TOPIC
              --acl                   brokers with ACL 2.0 on; the producers sign every request as user
                                      'bench' (with --name-server, that user must exist with PUB on the topic)
              --messages M            prebuilt (default): each send builds its message from a key of an
                                      array made at start, tag and shared body; realistic: each send also
                                      makes a unique key (order-<run>-<i>) and three user properties
                                      (tenant, region, traceId) by string concatenation, as applications do
            """.formatted(OfficialVersion.name(), OfficialVersion.name(), DEFAULT_BROKER_WARMUP_SECONDS);

    static BenchmarkOptions parse(String[] args) {
        String nameServer = null;
        int brokers = 2;
        int queues = 4;
        String topic = "liftoff-bench";
        int warmup = 1;
        Integer rounds = null;
        List<Scenario.Mode> modes = List.of(Scenario.Mode.values());
        List<Integer> sizes = Arrays.stream(Scenario.SIZES).boxed().toList();
        Double scale = null;
        Integer startupRuns = null;
        HeaderFormat header = io.liftoff.client.TransportOptions.DEFAULT_HEADER_FORMAT;
        Path output = Path.of("target", "results.json");
        boolean quick = false;
        List<String> clients = DEFAULT_CLIENTS;
        CompressionCodec codec = SendOptions.DEFAULT_COMPRESS_TYPE;
        boolean trace = false;
        boolean acl = false;
        MessageShape messages = MessageShape.PREBUILT;
        int count = 0;
        BenchBrokers.Where brokersAs = BenchBrokers.Where.EMBEDDED;
        Integer brokerWarmup = null;
        List<String> serverJvmOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.isBlank()) {
                continue;
            }
            switch (arg) {
                case "--quick" -> quick = true;
                case "--rounds" -> rounds = positive(value(args, ++i, arg), arg);
                case "--warmup-rounds" -> warmup = Integer.parseInt(value(args, ++i, arg));
                case "--scale" -> scale = Double.parseDouble(value(args, ++i, arg));
                case "--modes" -> modes = split(value(args, ++i, arg)).stream().map(Scenario.Mode::ofLabel).toList();
                case "--sizes" -> sizes = split(value(args, ++i, arg)).stream().map(Integer::parseInt).toList();
                case "--brokers" -> brokers = positive(value(args, ++i, arg), arg);
                case "--queues" -> queues = positive(value(args, ++i, arg), arg);
                case "--topic" -> topic = value(args, ++i, arg);
                case "--name-server" -> nameServer = value(args, ++i, arg);
                case "--startup-runs" -> startupRuns = Integer.parseInt(value(args, ++i, arg));
                case "--liftoff-header" ->
                    header = HeaderFormat.valueOf(value(args, ++i, arg).toUpperCase(Locale.ROOT));
                case "--output" -> output = Path.of(value(args, ++i, arg));
                case "--clients" -> clients = clients(value(args, ++i, arg));
                case "--codec" -> codec = codec(value(args, ++i, arg));
                case "--trace" -> trace = true;
                case "--acl" -> acl = true;
                case "--messages" -> messages = MessageShape.ofLabel(value(args, ++i, arg));
                case "--count" -> count = positive(value(args, ++i, arg), arg);
                case "--brokers-as" -> brokersAs = BenchBrokers.Where.ofLabel(value(args, ++i, arg));
                case "--broker-warmup-seconds" -> brokerWarmup = atLeast(0, value(args, ++i, arg), arg);
                case "--server-jvm-option" -> serverJvmOptions.add(value(args, ++i, arg));
                case "--help", "-h" -> throw new UsageException(null);
                default -> throw new UsageException("Unknown option '" + arg + "'");
            }
        }
        if (!serverJvmOptions.isEmpty() && brokersAs != BenchBrokers.Where.PROCESSES) {
            throw new UsageException("--server-jvm-option needs --brokers-as processes");
        }
        if (brokersAs == BenchBrokers.Where.PROCESSES && (nameServer != null || acl)) {
            throw new UsageException("--brokers-as processes starts brokers without ACL; it cannot be combined with "
                    + ((nameServer != null) ? "--name-server" : "--acl"));
        }
        return new BenchmarkOptions(nameServer, brokers, queues, topic, warmup,
                (rounds != null) ? rounds : (quick ? 2 : 5), modes, sizes,
                (scale != null) ? scale : (quick ? 0.25 : 1.0), (startupRuns != null) ? startupRuns : (quick ? 1 : 3),
                header, output, clients, codec, trace, acl, messages, count, brokersAs,
                (brokerWarmup != null) ? brokerWarmup
                        : ((brokersAs == BenchBrokers.Where.PROCESSES) ? DEFAULT_BROKER_WARMUP_SECONDS : 0),
                List.copyOf(serverJvmOptions));
    }

    private static CompressionCodec codec(String name) {
        for (CompressionCodec codec : CompressionCodec.values()) {
            if (codec.name().equalsIgnoreCase(name.strip())) {
                return codec;
            }
        }
        throw new UsageException("--codec takes zlib, lz4 or zstd, not '" + name + "'");
    }

    private static List<String> clients(String list) {
        List<String> clients = split(list.toLowerCase(Locale.ROOT));
        if (clients.isEmpty() || !CLIENTS.containsAll(clients)
                || clients.stream().distinct().count() < clients.size()) {
            throw new UsageException(
                    "--clients takes a comma list of " + String.join(", ", CLIENTS) + ", not '" + list + "'");
        }
        return clients;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new UsageException("Option " + option + " needs a value");
        }
        return args[index];
    }

    private static int positive(String value, String option) {
        return atLeast(1, value, option);
    }

    private static int atLeast(int min, String value, String option) {
        int parsed = Integer.parseInt(value);
        if (parsed < min) {
            throw new UsageException("Option " + option + " must be at least " + min + ", was " + parsed);
        }
        return parsed;
    }

    private static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    /** A command line that cannot be run; its message (if any) says why. */
    static final class UsageException extends RuntimeException {

        UsageException(String message) {
            super(message);
        }

    }
}
