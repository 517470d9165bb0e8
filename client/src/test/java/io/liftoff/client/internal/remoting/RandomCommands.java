package io.liftoff.client.internal.remoting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Random valid remoting commands and their frames, for the properties of the codecs: the
 * texts mix ASCII, control characters, quotes and backslashes, accented and CJK
 * characters and emoji; the numbers mix small values and extremes.
 */
final class RandomCommands {

    private static final String[] WORDS = { "msgId", "queueId", "queueOffset", "MSG_REGION", "TRACE_ON", "topic",
            "true", "false", "null", "0", "1234", "007", "DefaultRegion", "broker-a", "", " ", "\"", "\\", "\\u0041",
            "{}", "[1,2]" };

    private RandomCommands() {
    }

    /**
     * @param random the source
     * @param binary whether the command must fit the binary header (16-bit code and
     * version, no empty texts)
     * @return a command
     */
    static RemotingCommand command(SplittableRandom random, boolean binary) {
        int code = binary ? (short) random.nextInt() : number(random);
        int version = binary ? (short) random.nextInt() : number(random);
        LanguageCode language = LanguageCode.values()[random.nextInt(LanguageCode.values().length)];
        String remark = random.nextInt(3) == 0 ? null : text(random, binary);
        Map<String, String> ext = new LinkedHashMap<>();
        int fields = random.nextInt(4) == 0 ? 0 : random.nextInt(12);
        for (int i = 0; i < fields; i++) {
            ext.put(text(random, true), random.nextInt(4) == 0 ? Long.toString(random.nextLong())
                    : random.nextInt(4) == 0 ? Integer.toString(random.nextInt(100_000)) : text(random, binary));
        }
        byte[] body = null;
        if (random.nextBoolean()) {
            body = new byte[random.nextInt(64)];
            random.nextBytes(body);
        }
        return new RemotingCommand(code, language, version, number(random), random.nextInt(4), remark, ext,
                (body != null && body.length > 0) ? body : null);
    }

    /**
     * @param command the command
     * @param type the header format
     * @return its frame
     */
    static byte[] frame(RemotingCommand command, SerializeType type) {
        ByteBuf out = Unpooled.buffer();
        FrameCodec.encode(command, type, out);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    static int number(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(20);
            case 1 -> random.nextInt(1000) - 500;
            case 2 -> random.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            default -> random.nextInt();
        };
    }

    /**
     * @param random the source
     * @param nonEmpty whether the text must have at least one character
     * @return a text without lone surrogates
     */
    static String text(SplittableRandom random, boolean nonEmpty) {
        if (random.nextInt(3) == 0) {
            String word = WORDS[random.nextInt(WORDS.length)];
            if (!word.isEmpty() || !nonEmpty) {
                return word;
            }
        }
        int length = (nonEmpty ? 1 : 0) + random.nextInt(24);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(8)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1 -> text.append(random.nextBoolean() ? '"' : '\\');
                case 2 -> text.append((char) (0xA0 + random.nextInt(0x700)));
                case 3 -> text.append((char) (0x4E00 + random.nextInt(0x5000)));
                case 4 -> text.appendCodePoint(0x1F300 + random.nextInt(0x300));
                default -> text.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return text.toString();
    }

}
