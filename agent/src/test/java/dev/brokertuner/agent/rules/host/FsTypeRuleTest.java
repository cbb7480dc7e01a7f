package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.host.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.host.Outcomes.passes;
import static dev.brokertuner.agent.rules.host.Outcomes.unknowns;
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
        assertThat(f.current()).isEqualTo("ext4");
        assertThat(f.recommended()).isEqualTo("xfs");
        assertThat(f.rationale()).contains("160 ms", "Kafka documentation");
        assertThat(f.evidence()).containsEntry("device", "/dev/sdb1").containsEntry("blockDevices", "sdb");
        assertThat(f.apply()).anyMatch(l -> l.startsWith("mkfs.xfs"))
                .anyMatch(l -> l.contains("xfs defaults,noatime 0 2' >> /etc/fstab"));
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
        assertThat(f.rationale()).contains("Copy-on-write");
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
