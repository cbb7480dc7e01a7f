package dev.brokertuner.agent.host.net;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code <procfs>/net/if_inet6}: one local IPv6 address per line (32 hex digits, ifindex, prefix length,
 * scope, flags, interface name). Loopback ({@code ::1}) is left out.
 */
public final class IfInet6 {
    private IfInet6() {
    }

    /** Interface by address, the address as 32 lower-case hex digits. */
    public static Map<String, String> interfaces(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 6 || !f[0].matches("[0-9A-Fa-f]{32}")) {
                continue;
            }
            String address = f[0].toLowerCase(Locale.ROOT);
            if (address.equals("00000000000000000000000000000001") || f[5].equals("lo")) {
                continue;
            }
            out.putIfAbsent(address, f[5]);
        }
        return out;
    }
}
