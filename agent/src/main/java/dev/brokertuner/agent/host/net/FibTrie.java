package dev.brokertuner.agent.host.net;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Parses {@code <procfs>/net/fib_trie}: the host's local IPv4 addresses, the leaves followed by a {@code /32 host
 * LOCAL} line. The file names no interface; {@link RouteTable#linkInterface} places each address on one.
 */
public final class FibTrie {
    private FibTrie() {
    }

    /** Local addresses (network order), loopback left out, in file order without repeats. */
    public static Set<Long> localAddresses(String text) {
        Set<Long> out = new LinkedHashSet<>();
        String leaf = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("|--")) {
                leaf = line.substring(3).strip();
            } else if (line.startsWith("/32") && line.contains("host") && line.endsWith("LOCAL") && leaf != null) {
                Ipv4.parse(leaf).filter(a -> !Ipv4.loopback(a)).ifPresent(out::add);
            } else if (line.startsWith("+--")) {
                leaf = null;
            }
        }
        return out;
    }
}
