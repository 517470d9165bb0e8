package io.liftoff.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.liftoff.client.CompressionCodec;
import io.liftoff.client.internal.message.CodecLibraries;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ProducerRuntimeHints}: what the client looks up by name can be found in a native
 * image.
 */
class ProducerRuntimeHintsTests {

    private final RuntimeHints hints = new RuntimeHints();

    ProducerRuntimeHintsTests() {
        new ProducerRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
    }

    @Test
    void everyClassTheClientProbesForACompressionLibraryIsRegistered() {
        List<String> probed = new ArrayList<>();
        for (CompressionCodec codec : CompressionCodec.values()) {
            CodecLibraries.check(codec, (className) -> probed.add(className));
        }
        assertThat(probed).containsExactly("net.jpountz.lz4.LZ4Factory", "com.github.luben.zstd.ZstdCompressCtx");
        for (String className : probed) {
            assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(className))).as(className)
                .accepts(this.hints);
        }
    }

    @Test
    void nettyEpollIsRegisteredForTheNativeTransportProbe() {
        assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of("io.netty.channel.epoll.Epoll")))
            .accepts(this.hints);
    }

    @Test
    void isContributedThroughAotFactories() {
        assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
            .hasAtLeastOneElementOfType(ProducerRuntimeHints.class);
    }

}
