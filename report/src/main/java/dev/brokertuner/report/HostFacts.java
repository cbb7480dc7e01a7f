package dev.brokertuner.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent read about the host. A fact that could not be read is null (or absent from a list or map), and the
 * reason is in the report's {@code problems}.
 *
 * @param hostname      from {@code <procfs>/sys/kernel/hostname}
 * @param cpus          logical CPUs
 * @param memoryBytes   total memory
 * @param mounts        the mount table
 * @param dataDirs      Kafka data dirs (or assessed mounts), mapped to mounts and devices
 * @param raid          md arrays
 * @param disks         whole block devices
 * @param nics          network interfaces (loopback excluded)
 * @param sysctl        kernel settings by dotted name, values as the kernel prints them (whitespace folded)
 * @param sampleSeconds the throughput sample window, 0 when sampling was skipped
 * @param swapTotalBytes SwapTotal from {@code <procfs>/meminfo} (0 when no swap is configured), null when unknown
 * @param transparentHugePages THP modes from {@code <sysfs>/kernel/mm/transparent_hugepage}, null when unknown
 * @param cpuFrequency  cpufreq driver and governors, null when the host exposes none (most VMs)
 * @param net           host-wide TCP and conntrack counters (never null; unknown counters are null inside)
 */
public record HostFacts(String hostname, Integer cpus, Long memoryBytes, List<Mount> mounts, List<DataDir> dataDirs,
                        List<RaidArray> raid, List<Disk> disks, List<Nic> nics, Map<String, String> sysctl,
                        int sampleSeconds, Long swapTotalBytes, TransparentHugePages transparentHugePages,
                        CpuFrequency cpuFrequency, NetStack net) {
    public HostFacts {
        net = net == null ? NetStack.unknown() : net;
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        dataDirs = dataDirs == null ? List.of() : List.copyOf(dataDirs);
        raid = raid == null ? List.of() : List.copyOf(raid);
        disks = disks == null ? List.of() : List.copyOf(disks);
        nics = nics == null ? List.of() : List.copyOf(nics);
        sysctl = sysctl == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sysctl));
    }

    /** Without THP, cpufreq and TCP counter facts (unknown). */
    public HostFacts(String hostname, Integer cpus, Long memoryBytes, List<Mount> mounts, List<DataDir> dataDirs,
                     List<RaidArray> raid, List<Disk> disks, List<Nic> nics, Map<String, String> sysctl,
                     int sampleSeconds, Long swapTotalBytes) {
        this(hostname, cpus, memoryBytes, mounts, dataDirs, raid, disks, nics, sysctl, sampleSeconds, swapTotalBytes,
                null, null, null);
    }

    /** Without TCP counters (unknown). */
    public HostFacts(String hostname, Integer cpus, Long memoryBytes, List<Mount> mounts, List<DataDir> dataDirs,
                     List<RaidArray> raid, List<Disk> disks, List<Nic> nics, Map<String, String> sysctl,
                     int sampleSeconds, Long swapTotalBytes, TransparentHugePages transparentHugePages,
                     CpuFrequency cpuFrequency) {
        this(hostname, cpus, memoryBytes, mounts, dataDirs, raid, disks, nics, sysctl, sampleSeconds, swapTotalBytes,
                transparentHugePages, cpuFrequency, null);
    }

    /** Without THP and cpufreq facts (unknown). */
    public HostFacts(String hostname, Integer cpus, Long memoryBytes, List<Mount> mounts, List<DataDir> dataDirs,
                     List<RaidArray> raid, List<Disk> disks, List<Nic> nics, Map<String, String> sysctl,
                     int sampleSeconds, Long swapTotalBytes, NetStack net) {
        this(hostname, cpus, memoryBytes, mounts, dataDirs, raid, disks, nics, sysctl, sampleSeconds, swapTotalBytes,
                null, null, net);
    }

    /** These facts with other NICs (the broker's listeners mapped onto them). */
    public HostFacts withNics(List<Nic> other) {
        return new HostFacts(hostname, cpus, memoryBytes, mounts, dataDirs, raid, disks, other, sysctl, sampleSeconds,
                swapTotalBytes, transparentHugePages, cpuFrequency, net);
    }

    /** A sysctl by dotted name, e.g. {@code vm.swappiness}. */
    public Optional<String> sysctl(String name) {
        return Optional.ofNullable(sysctl.get(name));
    }

    /** The md array with this name. */
    public Optional<RaidArray> raidArray(String name) {
        return raid.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The block device with this name. */
    public Optional<Disk> disk(String name) {
        return disks.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
