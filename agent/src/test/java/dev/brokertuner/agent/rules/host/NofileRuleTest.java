package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import org.junit.jupiter.api.Test;

class NofileRuleTest {
    private final NofileRule rule = new NofileRule();

    @Test
    void withoutBrokerProcessTheLimitIsUnknownButFileMaxIsJudged() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sysctl("fs.file-max", "9223372036854775807")),
                Thresholds.defaults());
        assertThat(unknowns(outcomes)).singleElement().satisfies(u -> {
            assertThat(u.subject()).isEqualTo("broker process");
            assertThat(u.reason()).contains("no broker process known");
        });
        assertThat(passes(outcomes)).singleElement().satisfies(p -> assertThat(p.subject()).isEqualTo("fs.file-max"));
    }

    @Test
    void defaultLimitOf1024IsAWarningWithASystemdDropIn() {
        var outcomes = rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("fs.file-max", "1000000"),
                b -> b.process(4242, 1024L, 300L, null)), Thresholds.defaults());
        Finding f = findings(outcomes).get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        // The PID is evidence, not identity: the subject survives a broker restart.
        assertThat(f.subject()).isEqualTo("broker process");
        assertThat(f.evidence()).containsEntry("pid", "4242");
        assertThat(f.current()).isEqualTo("1024");
        assertThat(f.recommended()).isEqualTo("100000");
        assertThat(f.apply()).anyMatch(l -> l.contains("LimitNOFILE=100000"));
        assertThat(f.rationale()).contains("100000", "300 open");
    }

    @Test
    void aRestartedBrokerKeepsItsSubject() {
        Finding before = findings(rule.evaluate(Snapshots.hostAndBroker(h -> { },
                b -> b.process(4242, 1024L, 300L, null)), Thresholds.defaults())).get(0);
        Finding after = findings(rule.evaluate(Snapshots.hostAndBroker(h -> { },
                b -> b.process(977, 1024L, 310L, null)), Thresholds.defaults())).get(0);
        assertThat(after.subject()).isEqualTo(before.subject()).doesNotContain("4242", "977");
        assertThat(after.evidence().get("pid")).isNotEqualTo(before.evidence().get("pid"));
    }

    @Test
    void nearlyExhaustedLimitIsCriticalAndSizedFromUse() {
        var outcomes = rule.evaluate(Snapshots.hostAndBroker(h -> { },
                b -> b.process(1, 128000L, 120000L, null)), Thresholds.defaults());
        Finding f = findings(outcomes).get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        // 120000 / 0.7 = 171429 -> rounded up to 180000
        assertThat(f.recommended()).isEqualTo("180000");
    }

    @Test
    void healthyLimitPasses() {
        var outcomes = rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("fs.file-max", "9223372036854775807"),
                b -> b.process(1, 1048576L, 5000L, null)), Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(passes(outcomes)).hasSize(2);
    }

    @Test
    void lowFileMaxIsAWarning() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sysctl("fs.file-max", "65536")), Thresholds.defaults());
        assertThat(findings(outcomes)).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("fs.file-max");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void segmentsOfTheBrokerSizeTheLimit() {
        // 50000 partitions + 20 TiB / 1 GiB (20480) = 70480 segments; x1.5 = 105720 -> 110000 > 100000.
        var outcomes = rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("fs.file-max", "9223372036854775807"),
                b -> b.process(7, 100000L, 30000L, null).partitionCount(50_000)
                        .logDir("/data/kafka", 20L << 40)), Thresholds.defaults());
        Finding f = findings(outcomes).get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.recommended()).isEqualTo("110000");
        assertThat(f.evidence()).containsEntry("estimatedSegments", "70480")
                .containsEntry("log.segment.bytes", "1073741824 (default)");
        assertThat(f.rationale()).contains("partitions x partition size / segment size", "70480");
    }

    @Test
    void moreSegmentsThanTheLimitIsCritical() {
        var outcomes = rule.evaluate(Snapshots.hostAndBroker(h -> { },
                b -> b.process(7, 100000L, 20000L, null).partitionCount(150_000)), Thresholds.defaults());
        Finding f = findings(outcomes).get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.recommended()).isEqualTo("230000");
    }

    @Test
    void fewSegmentsAndRoomyLimitPassWithTheEstimate() {
        var outcomes = rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("fs.file-max", "9223372036854775807"),
                b -> b.process(7, 1048576L, 5000L, null).partitionCount(2000)), Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(passes(outcomes)).anySatisfy(p -> assertThat(p.detail()).contains("about 2000 log segments"));
    }
}
