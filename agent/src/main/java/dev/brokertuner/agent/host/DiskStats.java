package dev.brokertuner.agent.host;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code /proc/diskstats} (14, 18 or 20 fields depending on the kernel): sectors read and written and the
 * milliseconds the device was busy (field 13, {@code io_ticks}).
 */
public final class DiskStats {
    /** Counters of one device. */
    public record Counters(long sectorsRead, long sectorsWritten, long busyMillis) {
    }

    private DiskStats() {
    }

    /** Counters by device name; malformed lines are skipped. */
    public static Map<String, Counters> parse(String text) {
        Map<String, Counters> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 14) {
                continue;
            }
            try {
                out.put(f[2], new Counters(Long.parseLong(f[5]), Long.parseLong(f[9]), Long.parseLong(f[12])));
            } catch (NumberFormatException e) {
                // not a counters line
            }
        }
        return out;
    }
}
