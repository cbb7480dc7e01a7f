package dev.brokertuner.agent.host.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code <procfs>/PID/net/tcp} and {@code tcp6}: the listening sockets (state {@code 0A}) with their local
 * address, port and inode, so the broker's own listening sockets are found from the inodes of its
 * {@code <procfs>/PID/fd} links. IPv4 addresses are native-order hex (little-endian on most hosts, as in
 * {@code net/route}); IPv6 ones four native-order words.
 */
public final class TcpListening {
    /** A listening socket; {@code address} is a dotted quad or an IPv6 literal's 32 hex digits. */
    public record Socket(String address, boolean ipv6, int port, long inode) {
    }

    private TcpListening() {
    }

    /** The listening sockets of one file's text whose inode is in {@code inodes} (all when it is null). */
    public static List<Socket> parse(String text, boolean ipv6, boolean littleEndian, Set<Long> inodes) {
        List<Socket> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":") || !f[3].equalsIgnoreCase("0A")) {
                continue;
            }
            int colon = f[1].indexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                String hex = f[1].substring(0, colon);
                int port = Integer.parseInt(f[1].substring(colon + 1), 16);
                long inode = Long.parseLong(f[9]);
                if (inodes != null && !inodes.contains(inode)) {
                    continue;
                }
                String address;
                if (ipv6) {
                    if (hex.length() != 32) {
                        continue;
                    }
                    StringBuilder b = new StringBuilder();
                    for (int w = 0; w < 4; w++) {
                        String word = hex.substring(w * 8, w * 8 + 8);
                        b.append(littleEndian ? String.format("%08x", Long.reverseBytes(Long.parseLong(word, 16))
                                >>> 32) : word.toLowerCase(java.util.Locale.ROOT));
                    }
                    address = b.toString();
                } else {
                    address = Ipv4.format(Ipv4.fromProcHex(hex, littleEndian));
                }
                out.add(new Socket(address, ipv6, port, inode));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                // skipped
            }
        }
        return out;
    }

    /** The inode of an fd link's target {@code socket:[12345]}, or -1. */
    public static long socketInode(String linkTarget) {
        if (linkTarget == null || !linkTarget.startsWith("socket:[") || !linkTarget.endsWith("]")) {
            return -1;
        }
        try {
            return Long.parseLong(linkTarget.substring(8, linkTarget.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
