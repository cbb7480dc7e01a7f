package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.RaidArray;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges the md RAID level under each data dir (from {@code /proc/mdstat} as mapped by the host gatherer): parity
 * RAID (4, 5, 6) pays a write penalty and a long, broker-disabling rebuild (warning); striping without redundancy
 * (RAID 0, linear) loses the broker's whole log with one disk, but is a deliberate shape when Kafka's replication
 * stands in for RAID redundancy, as Kafka's documentation allows (info); mirrors (RAID 1, 10) pass. Explains the
 * JBOD alternative.
 */
public final class RaidLevelRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.raid.level";

    private static final String JBOD = "Alternatives: JBOD (one filesystem per disk, all listed in log.dirs) lets "
            + "Kafka's own replication provide redundancy: each partition lives on one disk, a failed disk takes only "
            + "its partitions offline (KIP-112), and no rebuild is needed, but partitions are placed round-robin so "
            + "skewed partitions unbalance disks (JBOD in KRaft needs Kafka 3.7+, production-ready from 3.8). RAID 10 "
            + "survives a disk loss without a broker-wide outage and balances load, at the cost of half the raw "
            + "capacity for data Kafka already replicates across brokers, and its throughput follows its slowest disk.";

    static final RuleMeta META = RuleMeta.of(ID,
            "No parity RAID (5/6) under Kafka data dirs (warning); unprotected striping (RAID 0, linear) relies on "
                    + "Kafka's replication for redundancy, a deliberate shape (info); prefer JBOD or RAID 10.",
            Set.of(Source.HOST), List.of(Sources.KAFKA_OPS_DISKS, Sources.KIP112_RAID, Sources.CLOUDERA_JBOD),
            Set.of(Severity.INFO, Severity.WARNING));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        HostFacts host = snapshot.host();
        if (host.dataDirs().isEmpty()) {
            return List.of(new Outcome.Unknown("data dirs", "no data dir or storage mount is known"));
        }
        List<Outcome> out = new ArrayList<>();
        Map<String, List<DataDir>> byRaid = DataDirs.byRaid(host);
        if (byRaid.isEmpty()) {
            out.add(new Outcome.Pass("data dirs", "no Linux md array under the data dirs (hardware RAID, if any, is "
                    + "not visible to the agent)"));
            return out;
        }
        for (Map.Entry<String, List<DataDir>> e : byRaid.entrySet()) {
            String name = e.getKey();
            List<DataDir> dirs = e.getValue();
            Optional<RaidArray> array = host.raidArray(name);
            String subject = name + " (" + DataDirs.paths(dirs) + ")";
            if (array.isEmpty() || array.get().level() == null) {
                out.add(new Outcome.Unknown(subject, "RAID level of " + name + " unknown"));
                continue;
            }
            RaidArray a = array.get();
            String level = a.level().toLowerCase(Locale.ROOT);
            String why;
            String recommended;
            Severity severity = Severity.WARNING;
            switch (level) {
                case "raid1", "raid10" -> {
                    out.add(new Outcome.Pass(subject, level));
                    continue;
                }
                case "raid4", "raid5", "raid6" -> {
                    recommended = "JBOD (one filesystem per disk in log.dirs) or raid10";
                    why = level + " writes parity: every small write becomes read-modify-write on several disks, "
                            + "and a rebuild reads every member for hours. Kafka's documentation calls RAID \"usually "
                            + "a big performance hit for write throughput\" and says a rebuild \"is so I/O intensive "
                            + "that it effectively disables the server\"; LinkedIn measured RAID 5/6 30-50% slower "
                            + "than RAID 10 in normal operation, with slower rebuilds.";
                }
                case "raid0", "linear" -> {
                    severity = Severity.INFO;
                    recommended = "JBOD (one filesystem per disk in log.dirs) or raid10";
                    why = level + " has no redundancy: losing any one of its " + members(a) + " takes the whole "
                            + "array, so every partition on this broker, offline at once, and all of it must then "
                            + "be re-replicated from other brokers. That is a deliberate shape when Kafka's "
                            + "replication (replication factor 3, min.insync.replicas 2) stands in for RAID "
                            + "redundancy, which Kafka's documentation allows, so this is information, not a fault. "
                            + "With JBOD the same disk loss costs only the partitions on that disk.";
                }
                default -> {
                    out.add(new Outcome.Unknown(subject, "RAID level " + a.level() + " is not judged"));
                    continue;
                }
            }
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("array", a.name());
            evidence.put("level", a.level());
            evidence.put("raidDisks", String.valueOf(a.raidDisks()));
            evidence.put("members", String.join(",", a.members()));
            evidence.put("dataDirs", DataDirs.paths(dirs));
            List<String> apply = List.of(
                    Shell.comment("Changing RAID level means rebuilding the storage of this broker; do one broker "
                            + "at a time:"),
                    Shell.comment("1. move its partitions away or accept re-replication: stop the broker "
                            + "(systemctl stop kafka)"),
                    Shell.comment("2. " + Cmd.of("mdadm", "--stop", "/dev/" + a.name())
                            .and(Cmd.of("mdadm", "--zero-superblock", "<each member>")).line()),
                    Shell.comment("3. JBOD: mkfs.xfs on each disk, mount each with noatime, list all mounts in "
                            + "log.dirs"),
                    Shell.comment("   or RAID 10: " + Cmd.of("mdadm", "--create", "/dev/" + a.name(), "--level=10",
                            "--raid-devices=N", "<members>").line()),
                    Shell.comment("4. start the broker and let it re-replicate from its peers"));
            out.add(new Outcome.Recommend(new Finding(ID, severity, subject, level, recommended,
                    why + " " + JBOD + " Sources: " + Sources.KAFKA_OPS_DISKS + "; " + Sources.KIP112_RAID + "; "
                            + Sources.CLOUDERA_JBOD + ".", evidence, apply)));
        }
        return out;
    }

    private static String members(RaidArray a) {
        return a.raidDisks() == null ? "members" : a.raidDisks() + " members";
    }
}
