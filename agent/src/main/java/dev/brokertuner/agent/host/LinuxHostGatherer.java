package dev.brokertuner.agent.host;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostGatherer;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Mount;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.RaidArray;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Linux host's facts from a procfs and a sysfs root (the live {@code /proc} and {@code /sys}, a host mounted
 * elsewhere, or a fixture tree). Each source is read once per gather by its own small reader and parsed by a pure
 * parser; an unreadable source leaves its facts unknown and adds a problem saying why. Never throws.
 */
public final class LinuxHostGatherer implements HostGatherer {
    private static final List<String> MOUNT_TABLES = List.of("1/mountinfo", "self/mountinfo", "mounts");
    private final HostFiles files;
    private final DiskSpace space;
    private final Sleeper sleeper;

    public LinuxHostGatherer(HostPaths paths, DiskSpace space, Sleeper sleeper) {
        this.files = new HostFiles(paths);
        this.space = space;
        this.sleeper = sleeper;
    }

    /** The real clock; data dir capacity from statvfs only when the procfs root is this machine's own. */
    public LinuxHostGatherer(HostPaths paths) {
        this(paths, DiskSpace.forProcfs(paths.procfs()), Sleeper.system());
    }

    @Override
    public Gathered<HostFacts> gather(List<String> logDirs, int sampleSeconds) {
        List<Problem> problems = new ArrayList<>();
        try {
            HostFacts facts = facts(logDirs, sampleSeconds, problems);
            problems.addAll(files.takeTruncations());
            return new Gathered<>(facts, problems);
        } catch (RuntimeException e) {
            problems.add(new Problem("host", "host facts incomplete: " + e));
            return new Gathered<>(new HostFacts(null, null, null, List.of(), List.of(), List.of(), List.of(),
                    List.of(), Map.of(), 0, null), problems);
        }
    }

    private HostFacts facts(List<String> logDirs, int sampleSeconds, List<Problem> problems) {
        String hostname = text("sys/kernel/hostname", "hostname", problems);
        hostname = hostname == null || hostname.isBlank() ? null : hostname.strip();
        String cpuinfo = text("cpuinfo", "CPU count", problems);
        Integer cpus = cpuinfo == null ? null : CpuInfo.logicalCpus(cpuinfo);
        String meminfo = text("meminfo", "memory", problems);
        Long memory = meminfo == null ? null : MemInfo.totalBytes(meminfo);
        Long swapTotal = meminfo == null ? null : MemInfo.swapTotalBytes(meminfo);

        List<Mount> allMounts = mounts(problems);
        List<RaidArray> raid = raid();
        List<BlockDevice> blockDevices = BlockDevices.read(files);
        if (blockDevices.isEmpty() && files.sysList("block").isEmpty()) {
            problems.add(new Problem("sysfs:block", "block devices unknown: " + files.paths().sys("block")
                    + " lists nothing"));
        }
        DataDirMapper mapper = new DataDirMapper(allMounts, new DeviceResolver(blockDevices, raid), space);
        List<DataDir> dataDirs = mapper.map(logDirs);

        Throughput rates = new ThroughputSampler(files, sleeper).sample(sampleSeconds, problems);
        List<Disk> disks = blockDevices.stream().map(d -> disk(d, rates)).toList();
        String netdev = files.proc("net/dev").textOrNull();
        Set<String> netdevNames = netdev == null ? Set.of() : NetDev.parse(netdev).keySet();
        List<Nic> nics = NetInterfaces.read(files, netdevNames).stream().map(n -> nic(n, rates)).toList();
        Map<String, String> sysctl = Sysctls.read(files, problems);
        return new HostFacts(hostname, cpus, memory, reportedMounts(allMounts, dataDirs), dataDirs, raid, disks, nics,
                sysctl, sampleSeconds > 0 ? sampleSeconds : 0, swapTotal);
    }

    private String text(String relative, String fact, List<Problem> problems) {
        Read r = files.proc(relative);
        if (r.textOrNull() == null) {
            problems.add(new Problem("procfs:" + relative, fact + " unknown: " + r.why()));
        }
        return r.textOrNull();
    }

    /** mountinfo of PID 1 (the host's view even when the agent runs in its own mount namespace), then self, then mounts. */
    private List<Mount> mounts(List<Problem> problems) {
        List<String> tried = new ArrayList<>();
        for (String table : MOUNT_TABLES) {
            Read r = files.proc(table);
            if (r.textOrNull() == null) {
                tried.add(r.why());
                continue;
            }
            MountTable.Parsed parsed = table.endsWith("mountinfo") ? MountTable.parseMountinfo(r.textOrNull())
                    : MountTable.parseMounts(r.textOrNull());
            if (parsed.skippedLines() > 0) {
                problems.add(new Problem("procfs:" + table, parsed.skippedLines() + " malformed line(s) skipped"));
            }
            return parsed.mounts();
        }
        problems.add(new Problem("procfs:mounts", "mounts unknown: " + String.join("; ", tried)));
        return List.of();
    }

    private List<RaidArray> raid() {
        String mdstat = files.proc("mdstat").textOrNull();
        List<RaidArray> fromMdstat = mdstat == null ? List.of() : MdStat.parse(mdstat);
        return SysfsMd.merge(fromMdstat, SysfsMd.read(files));
    }

    /** Storage mounts, plus any pseudo mount a data dir sits on (a data dir on tmpfs must show its mount). */
    private static List<Mount> reportedMounts(List<Mount> all, List<DataDir> dataDirs) {
        Set<String> dataMounts = new LinkedHashSet<>();
        dataDirs.forEach(d -> {
            if (d.mountPoint() != null) {
                dataMounts.add(d.mountPoint());
            }
        });
        return all.stream().filter(m -> !PseudoFilesystems.isPseudo(m.fsType())
                || dataMounts.contains(m.mountPoint())).toList();
    }

    private static Disk disk(BlockDevice d, Throughput rates) {
        Throughput.DiskRate r = rates.disks().get(d.name());
        return new Disk(d.name(), d.rotational(), d.sizeBytes(), d.scheduler(),
                r == null ? null : r.readBytesPerSec(), r == null ? null : r.writeBytesPerSec(),
                r == null ? null : r.utilization());
    }

    private static Nic nic(Nic n, Throughput rates) {
        Throughput.NicRate r = rates.nics().get(n.name());
        if (r == null) {
            return n;
        }
        Double util = n.speedMbps() == null ? null
                : Math.min(1.0, Math.max(r.rxBytesPerSec(), r.txBytesPerSec()) * 8 / (n.speedMbps() * 1_000_000.0));
        return new Nic(n.name(), n.speedMbps(), n.duplex(), n.mtu(), n.operstate(), n.bondMembers(),
                r.rxBytesPerSec(), r.txBytesPerSec(), util);
    }
}
