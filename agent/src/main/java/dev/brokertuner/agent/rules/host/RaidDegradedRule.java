package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.KernelNames;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.apply.SysPaths;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.RaidArray;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges every md array's health from {@code /proc/mdstat}: a degraded array is critical under a data dir (one more
 * failure loses the broker's log; parity arrays also serve reads by reconstruction) and a warning elsewhere; a failed
 * member still attached to a complete array is worth removing.
 */
public final class RaidDegradedRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.raid.degraded";

    static final RuleMeta META = RuleMeta.of(ID,
            "md arrays must not be degraded: critical under a data dir, a warning elsewhere.",
            Set.of(Source.HOST), List.of(Sources.KAFKA_OPS_DISKS, Sources.MD_ADMIN),
            Set.of(Severity.INFO, Severity.WARNING, Severity.CRITICAL));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        HostFacts host = snapshot.host();
        if (host.raid().isEmpty()) {
            return List.of(new Outcome.Pass("md arrays", "no md arrays"));
        }
        Map<String, List<DataDir>> byRaid = DataDirs.byRaid(host);
        List<Outcome> out = new ArrayList<>();
        for (RaidArray a : host.raid()) {
            List<DataDir> dirs = byRaid.getOrDefault(a.name(), List.of());
            String subject = dirs.isEmpty() ? a.name() : a.name() + " (" + DataDirs.paths(dirs) + ")";
            String counts = a.raidDisks() == null || a.workingDisks() == null ? null
                    : "[" + a.raidDisks() + "/" + a.workingDisks() + "]";
            if (!a.degraded() && a.failedDisks() == 0) {
                if (counts == null && a.state() != null && a.state().startsWith("inactive")) {
                    out.add(new Outcome.Unknown(subject, "array is inactive; member counts not shown"));
                } else {
                    out.add(new Outcome.Pass(subject, (counts == null ? "" : counts + " ") + "not degraded"));
                }
                continue;
            }
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("array", a.name());
            evidence.put("level", String.valueOf(a.level()));
            evidence.put("state", String.valueOf(a.state()));
            evidence.put("raidDisks", String.valueOf(a.raidDisks()));
            evidence.put("workingDisks", String.valueOf(a.workingDisks()));
            evidence.put("failedDisks", String.valueOf(a.failedDisks()));
            evidence.put("spareDisks", String.valueOf(a.spareDisks()));
            evidence.put("members", String.join(",", a.members()));
            if (a.syncAction() != null) {
                evidence.put("syncAction", a.syncAction());
            }
            if (!dirs.isEmpty()) {
                evidence.put("dataDirs", DataDirs.paths(dirs));
            }
            boolean recovering = a.degraded() && "recovery".equals(a.syncAction());
            List<String> apply = new ArrayList<>();
            if (!KernelNames.isBlockDeviceName(a.name())) {
                apply.add(Cmd.of("cat", SysPaths.MDSTAT).line());
                apply.add(Shell.comment(a.name() + " is not a kernel block device name, so no command names it"));
            } else if (recovering) {
                apply.add(Cmd.of("cat", SysPaths.MDSTAT).comment("recovery progress and time left").line());
                apply.add(Cmd.of("mdadm", "--detail", SysPaths.dev(a.name()))
                        .comment("the member being rebuilt and any faulty ones").line());
            } else {
                apply.add(Cmd.of("mdadm", "--detail", SysPaths.dev(a.name()))
                        .comment("shows which members are faulty or removed").line());
                apply.add(Cmd.of("cat", SysPaths.MDSTAT).line());
                List<String> failed = a.failedMembers().stream().filter(KernelNames::isBlockDeviceName).toList();
                if (failed.isEmpty() || failed.size() != a.failedDisks()) {
                    apply.add(Shell.comment("for each faulty member shown by mdadm --detail: mdadm "
                            + SysPaths.dev(a.name()) + " --fail /dev/FAILED --remove /dev/FAILED"));
                } else {
                    for (String f : failed) {
                        apply.add(Cmd.of("mdadm", SysPaths.dev(a.name()), "--fail", SysPaths.dev(f), "--remove",
                                SysPaths.dev(f)).comment("the member mdstat marks failed (F)").line());
                    }
                }
                apply.add(Shell.comment("after replacing the disk (recovery starts): mdadm " + SysPaths.dev(a.name())
                        + " --add /dev/NEW"));
            }
            if (!a.degraded()) {
                String why = a.name() + " is complete (" + (counts == null ? "all slots working" : counts)
                        + ") but still lists " + a.failedDisks() + " failed member(s): a spare took over, so the "
                        + "array has one less spare to rebuild onto next time. Remove the failed member and add a "
                        + "new spare. Source: " + Sources.MD_ADMIN + ".";
                out.add(new Outcome.Recommend(new Finding(ID, Severity.INFO, subject,
                        a.failedDisks() + " failed member(s) attached", "failed members replaced", why, evidence,
                        apply)));
                continue;
            }
            Severity severity = dirs.isEmpty() ? Severity.WARNING : Severity.CRITICAL;
            String current = "degraded " + (counts == null ? "" : counts + " ") + a.failedDisks() + " failed";
            String why = a.name() + " (" + a.level() + ") is running with fewer working members than it needs"
                    + (counts == null ? "" : " " + counts) + ": its redundancy is "
                    + ("raid6".equals(a.level()) ? "reduced" : "gone") + ", so one more disk failure can lose the "
                    + "array, and parity arrays rebuild each read that touched the missing disk from the others. "
                    + (dirs.isEmpty()
                    ? "No known data dir is on it, but it shares the host (and possibly disks or controllers) with the broker."
                    : "It holds " + DataDirs.paths(dirs) + ": losing it takes every partition of this broker "
                    + "offline, and the coming rebuild \"is so I/O intensive that it effectively disables the "
                    + "server\" (Kafka documentation). Consider moving partition leadership away before the rebuild.")
                    + (recovering ? " A recovery" + (a.syncProgress() == null ? "" : " (" + Units.trim(
                    a.syncProgress()) + "% done)") + " is already rebuilding the array: let it finish and watch "
                    + "its progress; replacing members or throttling now only prolongs the time without "
                    + "redundancy." : "")
                    + " Sources: " + Sources.KAFKA_OPS_DISKS + "; " + Sources.MD_ADMIN + ".";
            String recommended = recovering ? "recovery in progress: let it finish"
                    : "all " + (a.raidDisks() == null ? "" : a.raidDisks() + " ") + "members working";
            out.add(new Outcome.Recommend(new Finding(ID, severity, subject, current, recommended, why, evidence,
                    apply)));
        }
        return out;
    }
}
