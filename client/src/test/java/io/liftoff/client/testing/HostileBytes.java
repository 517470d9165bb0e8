package io.liftoff.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generators of hostile input: random bytes, extreme ints, and mutations of real bytes
 * (bit flips, truncation, length fields set to huge or negative values, inserted, deleted
 * and repeated bytes), and the frames captured from a real RocketMQ 5.3.3 NameServer and
 * broker under {@code src/test/resources/captured}.
 */
public final class HostileBytes {

    /** The captured frames, by file name under {@code /captured}. */
    public static final List<String> CAPTURED = List.of("route-standard-json.hex", "route-unquoted-keys.hex",
            "route-topic-not-exist.hex", "send-success.hex", "send-success-binary-request.hex", "unsupported-code.hex");

    private static final int[] EXTREME_INTS = { 0, 1, -1, 2, 3, 4, 5, 7, 8, 13, 21, 255, 256, 65535, 65536,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 3, Integer.MAX_VALUE - 4,
            Integer.MIN_VALUE + 1, 0x00FFFFFF, 0x01000000, 0x01FFFFFF, 16 * 1024 * 1024, 16 * 1024 * 1024 + 1,
            0x7F000000, 0x80000000, 0xFFFFFF00, -4, -5, 1 << 30 };

    /** Bytes that mean something to a JSON or a length-prefixed reader. */
    private static final byte[] SPECIAL_BYTES = { '"', '\\', '{', '}', '[', ']', ':', ',', '0', '9', '-', 'n', 't', 'f',
            'e', '.', ' ', 0, 1, 0x1F, 0x7F, (byte) 0x80, (byte) 0xC3, (byte) 0xFF };

    private HostileBytes() {
    }

    /**
     * Reads a captured frame.
     * @param name the file name under {@code /captured}
     * @return the frame's bytes, length field included
     */
    public static byte[] captured(String name) {
        try (InputStream in = HostileBytes.class.getResourceAsStream("/captured/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No captured frame " + name);
            }
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return every captured frame
     */
    public static List<byte[]> capturedFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (String name : CAPTURED) {
            frames.add(captured(name));
        }
        return frames;
    }

    /**
     * @param random the source
     * @param maxLength the longest array
     * @return random bytes, often short
     */
    public static byte[] randomBytes(SplittableRandom random, int maxLength) {
        int length = random.nextBoolean() ? random.nextInt(Math.min(maxLength, 32) + 1) : random.nextInt(maxLength + 1);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * @param random the source
     * @return an int a length or count field should not hold, or any int
     */
    public static int extremeInt(SplittableRandom random) {
        return random.nextInt(4) == 0 ? random.nextInt() : EXTREME_INTS[random.nextInt(EXTREME_INTS.length)];
    }

    /**
     * Applies one to three random mutations.
     * @param random the source
     * @param original the bytes, left unchanged
     * @return the mutated copy
     */
    public static byte[] mutate(SplittableRandom random, byte[] original) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            bytes = mutateOnce(random, bytes);
        }
        return bytes;
    }

    private static byte[] mutateOnce(SplittableRandom random, byte[] bytes) {
        if (bytes.length == 0) {
            return randomBytes(random, 16);
        }
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(10)) {
            case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> {
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 2 -> putInt(bytes, 0, extremeInt(random));
            case 3 -> putInt(bytes, (random.nextBoolean() && bytes.length > 8) ? 4 : at, extremeInt(random));
            case 4 -> bytes[at] = SPECIAL_BYTES[random.nextInt(SPECIAL_BYTES.length)];
            case 5 -> {
                return splice(bytes, at, 0, randomBytes(random, 8));
            }
            case 6 -> {
                return splice(bytes, at, 1 + random.nextInt(Math.min(16, bytes.length - at)), new byte[0]);
            }
            case 7 -> {
                int length = 1 + random.nextInt(Math.min(16, bytes.length - at));
                return splice(bytes, at, 0, java.util.Arrays.copyOfRange(bytes, at, at + length));
            }
            case 8 -> bytes[at] = (byte) random.nextInt(256);
            default -> {
                byte[] inserted = { SPECIAL_BYTES[random.nextInt(SPECIAL_BYTES.length)] };
                return splice(bytes, at, 0, inserted);
            }
        }
        return bytes;
    }

    /**
     * Writes a big-endian int, as much of it as fits.
     * @param bytes the array
     * @param at the offset
     * @param value the int
     */
    public static void putInt(byte[] bytes, int at, int value) {
        for (int i = 0; i < 4 && at + i < bytes.length; i++) {
            bytes[at + i] = (byte) (value >>> (24 - 8 * i));
        }
    }

    private static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
        byte[] result = new byte[bytes.length - removed + inserted.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(bytes, at + removed, result, at + inserted.length, bytes.length - at - removed);
        return result;
    }

}
