package dev.brokertuner.report;

/**
 * CPU use over the sample window, from two reads of {@code <procfs>/stat} (the CPUs the broker may run on, or all
 * when its cpuset is unknown) and of the broker's {@code <procfs>/PID/stat} ({@code utime + stime}).
 *
 * @param windowSeconds  how long the window was
 * @param cpusCounted    how many CPUs' counters {@code busyRatio} and {@code stealRatio} cover
 * @param busyRatio      0..1: the share of those CPUs' time not idle (user, nice, system, irq, softirq and steal;
 *                       iowait counts as idle), null when {@code stat} was unreadable
 * @param stealRatio     0..1: the share the hypervisor took (steal), null with {@code busyRatio}
 * @param processCpus    CPUs' worth of time the broker process used (1.5 = one and a half cores busy), null when
 *                       its {@code stat} was unreadable
 * @param throttledRatio 0..1: the share of its cgroup's CPU quota periods in the window in which the broker's cgroup
 *                       ran out of quota and was throttled ({@code nr_throttled / nr_periods} deltas of cgroup v2
 *                       {@code cpu.stat}), null without a quota or when unreadable
 */
public record CpuUsage(double windowSeconds, int cpusCounted, Double busyRatio, Double stealRatio,
                       Double processCpus, Double throttledRatio) {

    /** Use without throttling counters. */
    public CpuUsage(double windowSeconds, int cpusCounted, Double busyRatio, Double stealRatio, Double processCpus) {
        this(windowSeconds, cpusCounted, busyRatio, stealRatio, processCpus, null);
    }
}
