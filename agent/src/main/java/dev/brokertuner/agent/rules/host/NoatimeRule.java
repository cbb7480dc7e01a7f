package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Mount;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges the atime mode of each mount that holds a data dir, from its per-mount options: without {@code noatime}
 * every read of a segment also writes its inode. One outcome per mount, naming the data dirs on it.
 */
public final class NoatimeRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.fs.noatime";

    /** Options the kernel prints that are not accepted back from fstab. */
    private static final Set<String> DISPLAY_ONLY = Set.of("seclabel");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Mounts holding Kafka data dirs should use noatime (Kafka never reads access times).";
    }

    @Override
    public Set<Source> requires() {
        return Set.of(Source.HOST);
    }

    @Override
    public Set<Severity> severities() {
        return Set.of(Severity.WARNING);
    }

    @Override
    public List<String> sources() {
        return List.of(Sources.KAFKA_OPS_FS);
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        HostFacts host = snapshot.host();
        if (host.dataDirs().isEmpty()) {
            return List.of(new Outcome.Unknown("data dirs", "no data dir or storage mount is known"));
        }
        List<Outcome> out = new ArrayList<>();
        for (DataDir dir : host.dataDirs()) {
            if (dir.mountPoint() == null) {
                out.add(new Outcome.Unknown(dir.path(), "no mount matched " + dir.path()));
            }
        }
        for (Map.Entry<String, List<DataDir>> e : DataDirs.byMountPoint(host).entrySet()) {
            String mountPoint = e.getKey();
            List<DataDir> dirs = e.getValue();
            String subject = subject(mountPoint, dirs);
            Optional<Mount> mount = DataDirs.mountOf(host, dirs.get(0));
            Boolean noatime = mount.<Boolean>map(Mount::noatime).orElse(dirs.get(0).noatime());
            if (noatime == null) {
                out.add(new Outcome.Unknown(subject, "mount options of " + mountPoint + " unknown"));
                continue;
            }
            if (noatime) {
                out.add(new Outcome.Pass(subject, "noatime"));
                continue;
            }
            if (mount.isEmpty()) {
                out.add(new Outcome.Unknown(subject, "mount " + mountPoint + " lacks noatime but its mount-table "
                        + "entry is missing, so no fstab line can be written"));
                continue;
            }
            Mount m = mount.get();
            String mode = atimeMode(m.options());
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("mountPoint", m.mountPoint());
            evidence.put("device", m.device());
            evidence.put("fsType", m.fsType());
            evidence.put("options", String.join(",", m.options()));
            evidence.put("dataDirs", DataDirs.paths(dirs));
            String why = "The mount uses " + mode + ": the kernel then writes an inode update when a segment or "
                    + "index file is read, turning consumer and follower reads into writes. Kafka never uses access "
                    + "times, and its documentation recommends noatime for every filesystem holding data dirs"
                    + (mode.equals("relatime") ? " (relatime already limits these writes to about one per file per "
                    + "day, so the gain is smaller but still free)" : "")
                    + ". Source: " + Sources.KAFKA_OPS_FS + ".";
            out.add(new Outcome.Recommend(new Finding(ID, Severity.WARNING, subject, mode, "noatime", why,
                    evidence, apply(m))));
        }
        return out;
    }

    /** {@code noatime}, {@code relatime}, {@code strictatime}, or {@code strictatime} when none is shown. */
    static String atimeMode(List<String> options) {
        for (String o : options) {
            if (o.equals("noatime") || o.equals("relatime") || o.equals("strictatime")) {
                return o;
            }
        }
        return "strictatime";
    }

    /** The fstab options: the mount's own, with its atime mode replaced by {@code noatime}. */
    static String fstabOptions(List<String> options) {
        List<String> out = new ArrayList<>();
        boolean added = false;
        for (String o : options) {
            if (DISPLAY_ONLY.contains(o)) {
                continue;
            }
            if (o.equals("relatime") || o.equals("strictatime") || o.equals("noatime")) {
                if (!added) {
                    out.add("noatime");
                    added = true;
                }
                continue;
            }
            out.add(o);
        }
        if (!added) {
            out.add("noatime");
        }
        return String.join(",", out);
    }

    private static List<String> apply(Mount m) {
        String mp = fstabEscape(m.mountPoint());
        return List.of(
                "# In /etc/fstab, make the line for " + m.mountPoint()
                        + " read as follows (keep its UUID= or LABEL= source if it has one):",
                fstabEscape(m.device()) + " " + mp + " " + m.fsType() + " " + fstabOptions(m.options()) + " 0 " + fsckPass(m),
                "mount -o remount,noatime " + m.mountPoint());
    }

    /** fstab's sixth field: 1 for the root filesystem, 0 for network and memory filesystems, else 2. */
    static int fsckPass(Mount m) {
        if (m.mountPoint().equals("/")) {
            return 1;
        }
        return FsTypeRule.unsuitable(m.fsType()) ? 0 : 2;
    }

    private static String fstabEscape(String s) {
        return s.replace(" ", "\\040").replace("\t", "\\011");
    }

    private static String subject(String mountPoint, List<DataDir> dirs) {
        if (dirs.size() == 1 && dirs.get(0).path().equals(mountPoint)) {
            return "mount " + mountPoint;
        }
        return "mount " + mountPoint + " (" + DataDirs.paths(dirs) + ")";
    }
}
