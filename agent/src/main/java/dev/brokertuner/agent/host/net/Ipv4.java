package dev.brokertuner.agent.host.net;

import java.util.Optional;

/** IPv4 addresses as unsigned 32-bit values in network order (the first octet in the top byte). */
public final class Ipv4 {
    private Ipv4() {
    }

    /** Parses a dotted quad; empty when it is not one. */
    public static Optional<Long> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] p = text.strip().split("\\.", -1);
        if (p.length != 4) {
            return Optional.empty();
        }
        long v = 0;
        for (String octet : p) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            int o = Integer.parseInt(octet);
            if (o > 255) {
                return Optional.empty();
            }
            v = (v << 8) | o;
        }
        return Optional.of(v);
    }

    /** The dotted quad of a value. */
    public static String format(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    /**
     * A {@code %08X} value as {@code /proc/net/route} and {@code /proc/net/tcp} print it: the address's bytes in the
     * host's memory order, read as a native integer, so little-endian hosts print them reversed.
     */
    static long fromProcHex(String hex, boolean littleEndian) {
        long raw = Long.parseLong(hex, 16);
        return littleEndian ? Long.reverseBytes(raw) >>> 32 : raw;
    }

    /** True for a contiguous netmask (ones then zeros), e.g. {@code 255.255.255.0}. */
    static boolean contiguous(long mask) {
        long inverted = ~mask & 0xFFFFFFFFL;
        return (inverted & (inverted + 1)) == 0;
    }

    /** Prefix length of a contiguous mask. */
    static int prefixLength(long mask) {
        return Long.bitCount(mask & 0xFFFFFFFFL);
    }

    /** True for 127.0.0.0/8. */
    public static boolean loopback(long v) {
        return (v >>> 24) == 127;
    }

    /** True for 0.0.0.0. */
    public static boolean wildcard(long v) {
        return v == 0;
    }
}
