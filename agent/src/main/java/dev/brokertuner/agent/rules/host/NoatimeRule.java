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
import dev.brokertuner.report.Mount;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges the atime mode of each mount that holds a data dir, from its per-mount options: {@code strictatime} writes
 * an access time on every read (warning, info with {@code lazytime}); {@code relatime} only when the access time is
 * not later than the modification or change time or is 24 h old, which for Kafka's files is a few inode updates per
 * file per day (info). One outcome per mount, naming the data dirs on it. A mount only assessed because log.dirs
 * were not known is not judged (Unknown): nothing says it holds Kafka data. Network, FUSE,
 * overlay and memory filesystems are left to {@link FsTypeRule}, which flags them as unsuitable: fstab advice for
 * them would repeat that finding and keep the data dir where it should not be.
 */
public final class NoatimeRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.fs.noatime";
    static final RuleMeta META = RuleMeta.of(ID, "Mounts holding Kafka data dirs should use noatime (Kafka never "
            + "reads access times): strictatime writes an access time on every read (warning); relatime at most once "
            + "per file per change or per 24 h (info); network, FUSE, overlay and memory filesystems are left to "
            + "host.fs.type.", Set.of(Source.HOST), List.of(Sources.KAFKA_OPS_FS, Sources.MOUNT_ATIME),
            Set.of(Severity.INFO, Severity.WARNING));

    /** What relatime costs Kafka: arguments are the mode shown and the sources. */
    static final String WHY_RELATIME = """
            The mount uses %s: the kernel updates a file's access time on a read only when that time is not later \
            than the file's modification or change time, or is more than 24 hours old. For Kafka's files: an older \
            segment or index, which no longer changes, gets at most one access-time write a day however often it \
            is read; the active segment gets one on the first read after each append, but the append has already \
            dirtied the same inode (size, modification time), so it joins a write already due. That is not a write \
            per read and not a performance problem: worth removing at the next maintenance. Kafka never uses \
            access times and its documentation recommends noatime for every filesystem holding data dirs. \
            Sources: %s.""";

    /** What strictatime costs Kafka: arguments are the mode shown, the lazytime note and the sources. */
    static final String WHY_STRICTATIME = """
            The mount uses %s: the kernel updates a file's access time on every read, so consumer and follower \
            reads of segments and index files, even old ones that never change, keep dirtying their inodes and \
            the filesystem writes them back, turning reads into writes. %sKafka never uses access times and its \
            documentation recommends noatime for every filesystem holding data dirs. Sources: %s.""";

    static final String LAZYTIME_NOTE = "lazytime is set, so those updates stay in memory and reach the disk only "
            + "with another inode change or after 24 hours: the cost is small. ";

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
        for (DataDir dir : host.dataDirs()) {
            if (dir.mountPoint() == null) {
                out.add(new Outcome.Unknown(dir.path(), "no mount matched " + dir.path()));
            }
        }
        for (Map.Entry<String, List<DataDir>> e : DataDirs.byMountPoint(host).entrySet()) {
            String mountPoint = e.getKey();
            List<DataDir> dirs = e.getValue().stream().filter(d -> !d.assessed()).toList();
            if (dirs.isEmpty()) {
                out.add(new Outcome.Unknown("mount " + mountPoint, "log.dirs not known: " + mountPoint
                        + " is not known to hold Kafka data; run with --log-dirs"));
                continue;
            }
            String subject = subject(mountPoint, dirs);
            Optional<Mount> mount = DataDirs.mountOf(host, dirs.get(0));
            String fsType = mount.map(Mount::fsType).orElse(dirs.get(0).fsType());
            if (fsType != null && FsTypeRule.unsuitable(fsType.toLowerCase(Locale.ROOT))) {
                out.add(new Outcome.Unknown(subject, fsType + " mount: atime not judged; " + FsTypeRule.ID
                        + " flags " + fsType + " as unsuitable for Kafka data dirs, and the fix is to move them to a "
                        + "local disk, not to change this mount's options"));
                continue;
            }
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
                        + "entry is missing, so its options cannot be shown"));
                continue;
            }
            Mount m = mount.get();
            String mode = atimeMode(m.options());
            boolean lazytime = m.options().contains("lazytime");
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("mountPoint", m.mountPoint());
            evidence.put("device", m.device());
            evidence.put("fsType", m.fsType());
            evidence.put("options", String.join(",", m.options()));
            evidence.put("dataDirs", DataDirs.paths(dirs));
            String sources = String.join("; ", META.sources());
            boolean strict = mode.equals("strictatime");
            Severity severity = strict && !lazytime ? Severity.WARNING : Severity.INFO;
            String why = strict ? WHY_STRICTATIME.formatted(mode, lazytime ? LAZYTIME_NOTE : "", sources)
                    : WHY_RELATIME.formatted(mode, sources);
            out.add(new Outcome.Recommend(new Finding(ID, severity, subject, mode, "noatime", why,
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

    /**
     * Points the operator at the existing fstab line and has only its options field changed: the kernel's view of
     * the options lacks fstab-only ones ({@code nofail}, {@code _netdev}, {@code x-systemd.*}) and may differ from
     * what the line says, so a line rebuilt from it could stop the host booting.
     */
    private static List<String> apply(Mount m) {
        return List.of(
                Cmd.of("findmnt", "--fstab", "--mountpoint", m.mountPoint())
                        .comment("the line in /etc/fstab for " + m.mountPoint() + " (no output: it comes from "
                                + "elsewhere, e.g. a systemd .mount unit: add noatime to its Options=)").line(),
                Shell.comment("in that line's 4th field (options) replace relatime/strictatime with noatime (or add "
                        + "noatime); keep every other field and option"),
                Cmd.of("mount", "-o", "remount,noatime", m.mountPoint()).line());
    }

    /** The path as one shell word ({@link Shell#quote}). */
    static String shellQuote(String s) {
        return Shell.quote(s);
    }

    private static String subject(String mountPoint, List<DataDir> dirs) {
        if (dirs.size() == 1 && dirs.get(0).path().equals(mountPoint)) {
            return "mount " + mountPoint;
        }
        return "mount " + mountPoint + " (" + DataDirs.paths(dirs) + ")";
    }
}
