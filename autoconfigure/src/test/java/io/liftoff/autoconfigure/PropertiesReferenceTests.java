package io.liftoff.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the properties reference, the tables of {@code docs/configuration.md}, in step
 * with the configuration metadata: every {@code rocketmq.*} key of the metadata is
 * documented, every documented key exists, and a documented default is the key's default.
 * <p>
 * A table of the reference starts with the header {@value #HEADER}. Its first cell names
 * one key in full, or several: the first in full and the next ones by what follows the
 * first one's parent ({@code `rocketmq.producer.route.refresh-interval`,
 * `request-timeout`}); a map key may end in {@code .<name>}. Its second cell lists the
 * defaults in the same order, separated by {@code ", "}: a default in backticks is
 * checked, plain words ({@code none}, {@code by budget and latency}) say there is none to
 * check.
 */
class PropertiesReferenceTests {

    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

    private static final String HEADER = "| key | default | |";

    @Test
    void everyRocketMQPropertyOfTheMetadataIsInTheReference() throws IOException {
        Map<String, @Nullable String> documented = documentedDefaults();
        assertThat(documented).as("keys of the tables in %s", REFERENCE).hasSizeGreaterThan(40);
        Set<String> missing = new TreeSet<>(RocketMQMetadata.properties().keySet());
        missing.removeAll(documented.keySet());
        assertThat(missing).as("rocketmq.* keys of the configuration metadata missing from %s", REFERENCE).isEmpty();
    }

    @Test
    void everyPropertyOfTheReferenceExists() throws IOException {
        Set<String> unknown = new TreeSet<>(documentedDefaults().keySet());
        unknown.removeAll(RocketMQMetadata.properties().keySet());
        assertThat(unknown).as("keys of %s that the configuration metadata does not know", REFERENCE).isEmpty();
    }

    @Test
    void documentedDefaultsAreTheMetadataDefaults() throws IOException {
        Map<String, JsonNode> metadata = RocketMQMetadata.properties();
        documentedDefaults().forEach((key, documented) -> {
            JsonNode property = metadata.get(key);
            if (property != null) {
                String expected = defaultOf(property);
                if (expected != null) {
                    assertThat(documented).as("default of %s in %s", key, REFERENCE).isEqualTo(expected);
                }
            }
        });
    }

    @Test
    void aRowNamesSiblingKeysByTheirLastPart() {
        Map<String, @Nullable String> row = new LinkedHashMap<>();
        readRow("| `rocketmq.producer.route.refresh-interval`, `request-timeout` | `30s`, `3s` | |", row);
        readRow("| `rocketmq.embedded.brokers`, `topics.<name>`, `auto-create-topic` | `1`, none, `true` | |", row);
        readRow("| `rocketmq.producer.transport.header-format` | `rocketmq` (binary) | or `json` |", row);
        assertThat(row).containsEntry("rocketmq.producer.route.refresh-interval", "30s")
            .containsEntry("rocketmq.producer.route.request-timeout", "3s")
            .containsEntry("rocketmq.embedded.brokers", "1")
            .containsEntry("rocketmq.embedded.topics", null)
            .containsEntry("rocketmq.embedded.auto-create-topic", "true")
            .containsEntry("rocketmq.producer.transport.header-format", "rocketmq");
    }

    /**
     * Reads every row of the reference's tables.
     * @return each documented key with its documented default, {@code null} for none
     */
    private static Map<String, @Nullable String> documentedDefaults() throws IOException {
        List<String> lines = Files.readAllLines(REFERENCE);
        Map<String, @Nullable String> documented = new LinkedHashMap<>();
        int tables = 0;
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i).equals(HEADER)) {
                tables++;
                i += 2;
                while (i < lines.size() && lines.get(i).startsWith("|")) {
                    readRow(lines.get(i), documented);
                    i++;
                }
            }
            i++;
        }
        assertThat(tables).as("tables headed '%s' in %s", HEADER, REFERENCE).isPositive();
        return documented;
    }

    private static void readRow(String line, Map<String, @Nullable String> documented) {
        List<String> cells = cells(line);
        assertThat(cells).as("cells of '%s'", line).hasSizeGreaterThanOrEqualTo(2);
        List<String> keys = codeSpans(cells.get(0));
        assertThat(keys).as("keys in '%s'", line).isNotEmpty();
        String first = keys.get(0);
        String parent = first.substring(0, first.lastIndexOf('.') + 1);
        List<String> defaults = cells.get(1).isBlank() ? List.of() : split(cells.get(1), ", ");
        assertThat(defaults.isEmpty() || defaults.size() == keys.size())
            .as("'%s' lists %d keys but %d defaults", line, keys.size(), defaults.size())
            .isTrue();
        for (int k = 0; k < keys.size(); k++) {
            String key = (k == 0) ? first : parent + keys.get(k);
            key = key.replaceFirst("\\.<[^>]+>$", "");
            List<String> spans = defaults.isEmpty() ? List.of() : codeSpans(defaults.get(k));
            assertThat(documented).as("'%s' documented twice", key).doesNotContainKey(key);
            documented.put(key, spans.isEmpty() ? null : spans.get(0));
        }
    }

    /** The cells of a table row, split at {@code |} outside code spans. */
    private static List<String> cells(String line) {
        List<String> cells = split(line.strip(), "|");
        return cells.subList(1, cells.size()).stream().map(String::strip).toList();
    }

    /** Splits at a separator outside code spans. */
    private static List<String> split(String text, String separator) {
        List<String> parts = new ArrayList<>();
        boolean inCode = false;
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            if (!inCode && text.startsWith(separator, i)) {
                parts.add(text.substring(start, i));
                start = i + separator.length();
                i = start;
                continue;
            }
            if (text.charAt(i) == '`') {
                inCode = !inCode;
            }
            i++;
        }
        if (start < text.length()) {
            parts.add(text.substring(start));
        }
        return parts;
    }

    private static List<String> codeSpans(String text) {
        List<String> spans = new ArrayList<>();
        int open = text.indexOf('`');
        while (open >= 0) {
            int close = text.indexOf('`', open + 1);
            if (close < 0) {
                break;
            }
            spans.add(text.substring(open + 1, close));
            open = text.indexOf('`', close + 1);
        }
        return spans;
    }

    /**
     * The metadata's default as the reference writes it: a list joined with commas.
     * @return the default, {@code null} when there is none (or an empty list)
     */
    private static @Nullable String defaultOf(JsonNode property) {
        JsonNode value = property.get("defaultValue");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<String> elements = new ArrayList<>();
            value.forEach((element) -> elements.add(element.asString()));
            return elements.isEmpty() ? null : String.join(",", elements);
        }
        return value.asString();
    }

}
