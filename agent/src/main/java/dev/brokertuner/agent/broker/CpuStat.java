package dev.brokertuner.agent.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Parsers for CPU time counters: the per-CPU lines of {@code <procfs>/stat} and {@code utime + stime} of
 * {@code <procfs>/PID/stat}. Both count in clock ticks (USER_HZ); the agent never needs the tick length, because the
 * process's ticks are compared with the host's ticks over the same window.
 */
public final class CpuStat {
    private CpuStat() {
    }

    /**
     * One CPU's counters.
     *
     * @param busy  user + nice + system + irq + softirq + steal (guest time is already inside user)
     * @param steal time the hypervisor ran something else
     * @param total busy + idle + iowait
     */
    public record Ticks(long busy, long steal, long total) {
        /** The counters of several CPUs together. */
        public Ticks plus(Ticks o) {
            return new Ticks(busy + o.busy, steal + o.steal, total + o.total);
        }
    }

    /** The {@code cpuN} lines of {@code <procfs>/stat} by CPU number (the aggregate {@code cpu} line is left out). */
    public static Map<Integer, Ticks> perCpu(String stat) {
        Map<Integer, Ticks> cpus = new LinkedHashMap<>();
        for (String line : stat.split("\n")) {
            if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
                continue;
            }
            String[] f = line.strip().split("\\s+");
            if (f.length < 5) {
                continue;
            }
            try {
                int cpu = Integer.parseInt(f[0].substring(3));
                long[] v = new long[8];
                for (int i = 0; i < 8; i++) {
                    v[i] = i + 1 < f.length ? Long.parseLong(f[i + 1]) : 0;
                }
                // user nice system idle iowait irq softirq steal
                long busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
                cpus.put(cpu, new Ticks(busy, v[7], busy + v[3] + v[4]));
            } catch (NumberFormatException e) {
                // a line that is not a CPU's counters
            }
        }
        return cpus;
    }

    /**
     * {@code utime + stime} (fields 14 and 15) of {@code <procfs>/PID/stat}; the command name (field 2) may hold
     * spaces and parentheses, so fields are counted after its last {@code )}.
     */
    public static OptionalLong processTicks(String pidStat) {
        int close = pidStat.lastIndexOf(')');
        if (close < 0) {
            return OptionalLong.empty();
        }
        String[] f = pidStat.substring(close + 1).strip().split("\\s+");
        // f[0] is field 3 (state): utime is field 14, stime field 15
        if (f.length < 13) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
