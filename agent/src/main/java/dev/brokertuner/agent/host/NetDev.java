package dev.brokertuner.agent.host;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code /proc/net/dev}: received and transmitted bytes, packets and drops per interface. */
public final class NetDev {
    /** Counters of one interface; packets and drops are -1 when the line does not carry them. */
    public record Counters(long rxBytes, long txBytes, long rxPackets, long rxDropped, long txPackets,
                           long txDropped) {
        public Counters(long rxBytes, long txBytes) {
            this(rxBytes, txBytes, -1, -1, -1, -1);
        }
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
                // rx: bytes packets errs drop fifo frame compressed multicast | tx: bytes packets errs drop ...
                boolean full = f.length >= 12;
                out.put(name, new Counters(Long.parseLong(f[0]), Long.parseLong(f[8]),
                        full ? Long.parseLong(f[1]) : -1, full ? Long.parseLong(f[3]) : -1,
                        full ? Long.parseLong(f[9]) : -1, full ? Long.parseLong(f[11]) : -1));
            } catch (NumberFormatException e) {
                // header line
            }
        }
        return out;
    }
}
