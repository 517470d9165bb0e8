package io.liftoff.embedded.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.liftoff.embedded.internal.OfficialConsumerMain;
import io.liftoff.embedded.process.RocketMQProcesses.ConsumedMessages;

/**
 * Reads topics with a RocketMQ version's official consumer: runs
 * {@link OfficialConsumerMain} in a {@link ChildJvm} of that version (128 MB heap,
 * messages printed as read) and parses the lines it prints.
 *
 * @param jvm the child JVM's version and command line
 */
record OfficialConsumerReader(ChildJvm jvm) {

    /**
     * Reads topics from their first offsets, until each has its expected number of
     * messages and every queue is read to its end, or the timeout passed.
     * @param home the reader's directory, created here, for its output files
     * @param nameServer the NameServer's {@code host:port}
     * @param expected topic to the number of messages to wait for
     * @param timeout how long the reader waits for all of them; it is killed 60 s later
     * @return what was read of each topic, queue by queue in offset order
     * @throws IllegalStateException when the reader fails or a topic could not be read
     * @throws UncheckedIOException when the reader cannot be run
     */
    ConsumedMessages read(Path home, String nameServer, Map<String, Integer> expected, Duration timeout) {
        List<String> args = new ArrayList<>();
        args.add(nameServer);
        args.add(Long.toString(timeout.toMillis()));
        expected.forEach((topic, count) -> args.add(topic + "=" + count));
        List<String> command = this.jvm.command(home, List.of("-Xmx128m"), OfficialConsumerMain.class.getName(), args);
        String version = this.jvm.version().name();
        try {
            Files.createDirectories(home);
            Path out = home.resolve("reader.out");
            Path err = home.resolve("reader.err");
            Process process = new ProcessBuilder(command).directory(home.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
            if (!process.waitFor(timeout.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(
                        "The RocketMQ " + version + " consumer did not finish; stderr:\n" + ChildProcesses.tail(err));
            }
            if (process.exitValue() != 0) {
                // It ends with halt(0) after printing everything: anything else (an
                // OutOfMemoryError, a crash) may have cut its output short.
                throw new IllegalStateException("The RocketMQ " + version + " consumer exited with "
                        + process.exitValue() + "; stderr:\n" + ChildProcesses.tail(err));
            }
            return parse(Files.readAllLines(out, StandardCharsets.UTF_8), expected.keySet(),
                    () -> ChildProcesses.tail(err));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot run the RocketMQ " + version + " consumer", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading", ex);
        }
    }

    /**
     * Parses what {@link OfficialConsumerMain} printed.
     * @param lines its standard output
     * @param topics the topics asked for, listed even when nothing was read of them
     * @param stderr the tail of its standard error, for the exception when it printed
     * nothing
     * @return what it read
     * @throws IllegalStateException when it could not read a topic, printed a malformed
     * message line, or printed no version
     */
    static ConsumedMessages parse(List<String> lines, Iterable<String> topics, Supplier<String> stderr) {
        String consumerVersion = null;
        Map<String, List<StoredMessage>> messages = new LinkedHashMap<>();
        topics.forEach((topic) -> messages.put(topic, new ArrayList<>()));
        Base64.Decoder base64 = Base64.getDecoder();
        for (String line : lines) {
            String[] fields = line.split("\t", -1);
            if (fields[0].equals("V") && fields.length == 2) {
                consumerVersion = fields[1];
            }
            else if (fields[0].equals("E") && fields.length == 3) {
                throw new IllegalStateException("The official consumer could not read topic '" + fields[1] + "': "
                        + new String(base64.decode(fields[2]), StandardCharsets.UTF_8));
            }
            else if (fields[0].equals("M") && fields.length == 11) {
                Map<String, String> properties = new LinkedHashMap<>();
                for (String property : new String(base64.decode(fields[10]), StandardCharsets.UTF_8).split("\n")) {
                    int eq = property.indexOf('=');
                    if (eq > 0) {
                        properties.put(property.substring(0, eq), property.substring(eq + 1));
                    }
                }
                StoredMessage message = new StoredMessage(fields[1], Integer.parseInt(fields[2]),
                        Long.parseLong(fields[3]), Long.parseLong(fields[4]), Long.parseLong(fields[5]), fields[6],
                        Integer.parseInt(fields[7]), Integer.parseInt(fields[8]), base64.decode(fields[9]), properties);
                messages.computeIfAbsent(message.topic(), (topic) -> new ArrayList<>()).add(message);
            }
            else if (fields[0].equals("M")) {
                throw new IllegalStateException("Malformed line from the official consumer: " + line);
            }
        }
        if (consumerVersion == null) {
            throw new IllegalStateException("The official consumer printed nothing; stderr:\n" + stderr.get());
        }
        messages.replaceAll((topic, list) -> List.copyOf(list));
        return new ConsumedMessages(consumerVersion, messages);
    }

}
