package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.host.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.host.Outcomes.passes;
import static dev.brokertuner.agent.rules.host.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoatimeRuleTest {
    private final NoatimeRule rule = new NoatimeRule();

    @Test
    void relatimeMountGetsAnFstabLineWithNoatimeAndARemount() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h
                .mount("/data", "/dev/nvme1n1", "ext4", "rw,relatime,seclabel,errors=remount-ro")
                .dataDir("/data/kafka-1", "/data", null).dataDir("/data/kafka-2", "/data", null)),
                Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.subject()).isEqualTo("mount /data (/data/kafka-1, /data/kafka-2)");
        assertThat(f.current()).isEqualTo("relatime");
        assertThat(f.recommended()).isEqualTo("noatime");
        assertThat(f.apply()).containsSubsequence(
                "/dev/nvme1n1 /data ext4 rw,noatime,errors=remount-ro 0 2",
                "mount -o remount,noatime /data");
        assertThat(f.evidence()).containsEntry("options", "rw,relatime,seclabel,errors=remount-ro")
                .containsEntry("dataDirs", "/data/kafka-1, /data/kafka-2");
        assertThat(f.rationale()).contains("Kafka", "noatime");
    }

    @Test
    void noAtimeOptionShownMeansStrictatimeAndNoatimeIsAdded() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h
                .mount("/var/lib/kafka", "srv:/export", "nfs4", "rw,vers=4.2")
                .dataDir("/var/lib/kafka", "/var/lib/kafka", null)), Thresholds.defaults()));
        assertThat(f.current()).isEqualTo("strictatime");
        assertThat(f.subject()).isEqualTo("mount /var/lib/kafka");
        assertThat(f.apply()).contains("srv:/export /var/lib/kafka nfs4 rw,vers=4.2,noatime 0 0");
    }

    @Test
    void rootMountGetsFsckPassOneAndSpacesAreEscaped() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h
                .mount("/", "/dev/sda1", "xfs", "rw,strictatime")
                .mount("/my data", "/dev/sdb1", "xfs", "rw,noatime")
                .dataDir("/kafka", "/", null).dataDir("/my data/kafka", "/my data", null)), Thresholds.defaults()));
        assertThat(f.apply()).contains("/dev/sda1 / xfs rw,noatime 0 1");
        assertThat(NoatimeRule.fstabOptions(List.of("rw", "relatime", "strictatime"))).isEqualTo("rw,noatime");
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
