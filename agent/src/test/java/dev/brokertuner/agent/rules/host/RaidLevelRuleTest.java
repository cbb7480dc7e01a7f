package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RaidLevelRuleTest {
    private final RaidLevelRule rule = new RaidLevelRule();

    private List<Outcome> withLevel(String level) {
        return rule.evaluate(Snapshots.host(h -> h.raid("md0", level, 4, 4, 0)
                .mount("/data", "/dev/md0", "xfs", "rw,noatime").dataDir("/data/kafka", "/data", "md0", "sda")),
                Thresholds.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"raid5", "raid6"})
    void parityRaidIsAWarningExplainingWritePenaltyRebuildAndJbod(String level) {
        Finding f = onlyFinding(withLevel(level));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.subject()).isEqualTo("md0 (/data/kafka)");
        assertThat(f.rationale()).contains("parity", "effectively disables the server", "30-50%", "JBOD",
                "RAID 10");
        assertThat(f.evidence()).containsEntry("level", level).containsEntry("raidDisks", "4");
    }

    @Test
    void raid0IsInfoAboutLosingTheWholeLogUnderKafkasReplication() {
        // Kafka's documentation: replication can stand in for RAID redundancy, so RAID 0 is a deliberate shape
        Finding f = onlyFinding(withLevel("raid0"));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.rationale()).contains("no redundancy", "4 members", "deliberate shape", "replication");
        assertThat(f.apply()).allMatch(l -> l.startsWith("# "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"raid1", "raid10"})
    void mirrorsPass(String level) {
        assertThat(passes(withLevel(level))).hasSize(1);
    }

    @Test
    void arraysNotUnderADataDirAreNotJudged() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.raid("md0", "raid5", 4, 4, 0)
                .mount("/data", "/dev/sdb1", "xfs", "rw,noatime").dataDir("/data/kafka", "/data", null, "sdb")),
                Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(passes(outcomes)).hasSize(1);
    }
}
