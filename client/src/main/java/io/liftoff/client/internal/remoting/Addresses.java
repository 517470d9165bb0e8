package io.liftoff.client.internal.remoting;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Parses {@code host:port} addresses and {@code host:port;host:port} lists, with errors
 * that name the input.
 */
public final class Addresses {

    private Addresses() {
    }

    /**
     * Parses one address without resolving it.
     * @param address {@code host:port}, IPv6 hosts in brackets or bare
     * @return the unresolved socket address
     * @throws IllegalArgumentException naming the address when it is malformed, empty or
     * absent
     */
    public static InetSocketAddress parse(@Nullable String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("Address must not be empty");
        }
        String trimmed = address.strip();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("Address '" + address + "' is not of the form host:port");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("Address '" + address + "' has a port that is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Address '" + address + "' has port " + port + " outside 1-65535");
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Address '" + address + "' has an invalid host");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * Parses a list of addresses separated by {@code ;} (commas are accepted too),
     * checking each one.
     * @param addresses for example {@code 10.0.0.1:9876;10.0.0.2:9876}
     * @return the addresses, trimmed, in order, without duplicates
     * @throws IllegalArgumentException naming the bad entry, or when the list is empty or
     * absent
     */
    public static List<String> parseList(@Nullable String addresses) {
        if (addresses == null || addresses.isBlank()) {
            throw new IllegalArgumentException("NameServer address list must not be empty");
        }
        List<String> result = new ArrayList<>();
        for (String part : addresses.split("[;,]")) {
            String address = part.strip();
            if (address.isEmpty()) {
                continue;
            }
            parse(address);
            if (!result.contains(address)) {
                result.add(address);
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("NameServer address list '" + addresses + "' holds no address");
        }
        return List.copyOf(result);
    }

}
