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
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges the filesystem type under each data dir, from the mount table: XFS passes; ext4 is worth knowing (Kafka's
 * docs measured XFS better), once per host for all its ext4 data dirs, with a sketch rather than a migration script
 * per disk; network, FUSE, overlay and memory filesystems are critical; anything else is a warning.
 */
public final class FsTypeRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.fs.type";
    static final RuleMeta META = RuleMeta.of(ID, "Kafka data dirs belong on XFS (ext4 works: one info per host; "
            + "network, FUSE, overlay and tmpfs filesystems do not).", Set.of(Source.HOST),
            List.of(Sources.KAFKA_OPS_FS, Sources.KAFKA_OPS_DISKS, Sources.DOCKER_STORAGE),
            Set.of(Severity.INFO, Severity.WARNING, Severity.CRITICAL));

    /** The subject of the one ext4 finding per host. */
    static final String EXT4_SUBJECT = "data dirs on ext4";

    /** The ext4 finding: arguments are the count, the data dirs and the source. */
    static final String WHY_EXT4 = """
            %s on ext4 (%s). ext4 works, but Kafka's documentation measured XFS better for Kafka: request local \
            time 160 ms against 250 ms and more for the best ext4 configuration, with less variability; XFS needs \
            no tuning, while the ext4 settings that close the gap (data=writeback, no journal) are unsafe in a \
            failure. Moving a data dir means a new volume and a full copy or re-replication, so this is a choice \
            for the next time its disk is provisioned or replaced, not a change to make on a running broker. \
            Source: %s.""";

    /** A short sketch, not a script: moving a data dir is planned per host, one broker at a time. */
    static final List<String> EXT4_SKETCH = List.of(
            Shell.comment("Nothing to run now. When a data dir's disk is next provisioned or replaced: mkfs.xfs the "
                    + "new volume, mount it with noatime, point that log.dirs entry at it, and let the broker "
                    + "re-replicate the dir's partitions from its peers (or copy the dir while the broker is "
                    + "stopped), one broker at a time."));

    /** What an overlay data dir means (its own reasoning, after the docs' citation); argument: the Docker source. */
    static final String OVERLAY_REASONING = """
            broker-tuner's own reasoning, beyond that documentation: a data dir on overlay lives in the \
            container's writable layer, which exists only as long as the container does: Kubernetes restarts a \
            crashed container with a fresh filesystem, and a container that is recreated, upgraded or rescheduled \
            to another node starts without it. Each time, the broker loses its whole log and must re-replicate \
            everything from its peers (partitions with replication factor 1 are gone). Mount a persistent volume \
            (a PersistentVolumeClaim, a Docker volume or a host path) at the data dir instead; the writable layer \
            is also slower than a volume. Source: %s.""";

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
        List<DataDir> ext4 = new ArrayList<>();
        for (int i = 0; i < host.dataDirs().size(); i++) {
            DataDir dir = host.dataDirs().get(i);
            String subject = subject(dir);
            if (dir.fsType() == null) {
                out.add(new Outcome.Unknown(subject, "filesystem type unknown (no mount matched " + dir.path() + ")"));
                continue;
            }
            String fs = dir.fsType().toLowerCase(Locale.ROOT);
            if (fs.equals("xfs")) {
                out.add(new Outcome.Pass(subject, "xfs"));
                continue;
            }
            if (fs.equals("ext4")) {
                ext4.add(dir);
                continue;
            }
            Severity severity;
            String documented;
            String reasoning = "";
            if (unsuitable(fs)) {
                severity = Severity.CRITICAL;
                documented = kind(fs) + " is not a local disk filesystem, and Kafka's documentation only considers "
                        + "local ext4 and XFS for data dirs.";
                reasoning = fs.equals("overlay") ? OVERLAY_REASONING.formatted(Sources.DOCKER_STORAGE)
                        : "broker-tuner's own reasoning, beyond that documentation: Kafka relies on the page "
                        + "cache and on fast, predictable local writes and renames; on " + fs + " the broker's "
                        + "throughput and latency follow the network or memory behind it, file locking and rename "
                        + "semantics differ from a local disk, and " + (fs.equals("tmpfs") || fs.equals("ramfs")
                        ? "the data is lost at every reboot." : "an outage of the backing service takes the broker's "
                        + "whole log offline.");
            } else {
                severity = Severity.WARNING;
                documented = fs + " is not one of the filesystems Kafka's documentation describes for data dirs (ext4 "
                        + "and XFS, with XFS measured better).";
                reasoning = "broker-tuner's own reasoning, beyond that documentation: "
                        + (fs.equals("btrfs") || fs.equals("zfs")
                        ? "a copy-on-write filesystem writes every change to a new place, so the index files Kafka "
                        + "preallocates and updates in place fragment, and checksums and metadata copies add writes "
                        + "to every append; " : "")
                        + "without tested guidance its latency under Kafka's sequential appends is unknown.";
            }
            if (dir.assessed()) {
                // log.dirs unknown: this mount is only a guess at where Kafka's data is, so it is never judged as
                // severely as a configured data dir (a container's own overlay root is not a broker's data dir)
                severity = Severity.INFO;
            }
            boolean noMigration = dir.assessed() || "/".equals(dir.path());
            String why = documented + " Source: " + Sources.KAFKA_OPS_FS + "."
                    + (reasoning.isEmpty() ? "" : " " + reasoning)
                    + (dir.assessed() ? " The broker's log.dirs were not known, so " + dir.path() + " is a storage "
                    + "mount assessed as if it held Kafka data (so it is at most INFO, never judged like a configured "
                    + "data dir): copying a whole mount is not a data-dir move, so no "
                    + "migration commands are given; run again with the broker's log.dirs (--log-dirs) for them."
                    : noMigration ? " A data dir at / cannot be moved as a unit, so no migration commands are given."
                    : "");
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("dataDir", dir.path());
            evidence.put("mountPoint", String.valueOf(dir.mountPoint()));
            evidence.put("fsType", dir.fsType());
            DataDirs.mountOf(host, dir).ifPresent(m -> evidence.put("device", m.device()));
            if (!dir.devices().isEmpty()) {
                evidence.put("blockDevices", String.join(",", dir.devices()));
            }
            List<String> apply = noMigration ? List.of(Shell.comment("No migration commands: " + dir.path()
                    + (dir.assessed() ? " is a whole mount, assessed because log.dirs were not known; run again with "
                    + "--log-dirs for per-dir steps." : " is the root filesystem; move log.dirs to a dedicated XFS "
                    + "volume first.")))
                    : apply(dir, i + 1);
            out.add(new Outcome.Recommend(new Finding(ID, severity, subject, dir.fsType(), "xfs", why, evidence,
                    apply)));
        }
        if (!ext4.isEmpty()) {
            out.add(ext4(host, ext4));
        }
        return out;
    }

    /** One info finding for every ext4 data dir of the host: a fact to plan with, not a per-disk migration. */
    private static Outcome ext4(HostFacts host, List<DataDir> dirs) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("fsType", "ext4");
        evidence.put("dataDirs", DataDirs.paths(dirs));
        evidence.put("mountPoints", dirs.stream().map(d -> String.valueOf(d.mountPoint())).distinct()
                .collect(Collectors.joining(", ")));
        String devices = dirs.stream().map(d -> DataDirs.mountOf(host, d).map(Mount::device).orElse(null))
                .filter(Objects::nonNull).distinct().collect(Collectors.joining(", "));
        if (!devices.isEmpty()) {
            evidence.put("devices", devices);
        }
        String count = dirs.size() == 1 ? "The data dir is" : "All " + dirs.size() + " of these data dirs are";
        String why = WHY_EXT4.formatted(count, DataDirs.paths(dirs), Sources.KAFKA_OPS_FS);
        return new Outcome.Recommend(new Finding(ID, Severity.INFO, EXT4_SUBJECT, "ext4", "xfs", why, evidence,
                EXT4_SKETCH));
    }

    static boolean unsuitable(String fs) {
        return fs.equals("nfs") || fs.equals("nfs4") || fs.equals("cifs") || fs.equals("smb3") || fs.equals("smbfs")
                || fs.startsWith("fuse") || fs.equals("overlay") || fs.equals("tmpfs") || fs.equals("ramfs")
                || fs.equals("9p") || fs.equals("glusterfs") || fs.equals("ceph");
    }

    private static String kind(String fs) {
        if (fs.startsWith("nfs") || fs.equals("cifs") || fs.startsWith("smb") || fs.equals("9p")
                || fs.equals("glusterfs") || fs.equals("ceph")) {
            return fs + " is a network filesystem: it";
        }
        if (fs.startsWith("fuse")) {
            return fs + " is a FUSE (user-space) filesystem: it";
        }
        if (fs.equals("overlay")) {
            return "overlay is a container's layered root filesystem: it";
        }
        return fs + " lives in memory: it";
    }

    private static String subject(DataDir dir) {
        return dir.mountPoint() == null || dir.mountPoint().equals(dir.path()) ? dir.path()
                : dir.path() + " (mount " + dir.mountPoint() + ")";
    }

    /**
     * Steps that move one configured data dir to its own new XFS volume. {@code n} (the dir's place in the data dir
     * list, from 1) keeps the volume, label, mount point and fstab line of each dir apart, so following every
     * finding on a JBOD host gives each dir its own disk. The label stays within XFS's 12 characters up to n = 99.
     */
    static List<String> apply(DataDir dir, int n) {
        String target = "/data/kafka-xfs-" + n;
        String label = "kafka-data" + n;
        String dev = "/dev/NEWDEV" + n;
        String fstabLine = "LABEL=" + label + " " + target + " xfs defaults,noatime,nofail 0 2";
        List<String> lines = new ArrayList<>();
        lines.add(Shell.comment("Move " + dir.path() + " to its own dedicated local XFS volume, one broker at a time."));
        lines.add(Shell.comment(dev + " is an empty local disk or partition for this data dir only (a different one "
                + "for each data dir): mkfs.xfs erases it."));
        lines.add(Shell.comment("steps, to run by hand once NEWDEV" + n + " is chosen:"));
        List<Cmd> steps = List.of(
                Cmd.of("mkfs.xfs", "-L", label, dev),
                Cmd.of("mkdir", "-p", target),
                Cmd.of("grep", "-qxF", fstabLine, "/etc/fstab")
                        .or(Cmd.of("printf", "%s\\n", fstabLine).appendTo("/etc/fstab"))
                        .comment("adds the line once; running it again changes nothing"),
                Cmd.of("mount", target),
                Cmd.of("systemctl", "stop", "kafka").comment("your broker's unit; wait until it has stopped"),
                Cmd.of("rsync", "-aHXx", dir.path() + "/", target + "/")
                        .and(Cmd.of("chown", "-R", "--reference=" + dir.path(), target)));
        for (Cmd step : steps) {
            // a comment, never a live line: pasted as is, a placeholder device would add the fstab line and copy
            // the data dir onto / (and a second run would copy the stale old dir over the live one)
            lines.add(Shell.comment("  " + step.line()));
        }
        lines.add(Shell.comment("in server.properties replace only the log.dirs entry " + dir.path() + " with "
                + target + " (keep every other entry), then: systemctl start kafka"));
        lines.add(Shell.comment("alternatively start with an empty " + target + " and let the broker re-replicate "
                + "this dir's partitions from its peers"));
        return lines;
    }
}
