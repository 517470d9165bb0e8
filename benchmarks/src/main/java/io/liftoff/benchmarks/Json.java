package io.liftoff.benchmarks;

import java.util.Collection;
import java.util.Map;

/**
 * Just enough JSON writing for the results file: maps, collections, strings, numbers,
 * booleans and null.
 */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder(64 * 1024);
        write(out, value, 0);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, int indent) {
        if (value == null) {
            out.append("null");
        }
        else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                indent(out, indent + 1);
                string(out, String.valueOf(entry.getKey()));
                out.append(": ");
                write(out, entry.getValue(), indent + 1);
                out.append((++i < map.size()) ? ",\n" : "\n");
            }
            indent(out, indent);
            out.append('}');
        }
        else if (value instanceof Collection<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            boolean simple = list.stream().allMatch((item) -> item instanceof Number || item instanceof String);
            out.append(simple ? "[" : "[\n");
            int i = 0;
            for (Object item : list) {
                if (!simple) {
                    indent(out, indent + 1);
                }
                write(out, item, indent + 1);
                if (++i < list.size()) {
                    out.append(simple ? ", " : ",\n");
                }
            }
            if (!simple) {
                out.append('\n');
                indent(out, indent);
            }
            out.append(']');
        }
        else if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                out.append("null");
            }
            else {
                out.append(round(number));
            }
        }
        else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        }
        else {
            string(out, value.toString());
        }
    }

    /** Four significant digits at most: enough for noisy measurements, short to read. */
    static String round(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static void indent(StringBuilder out, int indent) {
        out.append("  ".repeat(indent));
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

}
