package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.KernelNames;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.apply.SysPaths;
import dev.brokertuner.agent.rules.Units;
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
import java.util.Set;

/**
 * Judges md sync activity from {@code /proc/mdstat}: a recovery, resync, reshape or repair reads or writes every
 * member and competes with the broker's I/O (a warning); a {@code check} scrub and a delayed or pending resync are
 * worth knowing (info). Idle arrays pass, and so does the recovery of a degraded array: {@link RaidDegradedRule}
 * reports it (let it finish), so it is not reported twice.
 */
public final class RaidResyncRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.raid.resync";

    static final RuleMeta META = RuleMeta.of(ID,
            "md resync, reshape, repair or a recovery of a complete array running (warning); a check scrub or a "
                    + "delayed/pending resync (info); a degraded array's recovery is left to host.raid.degraded.",
            Set.of(Source.HOST), List.of(Sources.KAFKA_OPS_DISKS, Sources.MD_ADMIN),
            Set.of(Severity.INFO, Severity.WARNING));

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
            if (a.syncAction() == null || a.syncAction().isBlank() || a.syncAction().equals("idle")) {
                out.add(new Outcome.Pass(subject, "no sync running"));
                continue;
            }
            String action = a.syncAction().toLowerCase(Locale.ROOT);
            if (action.equals("recovery") && a.degraded()) {
                out.add(new Outcome.Pass(subject, "recovery of a degraded array: judged by " + RaidDegradedRule.ID
                        + " (let it finish)"));
                continue;
            }
            String progress = a.syncProgress() == null ? "" : " " + Units.trim(a.syncProgress()) + "%";
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("array", a.name());
            evidence.put("level", String.valueOf(a.level()));
            evidence.put("syncAction", a.syncAction());
            evidence.put("syncProgress", a.syncProgress() == null ? "unknown" : Units.trim(a.syncProgress()) + "%");
            evidence.put("degraded", String.valueOf(a.degraded()));
            if (!dirs.isEmpty()) {
                evidence.put("dataDirs", DataDirs.paths(dirs));
            }
            String where = dirs.isEmpty()
                    ? "No known data dir is on " + a.name() + ", but it shares the host's I/O paths with the broker."
                    : a.name() + " holds " + DataDirs.paths(dirs) + ".";
            String sources = " Sources: " + Sources.KAFKA_OPS_DISKS + "; " + Sources.MD_ADMIN + ".";
            Severity severity;
            String why;
            List<String> apply = new ArrayList<>();
            apply.add(Cmd.of("cat", SysPaths.MDSTAT).comment("progress, speed and time left").line());
            boolean named = KernelNames.isBlockDeviceName(a.name());
            if (action.startsWith("resync=") || action.equals("delayed") || action.equals("pending")) {
                severity = Severity.INFO;
                why = a.name() + " has a resync queued (" + a.syncAction() + "): it starts when the array it waits "
                        + "for (sharing the same disks) finishes, and will then read every member. " + where
                        + " Plan for the I/O it will take." + sources;
            } else if (action.equals("check")) {
                severity = Severity.INFO;
                why = a.name() + " is running a check scrub" + progress + ": it reads every member to find latent "
                        + "errors, which is good practice but competes with the broker's reads and writes while it "
                        + "runs. " + where + " Schedule scrubs off-peak; a running one can be stopped and resumed "
                        + "later." + sources;
                if (named) {
                    apply.add(Cmd.of("echo", "idle").to(SysPaths.mdSyncAction(a.name()))
                            .comment("stop this scrub if it hurts").line());
                }
            } else {
                severity = Severity.WARNING;
                why = a.name() + " is running a " + action + progress + ": it reads " + (action.equals("reshape")
                        ? "and rewrites " : "") + "every member of the array until done. Kafka's documentation "
                        + "says a RAID rebuild \"is so I/O intensive that it effectively disables the server\". "
                        + where + " Until it finishes expect higher produce and fetch latency from this broker; "
                        + "consider moving partition leadership away. To trade sync speed for broker latency, cap "
                        + "this array's own sync_speed_max (KiB/s) below the speed cat /proc/mdstat shows for it "
                        + "(a cap above that speed changes nothing), and set it back to \"system\" when the sync "
                        + "is done; the setting does not survive a reboot." + sources;
                if (named) {
                    apply.add(Shell.comment("to slow only this array's sync: echo SPEED > "
                            + SysPaths.mdSyncSpeedMax(a.name()) + " (SPEED in KiB/s, below the speed shown by cat "
                            + "/proc/mdstat)"));
                    apply.add(Cmd.of("echo", "system").to(SysPaths.mdSyncSpeedMax(a.name()))
                            .comment("revert when the sync is done: back to the system-wide limit").line());
                }
            }
            if (!named) {
                apply.add(Shell.comment(a.name() + " is not a kernel block device name, so no command names it"));
            }
            out.add(new Outcome.Recommend(new Finding(ID, severity, subject, action + progress,
                    "no sync running", why, evidence, apply)));
        }
        return out;
    }
}
