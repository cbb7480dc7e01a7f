package dev.brokertuner.agent.host;

import dev.brokertuner.agent.gather.BrokerEndpoints;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostGatherer;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Mount;
import dev.brokertuner.report.NetStack;
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
    /** The collector's hostname set (collector Identifiers, docs/collector.md); outside it a report is refused. */
    static final java.util.regex.Pattern COLLECTOR_HOSTNAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

    private static final List<String> MOUNT_TABLES = List.of("1/mountinfo", "self/mountinfo", "mounts");
    private final HostFiles files;
    private final DiskSpace space;
    private final PathExistence existence;
    private final Sleeper sleeper;
    private final Map<String, Long> declaredNicMbps;

    /**
     * @param declaredNicMbps operator-declared NIC speeds by interface ({@code nics:} / {@code --nic-speed}), used
     *                        where the kernel reports none
     */
    public LinuxHostGatherer(HostPaths paths, DiskSpace space, PathExistence existence, Sleeper sleeper,
                             Map<String, Long> declaredNicMbps) {
        this.files = new HostFiles(paths);
        this.space = space;
        this.existence = existence;
        this.sleeper = sleeper;
        this.declaredNicMbps = Map.copyOf(declaredNicMbps);
    }

    public LinuxHostGatherer(HostPaths paths, DiskSpace space, PathExistence existence, Sleeper sleeper) {
        this(paths, space, existence, sleeper, Map.of());
    }

    /** Data dir existence asked of the filesystem only when the procfs root is this machine's own. */
    public LinuxHostGatherer(HostPaths paths, DiskSpace space, Sleeper sleeper) {
        this(paths, space, PathExistence.forProcfs(paths.procfs()), sleeper, Map.of());
    }

    /** As {@link #LinuxHostGatherer(HostPaths, DiskSpace, Sleeper)} with operator-declared NIC speeds. */
    public LinuxHostGatherer(HostPaths paths, DiskSpace space, Sleeper sleeper, Map<String, Long> declaredNicMbps) {
        this(paths, space, PathExistence.forProcfs(paths.procfs()), sleeper, declaredNicMbps);
    }

    /** The real clock, with operator-declared NIC speeds. */
    public LinuxHostGatherer(HostPaths paths, Map<String, Long> declaredNicMbps) {
        this(paths, DiskSpace.forProcfs(paths.procfs()), PathExistence.forProcfs(paths.procfs()), Sleeper.system(),
                declaredNicMbps);
    }

    /**
     * The real clock; data dir capacity (statvfs) and existence from the filesystem only when the procfs root is this
     * machine's own.
     */
    public LinuxHostGatherer(HostPaths paths) {
        this(paths, Map.of());
    }

    @Override
    public Gathered<HostFacts> gather(List<String> logDirs, int sampleSeconds) {
        return gather(logDirs, java.util.OptionalLong.empty(), sampleSeconds);
    }

    @Override
    public Gathered<HostFacts> gather(List<String> logDirs, java.util.OptionalLong brokerPid, int sampleSeconds) {
        List<Problem> problems = new ArrayList<>();
        try {
            HostFacts facts = facts(logDirs, brokerPid, sampleSeconds, problems);
            problems.addAll(files.takeTruncations());
            return new Gathered<>(facts, problems);
        } catch (RuntimeException e) {
            problems.add(new Problem("host", "host facts incomplete: " + e));
            return new Gathered<>(new HostFacts(null, null, null, List.of(), List.of(), List.of(), List.of(),
                    List.of(), Map.of(), 0, null), problems);
        }
    }

    private HostFacts facts(List<String> logDirs, java.util.OptionalLong brokerPid, int sampleSeconds,
                            List<Problem> problems) {
        String hostname = text("sys/kernel/hostname", "hostname", problems);
        hostname = hostname == null || hostname.isBlank() ? null : hostname.strip();
        if (hostname != null && !COLLECTOR_HOSTNAME.matcher(hostname).matches()) {
            // kept as read: the report says what the kernel says; the problem says what that costs
            problems.add(new Problem("procfs:sys/kernel/hostname", "the hostname (" + hostname.length()
                    + " characters) is outside the set the collector accepts (1-253 ASCII letters, digits, '.', "
                    + "'-' or '_', starting with a letter or digit): the collector will refuse this host's reports "
                    + "with 400 and they will not be published; set a hostname of that set"));
        }
        String cpuinfo = text("cpuinfo", "CPU count", problems);
        Integer cpus = cpuinfo == null ? null : CpuInfo.logicalCpus(cpuinfo);
        String meminfo = text("meminfo", "memory", problems);
        Long memory = meminfo == null ? null : MemInfo.totalBytes(meminfo);
        Long swapTotal = meminfo == null ? null : MemInfo.swapTotalBytes(meminfo);

        List<Mount> allMounts = mounts(problems);
        KernelNameCheck names = new KernelNameCheck(problems);
        List<RaidArray> raid = names.raid(raid());
        List<BlockDevice> blockDevices = names.blockDevices(BlockDevices.read(files));
        if (blockDevices.isEmpty() && files.sysList("block").isEmpty()) {
            problems.add(new Problem("sysfs:block", "block devices unknown: " + files.paths().sys("block")
                    + " lists nothing"));
        }
        DataDirMapper mapper = new DataDirMapper(allMounts, new DeviceResolver(blockDevices, raid), space, existence);
        java.util.Optional<BrokerMounts> ns = brokerPid.isPresent() && !logDirs.isEmpty()
                ? BrokerMounts.read(files, brokerPid.getAsLong(), problems) : java.util.Optional.empty();
        List<DataDir> dataDirs = ns.isPresent()
                ? mapper.mapThrough(ns.get(), logDirs, brokerSpace(brokerPid.getAsLong()), problems)
                : mapper.map(logDirs, problems);

        NetStackReader netReader = new NetStackReader(files);
        NetStack net = netReader.read(problems);
        long sampleStart = System.nanoTime();
        Throughput rates = new ThroughputSampler(files, sleeper).sample(sampleSeconds, problems);
        if (sampleSeconds > 0) {
            NetStack after = netReader.read(null);
            double secs = Math.max(sampleSeconds, (System.nanoTime() - sampleStart) / 1e9);
            net = after.withWindow(NetStackReader.window(net, after, secs));
        }
        List<Disk> disks = blockDevices.stream().map(d -> disk(d, rates)).toList();
        String netdev = files.proc("net/dev").textOrNull();
        Map<String, NetDev.Counters> netCounters = netdev == null ? Map.of() : NetDev.parse(netdev);
        List<Nic> nics = NetInterfaces.read(files, netCounters.keySet(), declaredNicMbps, problems).stream()
                .map(n -> counters(nic(n, rates), netCounters.get(n.name()))).toList();
        Map<String, String> sysctl = Sysctls.read(files, problems);
        return new HostFacts(hostname, cpus, memory, reportedMounts(allMounts, dataDirs), dataDirs, raid, disks, nics,
                sysctl, sampleSeconds > 0 ? sampleSeconds : 0, swapTotal, HugePages.read(files), CpuFreqs.read(files),
                net);
    }

    @Override
    public Gathered<HostFacts> placeListeners(HostFacts facts, BrokerEndpoints endpoints) {
        try {
            return new BrokerInterfaces(files, BrokerInterfaces.resolverFor(files.paths().procfs()))
                    .place(facts, endpoints);
        } catch (RuntimeException e) {
            return new Gathered<>(facts, List.of(new Problem("host:listeners", "the broker's interfaces unknown: "
                    + e)));
        }
    }

    private static Nic counters(Nic n, NetDev.Counters c) {
        if (c == null || c.rxPackets() < 0) {
            return n;
        }
        return n.withCounters(c.rxPackets(), c.rxDropped(), c.txPackets(), c.txDropped());
    }

    /**
     * Capacity of a path in the broker's mount namespace: statvfs through {@code <procfs>/PID/root} where this
     * gatherer may ask the filesystem at all (the live host), else none.
     */
    private DiskSpace brokerSpace(long pid) {
        java.nio.file.Path root = files.paths().proc(pid + "/root");
        return path -> space.of(root + (path.startsWith("/") ? path : "/" + path));
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
        if (r == null) {
            return new Disk(d.name(), d.rotational(), d.sizeBytes(), d.scheduler(), null, null, null);
        }
        return new Disk(d.name(), d.rotational(), d.sizeBytes(), d.scheduler(), r.readBytesPerSec(),
                r.writeBytesPerSec(), r.utilization(), r.readIops(), r.writeIops(), r.readAwaitMs(),
                r.writeAwaitMs(), r.avgQueueSize());
    }

    private static Nic nic(Nic n, Throughput rates) {
        Throughput.NicRate r = rates.nics().get(n.name());
        if (r == null) {
            return n;
        }
        Double util = n.speedMbps() == null ? null
                : Math.min(1.0, Math.max(r.rxBytesPerSec(), r.txBytesPerSec()) * 8 / (n.speedMbps() * 1_000_000.0));
        return n.withRates(r.rxBytesPerSec(), r.txBytesPerSec(), util);
    }
}
