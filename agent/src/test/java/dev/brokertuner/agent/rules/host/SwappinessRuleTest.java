package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwappinessRuleTest {
    private final SwappinessRule rule = new SwappinessRule();

    @Test
    void defaultSixtyIsAWarningWithSysctlLines() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.sysctl("vm.swappiness", "60")),
                Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("60");
        assertThat(f.recommended()).isEqualTo("1");
        assertThat(f.apply()).containsExactly("mkdir -p /etc/sysctl.d && touch /etc/sysctl.d/99-broker-tuner.conf && "
                + "sed -i '/^[[:space:]]*vm\\.swappiness[[:space:]]*=/d' /etc/sysctl.d/99-broker-tuner.conf && "
                + "printf '%s\\n' 'vm.swappiness = 1' >> /etc/sysctl.d/99-broker-tuner.conf",
                "sysctl -w vm.swappiness=1");
        assertThat(f.rationale()).contains("Cloudera");
    }

    @Test
    void noSwapConfiguredPassesWhateverTheSwappiness() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sysctl("vm.swappiness", "60").swapTotalBytes(0L)),
                Thresholds.defaults());
        assertThat(passes(outcomes)).singleElement().satisfies(p ->
                assertThat(p.detail()).contains("no swap configured: swappiness has no effect"));
    }

    @Test
    void swapPresentOrUnknownStillWarns() {
        assertThat(onlyFinding(rule.evaluate(Snapshots.host(h -> h.sysctl("vm.swappiness", "60")
                .swapTotalBytes(2L << 30)), Thresholds.defaults())).severity()).isEqualTo(Severity.WARNING);
        assertThat(onlyFinding(rule.evaluate(Snapshots.host(h -> h.sysctl("vm.swappiness", "60")
                .swapTotalBytes(null)), Thresholds.defaults())).severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void insideAContainerTheSysctlLinesSayToRunThemOnTheNode() {
        Finding inContainer = onlyFinding(rule.evaluate(Snapshots.host(h -> h.sysctl("vm.swappiness", "60")
                .mount("/", "overlay", "overlay", "rw,relatime")), Thresholds.defaults()));
        assertThat(inContainer.apply().get(0)).startsWith("# this agent sees a container").contains("on the node");
        assertThat(inContainer.apply()).contains("sysctl -w vm.swappiness=1");
        Finding onHost = onlyFinding(rule.evaluate(Snapshots.host(h -> h.sysctl("vm.swappiness", "60")
                .mount("/", "/dev/sda1", "xfs", "rw,noatime")), Thresholds.defaults()));
        assertThat(onHost.apply()).noneMatch(l -> l.startsWith("#"));
    }

    @Test
    void rationaleCitesOnlyWhatTheReferenceSupports() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.sysctl("vm.swappiness", "60")),
                Thresholds.defaults()));
        assertThat(f.rationale()).doesNotContain("OOM killer");
    }

    @Test
    void oneAndZeroPass() {
        assertThat(passes(rule.evaluate(Snapshots.host(h -> h.sysctl("vm.swappiness", "1\n")),
                Thresholds.defaults()))).hasSize(1);
        assertThat(passes(rule.evaluate(Snapshots.host(h -> h.sysctl("vm.swappiness", "0")),
                Thresholds.defaults()))).hasSize(1);
    }

    @Test
    void operatorThresholdOverridesTheDefault() {
        assertThat(passes(rule.evaluate(Snapshots.host(h -> h.sysctl("vm.swappiness", "10")),
                new Thresholds(Map.of("max", 10.0))))).hasSize(1);
    }

    @Test
    void unreadableOrGarbageIsUnknown() {
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> { }), Thresholds.defaults()))).hasSize(1);
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> h.sysctl("vm.swappiness", "x")),
                Thresholds.defaults()))).hasSize(1);
    }
}
