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

class CpuGovernorRuleTest {
    private final CpuGovernorRule rule = new CpuGovernorRule();

    @Test
    void genericPowersavePinsTheLowestFrequency() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.cpuFrequency("acpi-cpufreq",
                Map.of("powersave", 16))), Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("powersave on 16 of 16 CPUs (acpi-cpufreq)");
        assertThat(f.recommended()).isEqualTo("schedutil or performance");
        assertThat(f.evidence()).containsEntry("scaling_driver", "acpi-cpufreq").containsEntry("governor.powersave",
                "16");
        assertThat(f.rationale()).contains("lowest frequency", "cpufreq.rst");
        assertThat(f.apply().get(0)).startsWith("cpupower frequency-set -g schedutil   # now, until reboot");
    }

    @Test
    void powersaveUnderAnActiveModeDriverIsDynamicAndPasses() {
        for (String driver : new String[] {"intel_pstate", "amd-pstate-epp"}) {
            assertThat(passes(rule.evaluate(Snapshots.host(h -> h.cpuFrequency(driver, Map.of("powersave", 8))),
                    Thresholds.defaults()))).singleElement()
                    .satisfies(p -> assertThat(p.detail()).contains("dynamic"));
        }
    }

    @Test
    void otherGovernorsPass() {
        assertThat(passes(rule.evaluate(Snapshots.host(h -> h.cpuFrequency("acpi-cpufreq",
                Map.of("schedutil", 6, "performance", 2))), Thresholds.defaults()))).hasSize(1);
    }

    @Test
    void noCpufreqIsNoClaim() {
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> { }), Thresholds.defaults()))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("virtual machines"));
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> h.cpuFrequency(null, Map.of("powersave", 2))),
                Thresholds.defaults()))).hasSize(1);
    }
}
