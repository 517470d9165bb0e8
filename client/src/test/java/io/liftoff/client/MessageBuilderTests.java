package io.liftoff.client;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A built message keeps its properties whatever its builder does afterwards, and cannot
 * be changed itself.
 */
class MessageBuilderTests {

    @Test
    void aBuilderChangedAfterBuildingLeavesTheBuiltMessagesPropertiesAsTheyWere() {
        Message.Builder builder = Message.builder("orders").body(new byte[] { 1 }).property("a", "1");
        Message first = builder.build();

        Message second = builder.property("b", "2").property("a", "changed").build();
        Message third = builder.properties(Map.of("c", "3")).build();

        assertThat(first.properties()).containsExactly(Map.entry("a", "1"));
        assertThat(second.properties()).containsExactly(Map.entry("a", "changed"), Map.entry("b", "2"));
        assertThat(third.properties()).containsExactly(Map.entry("a", "changed"), Map.entry("b", "2"),
                Map.entry("c", "3"));
    }

    @Test
    void aBuiltMessagesPropertiesCannotBeChangedAndKeepTheirOrder() {
        Message message = Message.builder("orders")
            .body(new byte[] { 1 })
            .property("z", "1")
            .property("a", "2")
            .property("m", "3")
            .build();

        assertThat(message.properties().keySet()).containsExactly("z", "a", "m");
        assertThatExceptionOfType(UnsupportedOperationException.class)
            .isThrownBy(() -> message.properties().put("x", "y"));
    }

    @Test
    void aMutatedCopyChangesNeitherTheOriginalNorOtherCopies() {
        Message original = Message.builder("orders").body(new byte[] { 1 }).property("a", "1").build();

        Message copy = original.mutate().property("b", "2").build();
        Message other = original.mutate().property("a", "x").build();

        assertThat(original.properties()).containsExactly(Map.entry("a", "1"));
        assertThat(copy.properties()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(other.properties()).containsExactly(Map.entry("a", "x"));
    }

}
