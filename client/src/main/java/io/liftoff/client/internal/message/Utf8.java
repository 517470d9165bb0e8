package io.liftoff.client.internal.message;

/**
 * UTF-8 without a {@link String#getBytes} array per string: the length a string encodes
 * to, and its bytes written straight into the caller's array. An unpaired surrogate
 * counts and encodes as '?', as {@link String#getBytes} does.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * Writes a string as UTF-8, an unpaired surrogate as '?', as {@link String#getBytes}
     * does.
     * @param text the string
     * @param out where to write, with room for {@link #length(String)} bytes from
     * {@code at}
     * @param at the index of the first byte
     * @return the index after the last byte written
     */
    public static int write(String text, byte[] out, int at) {
        int length = text.length();
        int next = at;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[next++] = (byte) c;
            }
            else if (c < 0x800) {
                out[next++] = (byte) (0xC0 | (c >> 6));
                out[next++] = (byte) (0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                out[next++] = (byte) (0xF0 | (codePoint >> 18));
                out[next++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                out[next++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                out[next++] = (byte) (0x80 | (codePoint & 0x3F));
            }
            else if (Character.isSurrogate(c)) {
                out[next++] = '?';
            }
            else {
                out[next++] = (byte) (0xE0 | (c >> 12));
                out[next++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[next++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return next;
    }

    /**
     * The UTF-8 length of a string, counting an unpaired surrogate as the one byte '?' it
     * encodes to.
     * @param text the string
     * @return its length in bytes, encoded
     */
    public static int length(String text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                }
                else if (Character.isHighSurrogate(c) && i + 1 < length
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 2;
                    i++;
                }
                else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

}
