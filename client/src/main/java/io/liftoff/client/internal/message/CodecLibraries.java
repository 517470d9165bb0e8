package io.liftoff.client.internal.message;

import java.util.function.Predicate;

import io.liftoff.client.CompressionCodec;
import io.liftoff.client.InvalidOptionException;
import org.jspecify.annotations.Nullable;

/**
 * Checks that the library of a compression codec is on the class path, so that a missing
 * one is reported when the options are built, not at the first large send. The libraries
 * are those the official client decompresses with (dependencies of
 * {@code rocketmq-common} 5.3.3), optional dependencies of Liftoff.
 */
public final class CodecLibraries {

    /** The Maven coordinates of lz4-java, at the official client's version. */
    static final String LZ4_COORDINATES = "org.lz4:lz4-java:1.8.0";

    /** The Maven coordinates of zstd-jni, at the official client's version. */
    static final String ZSTD_COORDINATES = "com.github.luben:zstd-jni:1.5.2-2";

    private CodecLibraries() {
    }

    /**
     * Checks that a codec's library is present.
     * @param codec the chosen codec
     * @param classPresent tells whether a class, by name, can be loaded (tests fake it)
     * @throws InvalidOptionException naming the Maven coordinates to add, when the
     * library is missing
     */
    public static void check(CompressionCodec codec, Predicate<String> classPresent) {
        @Nullable String coordinates = switch (codec) {
            case ZLIB -> null;
            case LZ4 -> classPresent.test("net.jpountz.lz4.LZ4Factory") ? null : LZ4_COORDINATES;
            case ZSTD -> classPresent.test("com.github.luben.zstd.ZstdCompressCtx") ? null : ZSTD_COORDINATES;
        };
        if (coordinates != null) {
            throw new InvalidOptionException("compressType", "compressType " + codec + " needs " + coordinates
                    + " on the class path; add that Maven dependency, or choose " + CompressionCodec.ZLIB);
        }
    }

    /**
     * Tells whether a class is on the class path of Liftoff, without initializing it.
     * @param className the class's binary name
     * @return whether it can be loaded
     */
    public static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, CodecLibraries.class.getClassLoader());
            return true;
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
    }

}
