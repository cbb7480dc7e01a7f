package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import org.junit.jupiter.api.Test;

class DiskUtilizationRuleTest {
    private final DiskUtilizationRule rule = new DiskUtilizationRule();

    @Test
    void busyDataDiskIsAWarning() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5)
                .mount("/data", "/dev/sdb1", "xfs", "rw,noatime").dataDir("/data/kafka", "/data", null, "sdb")
                .disk(new Disk("sda", false, 1L << 40, "none", 1e6, 1e6, 0.95))
                .disk(new Disk("sdb", true, 1L << 40, "mq-deadline", 50e6, 150e6, 0.92))), Thresholds.defaults());
        Finding f = onlyFinding(outcomes);
        assertThat(f.subject()).isEqualTo("disk sdb");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("92% busy");
        assertThat(f.rationale()).contains("150 MB/s", "5 s");
    }

    @Test
    void withoutDataDirsEveryDiskIsJudged() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5)
                .disk(new Disk("sda", false, null, null, 0.0, 0.0, 0.1))
                .disk(new Disk("sdb", false, null, null, 0.0, 0.0, 0.85))), Thresholds.defaults());
        assertThat(findings(outcomes)).hasSize(1);
        assertThat(passes(outcomes)).hasSize(1);
    }

    @Test
    void notSampledIsUnknown() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.disk(new Disk("sda", false, null, null, null, null,
                null))), Thresholds.defaults());
        assertThat(unknowns(outcomes)).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("not sampled"));
    }
}
