package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoatimeRuleTest {
    private final NoatimeRule rule = new NoatimeRule();

    @Test
    void relatimeMountIsFixedInItsOwnFstabLineNotARebuiltOne() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h
                .mount("/data", "/dev/nvme1n1", "ext4", "rw,relatime,seclabel,errors=remount-ro")
                .dataDir("/data/kafka-1", "/data", null).dataDir("/data/kafka-2", "/data", null)),
                Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.subject()).isEqualTo("mount /data (/data/kafka-1, /data/kafka-2)");
        assertThat(f.current()).isEqualTo("relatime");
        assertThat(f.recommended()).isEqualTo("noatime");
        // /proc lacks fstab-only options (nofail, _netdev, x-systemd.*): only the options field of the existing
        // line is changed, nothing is rebuilt from the kernel's view.
        assertThat(f.apply()).hasSize(3);
        assertThat(f.apply().get(0))
                .startsWith("findmnt --fstab --mountpoint /data   # the line in /etc/fstab for /data");
        assertThat(f.apply().get(1)).isEqualTo("# in that line's 4th field (options) replace relatime/strictatime with "
                + "noatime (or add noatime); keep every other field and option");
        assertThat(f.apply().get(2)).isEqualTo("mount -o remount,noatime /data");
        assertThat(f.apply()).noneMatch(l -> l.contains("/dev/nvme1n1") || l.contains("errors=remount-ro"));
        assertThat(f.evidence()).containsEntry("options", "rw,relatime,seclabel,errors=remount-ro")
                .containsEntry("dataDirs", "/data/kafka-1, /data/kafka-2");
        assertThat(f.rationale()).contains("Kafka", "noatime");
    }

    @Test
    void relatimeIsInfoAndItsRationaleSaysWhatTheKernelActuallyWrites() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.mount("/data", "/dev/sdb1", "xfs", "rw,relatime")
                .dataDir("/data/kafka", "/data", null)), Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        // relatime_need_update(): atime <= mtime or ctime, or atime older than 24 h.
        assertThat(f.rationale()).contains("not later than the file's modification or change time",
                        "more than 24 hours old", "at most one access-time write a day",
                        "already dirtied the same inode",
                        "not a write per read", "not a performance problem")
                .doesNotContain("turning reads into writes", "%s").contains(Sources.MOUNT_ATIME);
        assertThat(f.evidence()).containsEntry("options", "rw,relatime");
    }

    @Test
    void strictatimeWritesOnEveryReadAndIsAWarning() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.mount("/data", "/dev/sdb1", "xfs",
                "rw,strictatime").dataDir("/data/kafka", "/data", null)), Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("strictatime");
        assertThat(f.rationale()).contains("on every read", "turning reads into writes")
                .doesNotContain("lazytime is set");
    }

    @Test
    void strictatimeWithLazytimeKeepsTheUpdatesInMemoryAndIsInfo() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.mount("/data", "/dev/sdb1", "ext4",
                "rw,lazytime").dataDir("/data/kafka", "/data", null)), Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.current()).isEqualTo("strictatime");
        assertThat(f.rationale()).contains("lazytime is set", "stay in memory");
    }

    @Test
    void aMountOnlyAssessedBecauseLogDirsAreUnknownIsNotJudged() {
        // plain inspect on a stock host: / is assessed as if it held Kafka data; nothing says it does.
        var outcomes = rule.evaluate(Snapshots.host(h -> h.mount("/", "/dev/sda1", "xfs", "rw,relatime")
                .dataDir(new DataDir("/", "/", "xfs", false, List.of("sda"), null, null, null, true))),
                Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(unknowns(outcomes)).singleElement().satisfies(u -> {
            assertThat(u.subject()).isEqualTo("mount /");
            assertThat(u.reason()).isEqualTo("log.dirs not known: / is not known to hold Kafka data; "
                    + "run with --log-dirs");
        });
    }

    @Test
    void everySeverityItGivesIsDeclared() {
        assertThat(NoatimeRule.META.severities()).containsExactlyInAnyOrder(Severity.INFO, Severity.WARNING);
        assertThat(rule.id()).isEqualTo("host.fs.noatime");
        assertThat(rule.sources()).contains(Sources.KAFKA_OPS_FS, Sources.MOUNT_ATIME);
    }

    @Test
    void noAtimeOptionShownMeansStrictatime() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h
                .mount("/var/lib/kafka", "/dev/sdb1", "xfs", "rw,attr2")
                .dataDir("/var/lib/kafka", "/var/lib/kafka", null)), Thresholds.defaults()));
        assertThat(f.current()).isEqualTo("strictatime");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.subject()).isEqualTo("mount /var/lib/kafka");
        assertThat(f.rationale()).doesNotContain("24 hours");
        assertThat(f.apply()).contains("mount -o remount,noatime /var/lib/kafka");
    }

    @Test
    void mountPointsWithSpacesAreQuotedForTheShell() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.mount("/my data", "/dev/sdb1", "xfs", "rw")
                .dataDir("/my data/kafka", "/my data", null)), Thresholds.defaults()));
        assertThat(f.apply()).contains("mount -o remount,noatime '/my data'");
        assertThat(NoatimeRule.shellQuote("/it's")).isEqualTo("'/it'\\''s'");
    }

    @ParameterizedTest
    @CsvSource({"/, overlay, overlay", "/var/lib/kafka, nfs4, srv:/export", "/var/lib/kafka, nfs, srv:/export",
            "/mnt/share, cifs, //srv/share", "/mnt/sshfs, fuse.sshfs, user@host:", "/scratch, tmpfs, tmpfs"})
    void unsuitableFilesystemsAreLeftToTheFsTypeRule(String mountPoint, String fs, String device) {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.mount(mountPoint, device, fs, "rw,relatime")
                .dataDir(mountPoint, mountPoint, null)), Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(unknowns(outcomes)).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains(fs, "host.fs.type", "unsuitable"));
    }

    @Test
    void noatimePassesOncePerMount() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.mount("/data", "/dev/sdb", "xfs", "rw,noatime")
                .dataDir("/data/a", "/data", null).dataDir("/data/b", "/data", null)), Thresholds.defaults());
        assertThat(outcomes).hasSize(1);
        assertThat(passes(outcomes)).hasSize(1);
    }

    @Test
    void dataDirWithoutMountIsUnknown() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.dataDir(
                new DataDir("/data/kafka", null, null, null, List.of(), null, null, null))), Thresholds.defaults());
        assertThat(unknowns(outcomes)).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("no mount matched"));
    }
}
