package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FsTypeRuleTest {
    private final FsTypeRule rule = new FsTypeRule();

    private List<Outcome> on(String fsType, String device) {
        return rule.evaluate(Snapshots.host(h -> h.mount("/data", device, fsType, "rw,noatime")
                .dataDir("/data/kafka", "/data", null, "sdb")), Thresholds.defaults());
    }

    @Test
    void xfsPasses() {
        assertThat(passes(on("xfs", "/dev/sdb1"))).singleElement()
                .satisfies(p -> assertThat(p.subject()).isEqualTo("/data/kafka (mount /data)"));
    }

    @Test
    void ext4IsInfoPointingAtXfsMeasurements() {
        Finding f = onlyFinding(on("ext4", "/dev/sdb1"));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.subject()).isEqualTo("data dirs on ext4");
        assertThat(f.current()).isEqualTo("ext4");
        assertThat(f.recommended()).isEqualTo("xfs");
        assertThat(f.rationale()).contains("160 ms", "Kafka's documentation", "The data dir is on ext4 (/data/kafka)",
                "next time its disk is provisioned").doesNotContain("%s");
        assertThat(f.evidence()).containsEntry("dataDirs", "/data/kafka").containsEntry("mountPoints", "/data")
                .containsEntry("devices", "/dev/sdb1");
        // A sketch, not a migration script: nothing to run on a healthy broker.
        assertThat(f.apply()).singleElement().satisfies(l -> assertThat(l).startsWith("# Nothing to run now"));
    }

    @Test
    void ext4JbodGetsOneFindingPerHostListingEveryDir() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h
                .mount("/disk1", "/dev/sdb1", "ext4", "rw,noatime").mount("/disk2", "/dev/sdc1", "ext4", "rw,noatime")
                .mount("/disk3", "/dev/sdd1", "xfs", "rw,noatime")
                .dataDir("/disk1/kafka", "/disk1", null).dataDir("/disk2/kafka", "/disk2", null)
                .dataDir("/disk3/kafka", "/disk3", null)), Thresholds.defaults());
        Finding f = onlyFinding(outcomes);
        assertThat(f.subject()).isEqualTo("data dirs on ext4");
        assertThat(f.evidence()).containsEntry("dataDirs", "/disk1/kafka, /disk2/kafka")
                .containsEntry("mountPoints", "/disk1, /disk2").containsEntry("devices", "/dev/sdb1, /dev/sdc1");
        assertThat(f.rationale()).contains("All 2 of these data dirs are on ext4");
        assertThat(String.join("\n", f.apply())).doesNotContain("mkfs.xfs -L", "rsync", "/etc/fstab", "NEWDEV");
        assertThat(passes(outcomes)).singleElement()
                .satisfies(p -> assertThat(p.subject()).isEqualTo("/disk3/kafka (mount /disk3)"));
    }

    @Test
    void overlaySaysTheWritableLayerDiesWithTheContainer() {
        Finding f = onlyFinding(on("overlay", "overlay"));
        String rationale = f.rationale();
        String own = rationale.substring(rationale.indexOf("Source: "));
        assertThat(own).contains("broker-tuner's own reasoning", "writable layer", "exists only as long as the "
                + "container", "rescheduled", "re-replicate", "persistent volume", Sources.DOCKER_STORAGE);
        // Not the network/memory reasoning of the other unsuitable filesystems.
        assertThat(rationale).doesNotContain("network or memory behind it", "backing service", "%s");
    }

    @ParameterizedTest
    @CsvSource({"nfs4,server:/export", "nfs,server:/export", "cifs,//srv/share", "smb3,//srv/share",
            "fuse.sshfs,user@host:", "overlay,overlay", "tmpfs,tmpfs"})
    void networkFuseOverlayAndMemoryFilesystemsAreCritical(String fs, String device) {
        Finding f = onlyFinding(on(fs, device));
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.current()).isEqualTo(fs);
    }

    @Test
    void otherLocalFilesystemsAreWarnings() {
        Finding f = onlyFinding(on("btrfs", "/dev/mapper/luks"));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.rationale()).contains("copy-on-write");
    }

    @Test
    void claimsBeyondKafkaDocsAreWordedAsTheProductsReasoning() {
        String btrfs = onlyFinding(on("btrfs", "/dev/mapper/luks")).rationale();
        String nfs = onlyFinding(on("nfs4", "srv:/export")).rationale();
        // The Kafka docs' citation closes the documented part; what follows is broker-tuner's own reasoning.
        assertThat(btrfs.substring(btrfs.indexOf("Source: "))).contains("broker-tuner's own reasoning")
                .contains("copy-on-write");
        assertThat(btrfs.substring(0, btrfs.indexOf("Source: "))).doesNotContainIgnoringCase("copy-on-write");
        assertThat(nfs.substring(nfs.indexOf("Source: "))).contains("broker-tuner's own reasoning")
                .contains("file locking and rename semantics differ");
        assertThat(nfs.substring(0, nfs.indexOf("Source: "))).doesNotContain("locking");
    }

    @Test
    void jbodDataDirsEachGetTheirOwnVolumeLabelAndLogDirsEntry() {
        // btrfs (a warning) keeps a migration per dir; ext4 gets one sketch per host instead.
        List<Finding> fs = findings(rule.evaluate(Snapshots.host(h -> h
                .mount("/disk1", "/dev/sdb1", "btrfs", "rw,noatime").mount("/disk2", "/dev/sdc1", "btrfs", "rw,noatime")
                .mount("/disk3", "/dev/sdd1", "btrfs", "rw,noatime")
                .dataDir("/disk1/kafka", "/disk1", null).dataDir("/disk2/kafka", "/disk2", null)
                .dataDir("/disk3/kafka", "/disk3", null)), Thresholds.defaults()));
        assertThat(fs).hasSize(3);
        for (int n = 1; n <= 3; n++) {
            Finding f = fs.get(n - 1);
            String target = "/data/kafka-xfs-" + n;
            String logDirsLine = "replace only the log.dirs entry /disk" + n + "/kafka with " + target;
            assertThat(f.apply()).contains("# steps, to run by hand once NEWDEV" + n + " is chosen:",
                    "#   mkfs.xfs -L kafka-data" + n + " /dev/NEWDEV" + n,
                    "#   mkdir -p " + target,
                    "#   grep -qxF 'LABEL=kafka-data" + n + " " + target + " xfs defaults,noatime,nofail 0 2' "
                            + "/etc/fstab || printf '%s\\n' 'LABEL=kafka-data" + n + " " + target
                            + " xfs defaults,noatime,nofail 0 2' >> /etc/fstab   # adds the line once; running it "
                            + "again changes nothing",
                    "#   mount " + target,
                    "#   rsync -aHXx /disk" + n + "/kafka/ " + target + "/ && chown -R --reference=/disk" + n
                            + "/kafka " + target)
                    .anyMatch(l -> l.contains(logDirsLine));
        }
        // Following every finding never reuses a disk, label, mount point or fstab line.
        List<String> commands = fs.stream().flatMap(f -> f.apply().stream()).filter(l -> l.startsWith("#   "))
                .filter(l -> !l.startsWith("#   systemctl")).toList();
        assertThat(commands).hasSize(15).doesNotHaveDuplicates();
        // No live command: every step is a comment, to run by hand once the new device is chosen.
        assertThat(fs).allSatisfy(f -> assertThat(f.apply()).allMatch(l -> l.startsWith("#")));
    }

    @Test
    void xfsLabelsStayWithinTwelveCharacters() {
        DataDir dir = new DataDir("/d/kafka", "/d", "ext4", true, List.of(), null, null, null);
        assertThat(FsTypeRule.apply(dir, 99)).contains("#   mkfs.xfs -L kafka-data99 /dev/NEWDEV99");
    }

    @ParameterizedTest
    @CsvSource({"/,btrfs,info", "/home,btrfs,info", "/,overlay,info"})
    void anAssessedMountKeepsItsFindingButGetsNoMigrationCommands(String mountPoint, String fs, String severity) {
        // With no log.dirs known, the gatherer lists each storage mount as a data dir, marked assessed.
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.mount(mountPoint, "/dev/sda1", fs, "rw")
                .dataDir(new DataDir(mountPoint, mountPoint, fs, false, List.of("sda"), null, null, null, true))),
                Thresholds.defaults()));
        assertThat(f.current()).isEqualTo(fs);
        // only a guess at where the data is: at most INFO, whatever a configured data dir on it gets
        assertThat(f.severity().wire()).isEqualTo(severity);
        assertThat(f.rationale()).contains("log.dirs were not known", "no migration commands");
        assertThat(f.apply()).singleElement().satisfies(l -> assertThat(l).startsWith("# No migration commands"));
        assertThat(String.join("\n", f.apply())).doesNotContain("rsync", "mkfs", "/etc/fstab", "//");
    }

    @ParameterizedTest
    @CsvSource({"/,ext4", "/home,ext4"})
    void anAssessedExt4MountGetsTheSameHostWideSketch(String mountPoint, String fs) {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.mount(mountPoint, "/dev/sda1", fs, "rw")
                .dataDir(new DataDir(mountPoint, mountPoint, fs, false, List.of("sda"), null, null, null, true))),
                Thresholds.defaults()));
        assertThat(f.subject()).isEqualTo("data dirs on ext4");
        assertThat(String.join("\n", f.apply())).doesNotContain("rsync", "mkfs.xfs -L", "/etc/fstab");
    }

    @Test
    void aConfiguredLogDirThatIsAWholeMountStillGetsItsMigration() {
        // JBOD: log.dirs=/data/kafka1 where /data/kafka1 is itself the mount.
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.mount("/data/kafka1", "/dev/sdb", "btrfs", "rw")
                .dataDir("/data/kafka1", "/data/kafka1", null, "sdb")), Thresholds.defaults()));
        assertThat(String.join("\n", f.apply())).contains("rsync", "mkfs.xfs -L kafka-data1");
        assertThat(f.rationale()).doesNotContain("log.dirs were not known");
    }

    @Test
    void aDataDirAtTheRootGetsNoMigrationCommands() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.mount("/", "/dev/sda1", "btrfs", "rw")
                .dataDir("/", "/", null, "sda")), Thresholds.defaults()));
        assertThat(f.apply()).singleElement().satisfies(l -> assertThat(l).startsWith("# No migration commands"));
    }

    @Test
    void unknownFilesystemTypeMakesNoClaim() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.dataDir(
                new DataDir("/data/kafka", null, null, null, List.of(), null, null, null))), Thresholds.defaults());
        assertThat(unknowns(outcomes)).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("filesystem type unknown"));
    }

    @Test
    void noDataDirsIsUnknown() {
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> { }), Thresholds.defaults()))).hasSize(1);
    }
}
