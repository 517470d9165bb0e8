package io.liftoff.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names of response codes: bare for metric tags, with the number for messages.
 */
class ResponseCodesTests {

    @Test
    void aKnownCodeIsNamedBareAndDescribedWithItsNumber() {
        assertThat(ResponseCodes.name(ResponseCodes.SYSTEM_BUSY)).isEqualTo("SYSTEM_BUSY");
        assertThat(ResponseCodes.describe(ResponseCodes.SYSTEM_BUSY)).isEqualTo("SYSTEM_BUSY (2)");
        assertThat(ResponseCodes.name(215)).isEqualTo("FLOW_CONTROL");
    }

    @Test
    void anUnknownCodeHasNoNameAndIsDescribedByItsNumber() {
        assertThat(ResponseCodes.name(4242)).isNull();
        assertThat(ResponseCodes.describe(4242)).isEqualTo("code 4242");
    }

}
