package io.liftoff.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * Runtime hints for the Liftoff producer in a native image: the classes it looks up by
 * name with {@code Class.forName}, to tell whether an optional library is present.
 * Without them a native image would report lz4-java or zstd-jni missing although they are
 * in it (so a producer with {@code compress-type} LZ4 or ZSTD could not be built), and
 * could miss Netty's epoll transport.
 *
 * <p>
 * The libraries' own reflection and native code (lz4-java 1.8.0, zstd-jni, Netty) is
 * described by their metadata in the GraalVM reachability metadata repository or in their
 * jars, not here. Registered in {@code META-INF/spring/aot.factories}.
 */
class ProducerRuntimeHints implements RuntimeHintsRegistrar {

    /**
     * Looked up by name: the classes that tell lz4-java and zstd-jni are present (the
     * client's {@code CodecLibraries}), and Netty's epoll transport (its
     * {@code Transports}).
     */
    static final List<String> CLASSES_LOOKED_UP_BY_NAME = List.of("net.jpountz.lz4.LZ4Factory",
            "com.github.luben.zstd.ZstdCompressCtx", "io.netty.channel.epoll.Epoll");

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        for (String className : CLASSES_LOOKED_UP_BY_NAME) {
            hints.reflection().registerType(TypeReference.of(className));
        }
    }

}
