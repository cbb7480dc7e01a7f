package dev.brokertuner.agent.broker;

import dev.brokertuner.agent.host.BoundedRead;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.CpuUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * CPU use over the sample window: {@link #start} reads {@code <procfs>/stat} and the broker's
 * {@code <procfs>/PID/stat}, {@link Start#end} reads them again, and the deltas give how busy the broker's CPUs were
 * (steal included), how many CPUs' worth the broker itself used, and how often its cgroup ran out of quota. The broker's share is its ticks over the average
 * ticks one CPU counted in the same window, so the clock tick length never enters. Never throws: what cannot be
 * read stays null.
 */
public final class CpuWindow {
    private final HostPaths paths;

    public CpuWindow(HostPaths paths) {
        this.paths = paths;
    }

    /** The counters at the start of a window. */
    public final class Start {
        private final long pid;
        private final Set<Integer> cpus;
        private final Map<Integer, CpuStat.Ticks> host;
        private final OptionalLong process;
        private final long nanos;
        private final java.nio.file.Path cpuStat;
        private final long[] throttling;

        /** The counters {@link #end} read last, kept so that the next window can start where this one ended. */
        private Start ended;

        private Start(long pid, Set<Integer> cpus, java.nio.file.Path cpuStat, long nanos) {
            this(pid, cpus, cpuStat, nanos, CpuWindow.this.hostTicks(), CpuWindow.this.processTicks(pid),
                    throttling(cpuStat));
        }

        private Start(long pid, Set<Integer> cpus, java.nio.file.Path cpuStat, long nanos,
                      Map<Integer, CpuStat.Ticks> host, OptionalLong process, long[] throttling) {
            this.pid = pid;
            this.cpus = Set.copyOf(cpus);
            this.cpuStat = cpuStat;
            this.host = host;
            this.process = process;
            this.throttling = throttling;
            this.nanos = nanos;
        }

        /**
         * A window that starts at the counters the last {@link #end} read, for the same process, CPUs and cgroup; null
         * before any end. The daemon carries it to the next gathering so that the CPU window spans what the JMX
         * window spans when that one is carried too ({@link CpuStarts}).
         */
        public Start following() {
            return ended;
        }

        /** Whether {@code other} measures the same process on the same CPUs and cgroup. */
        public boolean sameTarget(Start other) {
            return other != null && other.pid == pid && other.cpus.equals(cpus)
                    && java.util.Objects.equals(other.cpuStat, cpuStat);
        }

        /** Seconds since the start. */
        public double elapsedSeconds(long nowNanos) {
            return (nowNanos - nanos) / 1e9;
        }

        /** The use between the start and now; null when neither side could be measured. */
        public CpuUsage end(long nowNanos) {
            double seconds = (nowNanos - nanos) / 1e9;
            Map<Integer, CpuStat.Ticks> after = hostTicks();
            OptionalLong proc = processTicks(pid);
            long[] t = throttling(cpuStat);
            ended = after == null ? null : new Start(pid, cpus, cpuStat, nowNanos, after, proc, t);
            if (host == null || after == null || seconds <= 0) {
                return null;
            }
            CpuStat.Ticks delta = new CpuStat.Ticks(0, 0, 0);
            int counted = 0;
            for (Map.Entry<Integer, CpuStat.Ticks> e : after.entrySet()) {
                CpuStat.Ticks b = host.get(e.getKey());
                if (b == null || (!cpus.isEmpty() && !cpus.contains(e.getKey()))) {
                    continue;
                }
                CpuStat.Ticks a = e.getValue();
                if (a.total() < b.total() || a.busy() < b.busy() || a.steal() < b.steal()) {
                    continue;
                }
                delta = delta.plus(new CpuStat.Ticks(a.busy() - b.busy(), a.steal() - b.steal(),
                        a.total() - b.total()));
                counted++;
            }
            if (counted == 0 || delta.total() <= 0) {
                return null;
            }
            Double busy = clamp((double) delta.busy() / delta.total());
            Double steal = clamp((double) delta.steal() / delta.total());
            Double processCpus = null;
            if (process.isPresent() && proc.isPresent() && proc.getAsLong() >= process.getAsLong()) {
                // ticks one CPU counted over the window, from all CPUs (the process may run on any of them)
                long allTotal = 0;
                int all = 0;
                for (Map.Entry<Integer, CpuStat.Ticks> e : after.entrySet()) {
                    CpuStat.Ticks b = host.get(e.getKey());
                    if (b != null && e.getValue().total() >= b.total()) {
                        allTotal += e.getValue().total() - b.total();
                        all++;
                    }
                }
                double perCpu = all == 0 ? 0 : (double) allTotal / all;
                if (perCpu > 0) {
                    processCpus = (proc.getAsLong() - process.getAsLong()) / perCpu;
                }
            }
            Double throttled = null;
            if (throttling != null && t != null && t[0] > throttling[0] && t[1] >= throttling[1]) {
                throttled = clamp((double) (t[1] - throttling[1]) / (t[0] - throttling[0]));
            }
            return new CpuUsage(Math.round(seconds * 1000) / 1000.0, counted, busy, steal, processCpus, throttled);
        }
    }

    /**
     * Reads the start counters.
     *
     * @param pid   the broker's pid
     * @param cpus  the CPUs the broker may run on (empty: all)
     * @param nanos now, from a monotonic clock
     */
    public Start start(long pid, Set<Integer> cpus, long nanos) {
        return new Start(pid, cpus, null, nanos);
    }

    /**
     * Reads the start counters, with the cgroup's throttling counters.
     *
     * @param cpuStat the broker's cgroup v2 {@code cpu.stat}, null when none
     */
    public Start start(long pid, Set<Integer> cpus, java.nio.file.Path cpuStat, long nanos) {
        return new Start(pid, cpus, cpuStat, nanos);
    }

    private static long[] throttling(java.nio.file.Path cpuStat) {
        if (cpuStat == null) {
            return null;
        }
        try {
            return CgroupFiles.throttling(BoundedRead.text(cpuStat)).orElse(null);
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    private Map<Integer, CpuStat.Ticks> hostTicks() {
        String stat = text("stat");
        if (stat == null) {
            return null;
        }
        Map<Integer, CpuStat.Ticks> m = CpuStat.perCpu(stat);
        return m.isEmpty() ? null : m;
    }

    private OptionalLong processTicks(long pid) {
        String stat = text(pid + "/stat");
        return stat == null ? OptionalLong.empty() : CpuStat.processTicks(stat);
    }

    private String text(String relative) {
        try {
            return BoundedRead.text(paths.proc(relative));
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    private static Double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
