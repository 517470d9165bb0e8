package io.liftoff.client.internal.message;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes client message ids ({@code UNIQ_KEY}) in the layout of RocketMQ's
 * {@code MessageClientIDSetter}, so that its tools ({@code getNearlyTimeFromID},
 * {@code getIPStrFromID}) read them: big-endian
 * {@code ip (4 or 16 bytes) | pid (2) | class loader hash (4) | ms since the start of the month (4) | counter (2)},
 * as uppercase hex. That is 32 characters with an IPv4 address, 56 with an IPv6 one. The
 * first part is fixed for the generator and encoded once; each id encodes only the last 6
 * bytes. Thread-safe.
 */
public final class UniqueIdGenerator {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final int VARIABLE_CHARS = 12;

    private final byte[] prefix;

    private final Clock clock;

    private final AtomicInteger counter = new AtomicInteger();

    private volatile Month month;

    /**
     * Creates a generator for this process: the host's address (a non-loopback site-local
     * IPv4 address preferred, then any other non-loopback IPv4, then a global IPv6
     * address, else 4 random bytes), the low 16 bits of the process id, this class's
     * class loader hash, and the system clock in the default time zone.
     */
    public UniqueIdGenerator() {
        this(localAddress());
    }

    /**
     * Creates a generator for this process with a known local address.
     * @param ip 4 or 16 address bytes, as {@link #localAddress()} finds them
     */
    public UniqueIdGenerator(byte[] ip) {
        this(ip, (int) ProcessHandle.current().pid(), loaderHash(), Clock.systemDefaultZone());
    }

    /**
     * Creates a generator from given parts.
     * @param ip 4 or 16 address bytes
     * @param pid the process id (its low 16 bits are used)
     * @param loaderHash the class loader hash
     * @param clock the time source; its zone decides where months begin
     */
    UniqueIdGenerator(byte[] ip, int pid, int loaderHash, Clock clock) {
        if (ip.length != 4 && ip.length != 16) {
            throw new IllegalArgumentException("An IP address has 4 or 16 bytes, not " + ip.length);
        }
        this.clock = clock;
        byte[] fixed = new byte[ip.length + 6];
        System.arraycopy(ip, 0, fixed, 0, ip.length);
        int at = ip.length;
        fixed[at++] = (byte) (pid >>> 8);
        fixed[at++] = (byte) pid;
        fixed[at++] = (byte) (loaderHash >>> 24);
        fixed[at++] = (byte) (loaderHash >>> 16);
        fixed[at++] = (byte) (loaderHash >>> 8);
        fixed[at] = (byte) loaderHash;
        this.prefix = new byte[fixed.length * 2];
        for (int i = 0; i < fixed.length; i++) {
            this.prefix[2 * i] = HEX[(fixed[i] >>> 4) & 0xF];
            this.prefix[2 * i + 1] = HEX[fixed[i] & 0xF];
        }
        this.month = Month.of(clock.millis(), clock.getZone());
    }

    /**
     * Makes the next id.
     * @return a new id of 32 (IPv4) or 56 (IPv6) uppercase hex characters
     */
    public String next() {
        byte[] id = new byte[length()];
        writeNext(id, 0);
        return new String(id, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * @return the length of every id this generator makes: 32 (IPv4) or 56 (IPv6)
     */
    public int length() {
        return this.prefix.length + VARIABLE_CHARS;
    }

    /**
     * Writes the next id as ASCII hex into an array, so that an encoder can put it in
     * place without a string.
     * @param out the array
     * @param offset where the id's {@link #length()} bytes go
     */
    public void writeNext(byte[] out, int offset) {
        Month month = this.month;
        long now = this.clock.millis();
        if (now >= month.nextStart) {
            month = Month.of(now, this.clock.getZone());
            this.month = month;
        }
        // A clock stepped back before the month's start gives 0 rather than a huge
        // unsigned offset.
        int sinceMonthStart = (int) Math.max(0, now - month.start);
        int count = this.counter.getAndIncrement();
        System.arraycopy(this.prefix, 0, out, offset, this.prefix.length);
        int at = offset + this.prefix.length;
        for (int shift = 28; shift >= 0; shift -= 4) {
            out[at++] = HEX[(sinceMonthStart >>> shift) & 0xF];
        }
        for (int shift = 12; shift >= 0; shift -= 4) {
            out[at++] = HEX[(count >>> shift) & 0xF];
        }
    }

    private static int loaderHash() {
        ClassLoader loader = UniqueIdGenerator.class.getClassLoader();
        return (loader != null) ? loader.hashCode() : 0;
    }

    /**
     * Finds this host's address as the official client does: a site-local IPv4 address,
     * else another IPv4, else an IPv6 address, else 4 random bytes. Lists the network
     * interfaces, so call it once.
     * @return 4 or 16 address bytes
     */
    public static byte[] localAddress() {
        byte[] otherIpv4 = null;
        byte[] ipv6 = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                            || address.isMulticastAddress()) {
                        continue;
                    }
                    if (address instanceof Inet4Address) {
                        if (address.isSiteLocalAddress()) {
                            return address.getAddress();
                        }
                        if (otherIpv4 == null) {
                            otherIpv4 = address.getAddress();
                        }
                    }
                    else if (address instanceof Inet6Address && ipv6 == null) {
                        ipv6 = address.getAddress();
                    }
                }
            }
        }
        catch (SocketException | RuntimeException ex) {
            // No usable interface list: fall through to the random address.
        }
        if (otherIpv4 != null) {
            return otherIpv4;
        }
        if (ipv6 != null) {
            return ipv6;
        }
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return random;
    }

    /**
     * A calendar month in a zone: its first millisecond and the first millisecond of the
     * next month.
     */
    private static final class Month {

        private final long start;

        private final long nextStart;

        private Month(long start, long nextStart) {
            this.start = start;
            this.nextStart = nextStart;
        }

        static Month of(long millis, ZoneId zone) {
            LocalDate first = LocalDate.ofInstant(Instant.ofEpochMilli(millis), zone).withDayOfMonth(1);
            long start = first.atStartOfDay(zone).toInstant().toEpochMilli();
            long nextStart = first.plusMonths(1).atStartOfDay(zone).toInstant().toEpochMilli();
            return new Month(start, nextStart);
        }

    }

}
