package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.RaidArray;
import dev.brokertuner.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaidDegradedRuleTest {
    private final RaidDegradedRule rule = new RaidDegradedRule();

    @Test
    void degradedUnderADataDirIsCritical() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.raid("md0", "raid5", 6, 5, 1)
                .mount("/data", "/dev/md0", "xfs", "rw,noatime").dataDir("/data/kafka", "/data", "md0")),
                Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.current()).isEqualTo("degraded [6/5] 1 failed");
        assertThat(f.recommended()).isEqualTo("all 6 members working");
        assertThat(f.rationale()).contains("/data/kafka", "effectively disables the server");
        assertThat(f.apply()).contains("mdadm --detail /dev/md0   # shows which members are faulty or removed");
        assertThat(f.evidence()).containsEntry("failedDisks", "1").containsEntry("workingDisks", "5");
    }

    @Test
    void theFailedMembersReadAreNamedAndThePlaceholderStepsAreComments() {
        Finding named = onlyFinding(rule.evaluate(Snapshots.host(h -> h.raid(new RaidArray("md0", "raid10", "active",
                4, 3, 1, 0, true, null, null, List.of("sda1", "sdb1", "sdc1", "sdd1"), List.of("sdc1")))),
                Thresholds.defaults()));
        assertThat(named.apply()).contains(
                "mdadm /dev/md0 --fail /dev/sdc1 --remove /dev/sdc1   # the member mdstat marks failed (F)",
                "# after replacing the disk (recovery starts): mdadm /dev/md0 --add /dev/NEW");
        assertThat(named.apply()).noneMatch(l -> !l.startsWith("#") && (l.contains("FAILED") || l.contains("NEW")));
        // failed count without names: no command can name the member
        Finding unnamed = onlyFinding(rule.evaluate(Snapshots.host(h -> h.raid("md0", "raid5", 6, 5, 1)),
                Thresholds.defaults()));
        assertThat(unnamed.apply()).filteredOn(l -> l.contains("--fail") || l.contains("--add"))
                .hasSize(2).allMatch(l -> l.startsWith("# "));
    }

    @Test
    void degradedArrayAlreadyRecoveringIsLeftToFinish() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.raid(new RaidArray("md0", "raid5", "active",
                6, 5, 0, 1, true, "recovery", 37.5, List.of("sda1", "sdb1", "sdc1", "sdd1", "sde1", "sdf1")))
                .mount("/data", "/dev/md0", "xfs", "rw,noatime").dataDir("/data/kafka", "/data", "md0")),
                Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.recommended()).isEqualTo("recovery in progress: let it finish");
        assertThat(f.apply()).hasSize(2);
        assertThat(f.apply().get(0)).startsWith("cat /proc/mdstat");
        assertThat(f.apply().get(1)).startsWith("mdadm --detail /dev/md0");
        assertThat(f.apply()).noneMatch(l -> l.contains("--fail") || l.contains("--remove") || l.contains("--add"));
    }

    @Test
    void degradedElsewhereIsAWarning() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.raid("md1", "raid1", 2, 1, 0)),
                Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.subject()).isEqualTo("md1");
    }

    @Test
    void completeArrayWithAFailedMemberAttachedIsInfo() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.raid(new RaidArray("md2", "raid1", "active",
                2, 2, 1, 0, false, null, null, List.of("sda1", "sdb1", "sdc1")))), Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void healthyArraysPass() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.raid("md0", "raid10", 4, 4, 0)
                .raid("md1", "raid1", 2, 2, 0)), Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(passes(outcomes)).extracting(p -> p.detail()).containsExactly("[4/4] not degraded",
                "[2/2] not degraded");
    }
}
