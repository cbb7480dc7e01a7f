package dev.brokertuner.collector.fleet;

import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Mount;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.RaidArray;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.Severity;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Derives a {@link HostSummary} from a report: pure, no I/O, never throws on missing facts. */
public final class Summaries {
    /** The cluster key of reports with neither a Kafka cluster id nor an alias. */
    public static final String UNASSIGNED = "unassigned";
    /**
     * Most findings a summary keeps (the most severe; the severity counts stay exact): summaries of every host live
     * in memory, and the full report stays in the store.
     */
    public static final int MAX_FINDINGS = 100;
    /** Longest rule id, subject and "current -> recommended" a summary keeps. */
    public static final int MAX_TEXT = 200;
    /** Most rule ids a summary keeps of the rules that could not judge (there are a few dozen rules). */
    public static final int MAX_UNKNOWN_RULES = 64;
    /** Most data dirs whose capacity a summary keeps. */
    public static final int MAX_DISKS = 64;

    private Summaries() {
    }

    /** The summary of {@code r}, stored at {@code receivedAt} from {@code sender}. */
    public static HostSummary of(Report r, Instant receivedAt, String sender) {
        BrokerFacts b = r.broker();
        // a broker that is down reports no cluster id; the agent's last-known one (read from that broker before)
        // files the host in its cluster even when this collector has no earlier report of it (ClusterMembership
        // keeps it otherwise)
        String clusterId = b == null ? null
                : blankToNull(b.clusterId()) != null ? blankToNull(b.clusterId()) : blankToNull(b.lastKnownClusterId());
        String alias = blankToNull(r.clusterAlias());
        String key = clusterId != null ? clusterId : alias != null ? alias : UNASSIGNED;
        int critical = 0;
        int warning = 0;
        int info = 0;
        List<FindingRef> refs = new java.util.ArrayList<>();
        for (Finding f : r.findings()) {
            if (f.severity() == Severity.CRITICAL) {
                critical++;
            } else if (f.severity() == Severity.WARNING) {
                warning++;
            } else {
                info++;
            }
            refs.add(new FindingRef(clip(f.ruleId()), f.severity(), clip(f.subject()), clip(f.current() + " -> "
                    + f.recommended())));
        }
        if (refs.size() > MAX_FINDINGS) {
            // the index keeps every host in memory: the most severe findings, then by rule and subject, so the cut
            // does not move with the order the agent listed them in (a finding crossing it would clear and re-raise)
            refs.sort(Comparator.comparingInt((FindingRef x) -> rank(x.severity()))
                    .thenComparing(FindingRef::ruleId).thenComparing(FindingRef::subject));
            refs = new java.util.ArrayList<>(refs.subList(0, MAX_FINDINGS));
        }
        boolean ok = b != null && b.ok();
        Optional<Nic> nic = brokerNic(r.host());
        return new HostSummary(r.host().hostname(), key, clusterId, alias, sender, r.reportId(), r.generatedAt(),
                receivedAt, r.agentVersion(), b == null ? "not-gathered" : b.status().wire(),
                b == null ? null : b.nodeId(), critical, warning, info, refs, attributes(r),
                ok ? b.metrics().bytesInPerSec() : null, ok ? b.metrics().bytesOutPerSec() : null,
                ok ? b.metrics().partitionCount() : null, ok ? b.metrics().leaderCount() : null, r.host().cpus(),
                diskCapacity(r.host()), nic.map(Nic::speedMbps).orElse(null), ok ? b.topicCount() : null,
                ok ? b.topicPartitionCount() : null, WorkloadSummaries.of(b), unknownRules(r));
    }

    /** The rules with a check that is unknown or failed: each once, sorted, bounded. */
    static List<String> unknownRules(Report r) {
        return r.checks().stream().filter(c -> c.status() != CheckStatus.OK).map(c -> clip(c.ruleId())).distinct()
                .sorted().limit(MAX_UNKNOWN_RULES).toList();
    }

    private static int rank(Severity s) {
        return s == Severity.CRITICAL ? 0 : s == Severity.WARNING ? 1 : 2;
    }

    /** {@code s} cut to {@link #MAX_TEXT} characters (with an ellipsis), null kept. */
    static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "\u2026";
    }

    /** The settings compared across peers; unknown ones are left out. */
    public static Map<String, String> attributes(Report r) {
        HostFacts h = r.host();
        Map<String, String> a = new LinkedHashMap<>();
        List<DataDir> dirs = h.dataDirs();
        put(a, Attribute.DATA_DIR_FS, joined(dirs.stream().map(DataDir::fsType).toList()));
        put(a, Attribute.DATA_DIR_ATIME, joined(dirs.stream().map(d -> atime(h, d)).toList()));
        if (!dirs.isEmpty()) {
            Set<String> levels = new TreeSet<>();
            Set<String> health = new TreeSet<>();
            for (DataDir d : dirs) {
                if (d.raid() == null) {
                    levels.add("none");
                    continue;
                }
                Optional<RaidArray> arr = h.raidArray(d.raid());
                levels.add(arr.map(RaidArray::level).filter(l -> l != null).orElse("unknown"));
                arr.ifPresent(x -> health.add(x.degraded() ? "degraded"
                        : x.syncAction() != null ? x.syncAction() : "healthy"));
            }
            put(a, Attribute.RAID_LEVEL, String.join("+", levels));
            put(a, Attribute.RAID_HEALTH, health.isEmpty() ? null : String.join("+", health));
        }
        brokerNic(h).ifPresent(n -> {
            put(a, Attribute.NIC_SPEED, n.speedMbps() == null ? null : speed(n.speedMbps()));
            put(a, Attribute.NIC_MTU, n.mtu() == null ? null : String.valueOf(n.mtu()));
        });
        put(a, Attribute.RMEM_MAX, h.sysctl().get("net.core.rmem_max"));
        put(a, Attribute.WMEM_MAX, h.sysctl().get("net.core.wmem_max"));
        put(a, Attribute.SWAPPINESS, h.sysctl().get("vm.swappiness"));
        put(a, Attribute.MAX_MAP_COUNT, h.sysctl().get("vm.max_map_count"));
        BrokerFacts b = r.broker();
        if (b != null && b.ok()) {
            put(a, Attribute.IO_THREADS, config(b, "num.io.threads"));
            put(a, Attribute.NETWORK_THREADS, config(b, "num.network.threads"));
            put(a, Attribute.SOCKET_SEND, config(b, "socket.send.buffer.bytes"));
            put(a, Attribute.SOCKET_RECEIVE, config(b, "socket.receive.buffer.bytes"));
            put(a, Attribute.KAFKA_VERSION, b.kafkaVersion());
        }
        return a;
    }

    /**
     * The NIC the broker serves on: the fastest one carrying a broker listener (the agent's {@code brokerListeners},
     * a pod's bridge or veth left out when the node's own link carries it too); without listeners, the one it most
     * likely serves on: up (or state unknown), not enslaved to a bond, fastest first. Empty when the host has no NIC.
     */
    static Optional<Nic> brokerNic(HostFacts h) {
        Comparator<Nic> bySpeed = Comparator.comparing(n -> n.speedMbps() == null ? -1L : n.speedMbps());
        List<Nic> listening = h.nics().stream().filter(n -> !n.brokerListeners().isEmpty()).toList();
        List<Nic> links = listening.stream()
                .filter(n -> n.kind() == null || !List.of("veth", "bridge", "virtual").contains(n.kind()))
                .toList();
        if (!listening.isEmpty()) {
            return (links.isEmpty() ? listening : links).stream().max(bySpeed);
        }
        Set<String> enslaved = new HashSet<>();
        h.nics().forEach(n -> enslaved.addAll(n.bondMembers()));
        Optional<Nic> up = h.nics().stream().filter(n -> !enslaved.contains(n.name()))
                .filter(n -> n.operstate() == null || "up".equals(n.operstate()))
                .max(bySpeed);
        return up.isPresent() ? up : h.nics().stream().max(bySpeed);
    }

    /** {@code 25 Gb/s}, {@code 100 Mb/s}. */
    static String speed(long mbps) {
        return mbps >= 1000 && mbps % 1000 == 0 ? (mbps / 1000) + " Gb/s" : mbps + " Mb/s";
    }

    private static Map<String, Long> diskCapacity(HostFacts h) {
        Map<String, Long> out = new LinkedHashMap<>();
        Set<String> mounts = new HashSet<>();
        for (DataDir d : h.dataDirs()) {
            if (out.size() >= MAX_DISKS) {
                break;
            }
            if (d.totalBytes() != null && mounts.add(d.mountPoint() == null ? d.path() : d.mountPoint())) {
                out.put(d.path(), d.totalBytes());
            }
        }
        return out;
    }

    private static String atime(HostFacts h, DataDir d) {
        if (Boolean.TRUE.equals(d.noatime())) {
            return "noatime";
        }
        Optional<Mount> m = h.mounts().stream().filter(x -> x.mountPoint().equals(d.mountPoint())).findFirst();
        if (m.isEmpty()) {
            return d.noatime() == null ? null : "relatime";
        }
        List<String> o = m.get().options();
        if (o.contains("noatime") || m.get().noatime()) {
            return "noatime";
        }
        if (o.contains("strictatime")) {
            return "strictatime";
        }
        return "relatime";
    }

    private static String config(BrokerFacts b, String name) {
        return b.config(name).map(ConfigValue::value).orElse(null);
    }

    private static String joined(List<String> values) {
        Set<String> s = new LinkedHashSet<>();
        values.stream().filter(v -> v != null && !v.isBlank()).sorted().forEach(s::add);
        return s.isEmpty() ? null : String.join("+", s);
    }

    private static void put(Map<String, String> a, Attribute key, String value) {
        if (value != null && !value.isBlank()) {
            a.put(key.key(), clip(value.trim()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
