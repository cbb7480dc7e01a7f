package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.RaidArray;
import dev.brokertuner.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RaidResyncRuleTest {
    private final RaidResyncRule rule = new RaidResyncRule();

    private List<Outcome> syncing(String action, Double progress) {
        return rule.evaluate(Snapshots.host(h -> h.raid(new RaidArray("md0", "raid5", "active", 6, 5, 0, 0, true,
                action, progress, List.of("sda1")))), Thresholds.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"resync", "reshape"})
    void rebuildsAreWarningsWithProgress(String action) {
        Finding f = onlyFinding(syncing(action, 12.6));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo(action + " 12.6%");
        assertThat(f.evidence()).containsEntry("syncProgress", "12.6%");
        assertThat(f.rationale()).contains("effectively disables the server");
    }

    private List<Outcome> syncingHealthy(String action) {
        return rule.evaluate(Snapshots.host(h -> h.raid(new RaidArray("md1", "raid10", "active", 4, 4, 0, 0, false,
                action, 40.0, List.of("sda1", "sdb1", "sdc1", "sdd1")))), Thresholds.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"resync", "reshape", "repair"})
    void throttlingIsPerArrayWithARevertAndNoSystemWideSysctl(String action) {
        Finding f = onlyFinding(syncingHealthy(action));
        assertThat(f.apply()).noneMatch(l -> l.contains("sysctl") || l.contains("speed_limit_max"));
        // the speed is the operator's to pick: a comment, not a live command with a placeholder
        assertThat(f.apply()).anyMatch(l -> l.startsWith("# ") && l.contains("echo SPEED > /sys/block/md1/md/sync_speed_max")
                && l.contains("below the speed") && l.contains("cat /proc/mdstat"));
        assertThat(f.apply()).noneMatch(l -> l.startsWith("echo SPEED"));
        assertThat(f.apply()).anyMatch(l -> l.startsWith("echo system > /sys/block/md1/md/sync_speed_max"));
        assertThat(f.rationale()).doesNotContain("speed_limit_max");
    }

    @Test
    void recoveryOfADegradedArrayIsLeftToTheDegradedRule() {
        var outcomes = syncing("recovery", 12.6);
        assertThat(findings(outcomes)).isEmpty();
        assertThat(passes(outcomes)).singleElement()
                .satisfies(p -> assertThat(p.detail()).contains("host.raid.degraded", "let it finish"));
    }

    @Test
    void recoveryOfACompleteArrayIsStillAWarning() {
        Finding f = onlyFinding(syncingHealthy("recovery"));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("recovery 40%");
    }

    @Test
    void checkScrubIsInfo() {
        Finding f = onlyFinding(syncing("check", 94.3));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.current()).isEqualTo("check 94.3%");
        assertThat(f.apply()).anyMatch(l -> l.startsWith("echo idle > "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"resync=DELAYED", "resync=PENDING"})
    void queuedResyncIsInfo(String action) {
        Finding f = onlyFinding(syncing(action, null));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.evidence()).containsEntry("syncProgress", "unknown");
    }

    @Test
    void idleArraysPass() {
        assertThat(passes(syncing(null, null))).hasSize(1);
    }
}
