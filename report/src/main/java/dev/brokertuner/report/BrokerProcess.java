package dev.brokertuner.report;

/**
 * The broker's JVM as seen in {@code <procfs>/PID/}: who runs it, its limits, the CPUs it may run on and the CPU it
 * used over the sample window.
 *
 * @param pid                process id
 * @param user               owner (name when resolvable, else uid)
 * @param heapMaxBytes       {@code -Xmx}, null when not on the command line
 * @param openFilesLimit     soft {@code Max open files} from {@code limits}, null when unreadable
 * @param openFiles          entries in {@code fd/}, null when not permitted
 * @param mapCount           lines in {@code maps}, null when not permitted
 * @param swapBytes          {@code VmSwap} of {@code status}: the JVM's memory swapped out now, null when not read
 * @param effectiveCpus      the CPUs the broker can actually run on: the least of its cgroup CPU quota
 *                           ({@code cpu.max}, or {@code cpu.cfs_quota_us / cpu.cfs_period_us} on cgroup v1; may be
 *                           fractional, e.g. 1.5), its cpuset ({@code cpuset.cpus.effective} / v1
 *                           {@code cpuset.effective_cpus}), {@code Cpus_allowed_list} and the online CPUs; null when
 *                           none of them could be read
 * @param effectiveCpusSource which limit gave {@code effectiveCpus} and with what value, e.g.
 *                           {@code cgroup v2 cpu.max 400000 100000 (/kubepods.slice/pod1)}; null with it
 * @param cpu                CPU use over the sample window, null without a window or when unreadable
 */
public record BrokerProcess(long pid, String user, Long heapMaxBytes, Long openFilesLimit, Long openFiles,
                            Long mapCount, Long swapBytes, Double effectiveCpus, String effectiveCpusSource,
                            CpuUsage cpu) {

    /** The process facts without swap, CPU limits or use (the first contract). */
    public BrokerProcess(long pid, String user, Long heapMaxBytes, Long openFilesLimit, Long openFiles,
                         Long mapCount) {
        this(pid, user, heapMaxBytes, openFilesLimit, openFiles, mapCount, null, null, null, null);
    }

    /** Without CPU limits or use. */
    public BrokerProcess(long pid, String user, Long heapMaxBytes, Long openFilesLimit, Long openFiles,
                         Long mapCount, Long swapBytes) {
        this(pid, user, heapMaxBytes, openFilesLimit, openFiles, mapCount, swapBytes, null, null, null);
    }

    /** Without swap use. */
    public BrokerProcess(long pid, String user, Long heapMaxBytes, Long openFilesLimit, Long openFiles,
                         Long mapCount, Double effectiveCpus, String effectiveCpusSource, CpuUsage cpu) {
        this(pid, user, heapMaxBytes, openFilesLimit, openFiles, mapCount, null, effectiveCpus, effectiveCpusSource,
                cpu);
    }

    /** This process with its CPU use over a window. */
    public BrokerProcess withCpu(CpuUsage usage) {
        return new BrokerProcess(pid, user, heapMaxBytes, openFilesLimit, openFiles, mapCount, swapBytes,
                effectiveCpus, effectiveCpusSource, usage);
    }
}
