package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NicUtilizationRuleTest {
    private final NicUtilizationRule rule = new NicUtilizationRule();

    private static Nic sampled(String name, double util) {
        return new Nic(name, 1000L, "full", 1500, "up", List.of(), 10e6, util * 125e6, util);
    }

    @Test
    void busyLinkIsAWarning() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5).nic(sampled("eth0", 0.82))),
                Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("82%");
        assertThat(f.recommended()).isEqualTo("<= 70%");
    }

    @Test
    void belowThresholdPassesAndThresholdIsOverridable() {
        assertThat(passes(rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5).nic(sampled("eth0", 0.5))),
                Thresholds.defaults()))).hasSize(1);
        assertThat(passes(rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5).nic(sampled("eth0", 0.82))),
                new Thresholds(Map.of("max", 0.9))))).hasSize(1);
    }

    @Test
    void notSampledOrUnknownSpeedIsUnknown() {
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> h.nic("eth0", 1000L)), Thresholds.defaults())))
                .singleElement().satisfies(u -> assertThat(u.reason()).contains("not sampled"));
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5).nic("eth0", null)),
                Thresholds.defaults()))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("link speed unknown"));
    }
}
