package io.liftoff.client;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every option builder (and {@link ProducerBuilder#build()}) rejects a bad value with an
 * {@link InvalidOptionException} that names the option and says the allowed range and the
 * value given: the one place each rule lives (the Spring Boot starter reports these
 * against its properties).
 */
class OptionChecksTests {

    static Stream<Arguments> badValues() {
        return Stream.of(bad("sendTimeout", () -> SendOptions.builder().sendTimeout(Duration.ZERO), "positive", "PT0S"),
                bad("sendTimeout", () -> SendOptions.builder().sendTimeout(null), "positive", "null"),
                bad("attemptTimeout", () -> SendOptions.builder().attemptTimeout(Duration.ofMillis(-1)), "positive",
                        "PT-0.001S"),
                bad("retries", () -> SendOptions.builder().retries(-1), "at least 0", "was -1"),
                bad("asyncRetries", () -> SendOptions.builder().asyncRetries(-2), "at least 0", "was -2"),
                bad("compressThreshold", () -> SendOptions.builder().compressThreshold(0), "at least 1 byte",
                        "was 0 bytes"),
                bad("compressLevel", () -> SendOptions.builder().compressLevel(10).build(), "within 0-9", "was 10"),
                bad("compressLevel", () -> SendOptions.builder().compressLevel(-1).build(), "within 0-9", "was -1"),
                bad("compressLevel",
                        () -> SendOptions.builder().compressType(CompressionCodec.ZSTD).compressLevel(23).build(),
                        "within 1-22", "was 23"),
                bad("compressLevel",
                        () -> SendOptions.builder()
                            .compressLevel(12)
                            .compressType(CompressionCodec.ZSTD)
                            .compressLevel(0)
                            .build(),
                        "within 1-22", "was 0"),
                bad("compressType", () -> SendOptions.builder().compressType(null), "required", "null"),
                bad("maxMessageSize", () -> SendOptions.builder().maxMessageSize(0), "at least 1 byte", "was 0 bytes"),
                bad("retryResponseCodes", () -> SendOptions.builder().retryResponseCodes(null), "required", "null"),
                bad("latencyMax", () -> FaultToleranceOptions.builder().latencyTable(new long[0], new long[0]),
                        "at least one", "[]"),
                bad("notAvailableDuration",
                        () -> FaultToleranceOptions.builder().latencyTable(new long[] { 1, 2 }, new long[] { 0 }),
                        "one entry per latencyMax threshold (2)", "has 1"),
                bad("latencyMax",
                        () -> FaultToleranceOptions.builder().latencyTable(new long[] { 2, 1 }, new long[] { 0, 0 }),
                        "ascending", "[2, 1]"),
                bad("latencyMax",
                        () -> FaultToleranceOptions.builder().latencyTable(new long[] { -1 }, new long[] { 0 }),
                        "not be negative", "[-1]"),
                bad("notAvailableDuration",
                        () -> FaultToleranceOptions.builder().latencyTable(new long[] { 1 }, new long[] { -5 }),
                        "not be negative", "[-5]"),
                bad("failureIsolation", () -> FaultToleranceOptions.builder().failureIsolation(Duration.ZERO),
                        "positive", "PT0S"),
                bad("probeInterval", () -> FaultToleranceOptions.builder().probeInterval(null), "positive", "null"),
                bad("probeTimeout", () -> FaultToleranceOptions.builder().probeTimeout(Duration.ofSeconds(-1)),
                        "positive", "PT-1S"),
                bad("refreshInterval", () -> RouteOptions.builder().refreshInterval(Duration.ZERO), "positive", "PT0S"),
                bad("requestTimeout", () -> RouteOptions.builder().requestTimeout(Duration.ZERO), "positive", "PT0S"),
                bad("recoveryRefreshInterval", () -> RouteOptions.builder().recoveryRefreshInterval(Duration.ZERO),
                        "positive", "PT0S"),
                bad("recoveryWindow", () -> RouteOptions.builder().recoveryWindow(Duration.ZERO), "positive", "PT0S"),
                bad("defaultTopic", () -> RouteOptions.builder().defaultTopic(" "), "not be blank", "' '"),
                bad("defaultTopicQueueNums", () -> RouteOptions.builder().defaultTopicQueueNums(0), "at least 1",
                        "was 0"),
                bad("maxInFlightRequests", () -> AsyncLimits.of(0, AsyncLimits.DEFAULT_MAX_IN_FLIGHT_BYTES),
                        "at least 1", "was 0"),
                bad("maxInFlightBytes", () -> AsyncLimits.of(1, 1024), "at least 1048576 bytes", "was 1024 bytes"),
                bad("requestsBeforeBatching", () -> AutoBatchOptions.of(0, 2, 1024), "at least 1", "was 0"),
                bad("maxMessages", () -> AutoBatchOptions.of(1, 1, 1024), "at least 2", "was 1"),
                bad("maxBytes", () -> AutoBatchOptions.of(1, 2, 1023), "at least 1024 bytes", "was 1023 bytes"),
                bad("connectTimeout", () -> TransportOptions.builder().connectTimeout(Duration.ZERO), "positive",
                        "PT0S"),
                bad("maxFrameLength", () -> TransportOptions.builder().maxFrameLength(1023), "at least 1024 bytes",
                        "was 1023 bytes"),
                bad("idleTimeout", () -> TransportOptions.builder().idleTimeout(Duration.ZERO), "positive", "PT0S"),
                bad("ioThreads", () -> TransportOptions.builder().ioThreads(0), "at least 1", "was 0"),
                bad("headerFormat", () -> TransportOptions.builder().headerFormat(null), "required", "null"),
                bad("callbackThreads", () -> TransportOptions.builder().callbackThreads(0), "at least 1", "was 0"),
                bad("instanceName", () -> valid().instanceName(" ").build(), "not be blank", "' '"),
                bad("closeGrace", () -> valid().closeGrace(Duration.ofSeconds(-1)).build(), "zero or more", "PT-1S"),
                bad("heartbeatInterval", () -> valid().heartbeatInterval(Duration.ZERO).build(), "positive", "PT0S"),
                bad("nameServer", () -> valid().nameServer(null).build(), "required", "nameServer("),
                bad("nameServer", () -> valid().nameServer("localhost").build(), "'localhost'", "host:port"),
                bad("group", () -> valid().group(" ").build(), "group is required", "group("),
                bad("namespace", () -> valid().namespace("bad namespace").build(), "'bad namespace'", "only letters"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badValues")
    void aBadValueIsRejectedNamingTheOptionTheRangeAndTheValue(String option, Executable set, String rule,
            String value) {
        InvalidOptionException ex = catchThrowableOfType(InvalidOptionException.class, set::execute);
        assertThat(ex).as("InvalidOptionException").isNotNull();
        assertThat(ex.option()).isEqualTo(option);
        assertThat(ex.getMessage()).contains(rule, value);
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        assertThatNoException().isThrownBy(() -> SendOptions.builder()
            .compressLevel(SendOptions.MIN_COMPRESS_LEVEL)
            .compressLevel(SendOptions.MAX_COMPRESS_LEVEL)
            .retries(0)
            .asyncRetries(0)
            .compressThreshold(1)
            .maxMessageSize(1)
            .attemptTimeout(null)
            .build());
        assertThatNoException().isThrownBy(
                () -> FaultToleranceOptions.builder().latencyTable(new long[] { 0, 0 }, new long[] { 0, 0 }).build());
        assertThatNoException().isThrownBy(() -> AsyncLimits.of(1, AsyncLimits.MIN_MAX_IN_FLIGHT_BYTES));
        assertThatNoException().isThrownBy(() -> AutoBatchOptions.of(1, 2, 1024));
        assertThatNoException()
            .isThrownBy(() -> TransportOptions.builder().maxFrameLength(1024).ioThreads(1).callbackThreads(1).build());
        assertThatNoException().isThrownBy(() -> RouteOptions.builder().defaultTopicQueueNums(1).build());
    }

    @Test
    void mutatedOptionsKeepTheirValues() {
        SendOptions send = SendOptions.builder().compressLevel(0).retries(0).build();
        assertThat(send.mutate().build().compressLevel()).isZero();
        FaultToleranceOptions fault = FaultToleranceOptions.builder()
            .latencyTable(new long[] { 5 }, new long[] { 10 })
            .build();
        assertThat(fault.mutate().build().latencyMax()).containsExactly(5);
        assertThat(RouteOptions.defaults().mutate().build().defaultTopic())
            .isEqualTo(RouteOptions.DEFAULT_DEFAULT_TOPIC);
    }

    private static ProducerBuilder valid() {
        return Producer.builder().nameServer("127.0.0.1:9876").group("g");
    }

    private static Arguments bad(String option, Executable set, String rule, String value) {
        return Arguments.of(option, set, rule, value);
    }

}
