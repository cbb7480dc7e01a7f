package dev.brokertuner.agent.host;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code /proc/net/dev}: received and transmitted bytes per interface. */
public final class NetDev {
    /** Counters of one interface. */
    public record Counters(long rxBytes, long txBytes) {
    }

    private NetDev() {
    }

    /** Counters by interface name; the two header lines and malformed lines are skipped. */
    public static Map<String, Counters> parse(String text) {
        Map<String, Counters> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (name.isEmpty() || f.length < 9) {
                continue;
            }
            try {
                out.put(name, new Counters(Long.parseLong(f[0]), Long.parseLong(f[8])));
            } catch (NumberFormatException e) {
                // header line
            }
        }
        return out;
    }
}
