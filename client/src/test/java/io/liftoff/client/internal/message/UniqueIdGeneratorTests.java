package io.liftoff.client.internal.message;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UniqueIdGeneratorTests {

    private static final byte[] IPV4 = { 10, 1, 2, (byte) 200 };

    private static final byte[] IPV6 = { (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };

    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void makesThirtyTwoUppercaseHexCharactersForAnIpv4Address() {
        Clock clock = Clock.fixed(Instant.parse("2024-03-02T00:00:01.234Z"), UTC);
        UniqueIdGenerator ids = new UniqueIdGenerator(IPV4, 0x1234, 0xCAFEBABE, clock);

        String id = ids.next();

        // ip | pid | class loader hash | 86401234 ms since March 1st | counter 0
        assertThat(id).isEqualTo("0A0102C8" + "1234" + "CAFEBABE" + "052660D2" + "0000");
        assertThat(Long.parseLong(id.substring(20, 28), 16)).isEqualTo(86_401_234L);
        assertThat(ids.next()).endsWith("0001");
    }

    @Test
    void makesFiftySixUppercaseHexCharactersForAnIpv6Address() {
        UniqueIdGenerator ids = new UniqueIdGenerator(IPV6, 7, 1, Clock.systemDefaultZone());

        assertThat(ids.next()).hasSize(56)
            .matches("[0-9A-F]{56}")
            .startsWith("FD00000000000000000000000000000200070000");
    }

    @Test
    void discoversAnAddressPidAndClassLoaderForTheDefaultGenerator() {
        String id = new UniqueIdGenerator().next();

        assertThat(id).matches("[0-9A-F]{32}|[0-9A-F]{56}");
        if (id.length() == 32) {
            assertThat(MessageClientIDSetter.getPidFromID(id) & 0xFFFF)
                .isEqualTo((int) (ProcessHandle.current().pid() & 0xFFFF));
        }
    }

    @Test
    void rejectsAnAddressThatIsNeitherIpv4NorIpv6() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new UniqueIdGenerator(new byte[5], 1, 1, Clock.systemDefaultZone()));
    }

    @Test
    void staysUniqueAcrossThreads() throws Exception {
        UniqueIdGenerator ids = new UniqueIdGenerator();
        int threads = 8;
        int perThread = 12_500;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<String>>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    List<String> made = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        made.add(ids.next());
                    }
                    return made;
                });
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> made : executor.invokeAll(tasks)) {
                all.addAll(made.get());
            }
            assertThat(all).hasSize(threads * perThread);
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void rocketMqReadsTheTimeAddressAndPidBackFromAnIpv4Id() {
        Clock clock = Clock.fixed(Instant.now().minusSeconds(5), ZoneId.systemDefault());
        String id = new UniqueIdGenerator(IPV4, 4242, 99, clock).next();

        assertThat(MessageClientIDSetter.getNearlyTimeFromID(id).getTime()).isEqualTo(clock.millis());
        assertThat(MessageClientIDSetter.getIPStrFromID(id)).isEqualTo("10.1.2.200");
        assertThat(MessageClientIDSetter.getPidFromID(id)).isEqualTo(4242);
    }

    @Test
    void rocketMqReadsTheTimeBackFromAnIpv6Id() {
        Clock clock = Clock.fixed(Instant.now().minusSeconds(5), ZoneId.systemDefault());
        String id = new UniqueIdGenerator(IPV6, 4242, 99, clock).next();

        assertThat(MessageClientIDSetter.getNearlyTimeFromID(id).getTime()).isEqualTo(clock.millis());
        assertThat(UtilAll.string2bytes(id)).startsWith(IPV6);
    }

    @Test
    void rocketMqReadsTheTimeBackFromAnIdMadeWithTheSystemClock() throws InterruptedException {
        long before = System.currentTimeMillis();
        String id = new UniqueIdGenerator().next();
        long after = System.currentTimeMillis();
        // RocketMQ reads an id made in the very millisecond it decodes as last month's:
        // let the clock move on.
        Thread.sleep(2);

        assertThat(MessageClientIDSetter.getNearlyTimeFromID(id).getTime()).isBetween(before, after);
    }

    @Test
    void writesOffsetsBeyondTwoToThe31AsUnsigned32BitValues() {
        Clock clock = Clock.fixed(Instant.parse("2024-01-31T23:59:59.999Z"), UTC);

        String id = new UniqueIdGenerator(IPV4, 1, 1, clock).next();

        assertThat(Long.parseLong(id.substring(20, 28), 16)).isEqualTo(31L * 86_400_000 - 1);
    }

    @Test
    void recomputesTheMonthStartWhenTheMonthRollsOver() {
        MutableClock clock = new MutableClock(Instant.parse("2024-02-29T23:59:59.000Z"), UTC);
        UniqueIdGenerator ids = new UniqueIdGenerator(IPV4, 1, 1, clock);
        assertThat(timeOf(ids.next())).isEqualTo(29L * 86_400_000 - 1000);

        clock.set(Instant.parse("2024-03-01T00:00:01.500Z"));

        assertThat(timeOf(ids.next())).isEqualTo(1500);
        clock.set(Instant.parse("2024-03-17T00:00:00.000Z"));
        assertThat(timeOf(ids.next())).isEqualTo(16L * 86_400_000);
    }

    @Test
    void usesTheClockZoneForTheStartOfTheMonth() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        Clock clock = Clock.fixed(Instant.parse("2024-02-29T15:00:00.010Z"), tokyo);

        // 15:00 UTC on Feb 29th is midnight on March 1st in Tokyo.
        assertThat(timeOf(new UniqueIdGenerator(IPV4, 1, 1, clock).next())).isEqualTo(10);
    }

    @Test
    void clampsAClockSteppedBackBeforeTheMonthStartToZero() {
        MutableClock clock = new MutableClock(Instant.parse("2024-03-01T00:00:00.100Z"), UTC);
        UniqueIdGenerator ids = new UniqueIdGenerator(IPV4, 1, 1, clock);
        assertThat(timeOf(ids.next())).isEqualTo(100);

        clock.set(Instant.parse("2024-02-29T23:59:59.900Z"));

        assertThat(timeOf(ids.next())).isZero();
    }

    @Test
    void wrapsTheCounterAfter65536Ids() {
        UniqueIdGenerator ids = new UniqueIdGenerator(IPV4, 1, 1, Clock.fixed(Instant.EPOCH, UTC));
        List<String> counters = new ArrayList<>();
        for (int i = 0; i <= 65536; i++) {
            String id = ids.next();
            if (i == 0 || i == 65535 || i == 65536) {
                counters.add(id.substring(28));
            }
        }

        assertThat(counters).containsExactly("0000", "FFFF", "0000");
    }

    private static long timeOf(String id) {
        return Long.parseLong(id.substring(20, 28), 16);
    }

    private static final class MutableClock extends Clock {

        private volatile Instant now;

        private final ZoneId zone;

        MutableClock(Instant now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return this.zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new MutableClock(this.now, zone);
        }

        @Override
        public Instant instant() {
            return this.now;
        }

    }

}
