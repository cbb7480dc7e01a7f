package dev.brokertuner.agent.rules.workload;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static dev.brokertuner.agent.rules.workload.GroupSnapshots.gatherings;
import static dev.brokertuner.agent.rules.workload.GroupSnapshots.group;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupLagRuleTest {
    private final GroupLagRule rule = new GroupLagRule();

    private List<Outcome> lags(String state, int members, int partitions, long... lags) {
        List<List<GroupFacts>> series = new ArrayList<>();
        for (long lag : lags) {
            series.add(List.of(group("slow", "classic", state, members, 0, 0.0, 0, lag, partitions)));
        }
        return rule.evaluate(gatherings(series), Thresholds.defaults());
    }

    @Test
    void lagGrowingInEveryGatheringIsAFindingWithTheChaptersLevers() {
        Finding f = onlyFinding(lags("Stable", 2, 6, 1_000, 3_000, 5_000, 7_000));
        assertThat(f.ruleId()).isEqualTo("workload.group.lag");
        assertThat(f.subject()).isEqualTo("group slow");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("lag 7000 (+4000/min)");
        assertThat(f.rationale()).contains("up from 1000 90 s ago", "4000 records a minute", "in parallel",
                "max.poll.records=500", "2 members for 6 partitions", "up to 4 more consumers",
                "broker-tuner's heuristic");
        assertThat(f.evidence()).containsEntry("lagSeries", "1000,3000,5000,7000").containsEntry("partitions", "6")
                .containsEntry("lagGrowthPerMinute", "4000");
        assertThat(f.apply()).allMatch(l -> l.startsWith("# ")).contains("# max.poll.records=500 (the chapter's; "
                + "fewer when each record is slow to process)").anyMatch(l -> l.contains("up to 4 more consumers"));
    }

    @Test
    void aConsumerPerPartitionMeansPartitionsFirst() {
        Finding f = onlyFinding(lags("Stable", 6, 6, 10_000, 20_000, 30_000, 40_000));
        assertThat(f.recommended()).startsWith("more partitions");
        assertThat(f.rationale()).contains("a consumer per partition", "per-key order");
    }

    @Test
    void lagThatWobblesOrBarelyGrowsIsNotAFinding() {
        assertThat(findings(lags("Stable", 2, 6, 5_000, 7_000, 6_000, 9_000))).isEmpty(); // fell once
        assertThat(findings(lags("Stable", 2, 6, 100, 200, 300, 400))).isEmpty(); // +300: under 1000 records
        assertThat(findings(lags("Stable", 2, 6, 100_000, 100_500, 101_000, 101_500))).isEmpty(); // +1.5%
        assertThat(passes(lags("Stable", 2, 6, 0, 0, 0, 0))).hasSize(1); // steady
    }

    @Test
    void onlyTheLastGatheringsCount() {
        // grew long ago, flat since: the window is the last 4
        assertThat(findings(lags("Stable", 2, 6, 0, 5_000, 10_000, 15_000, 15_000, 15_000, 15_000))).isEmpty();
        // flat long ago, growing now
        assertThat(findings(lags("Stable", 2, 6, 15, 15, 15, 2_000, 4_000, 6_000))).hasSize(1);
    }

    @Test
    void anEmptyGroupIsNotAFindingEvenWithGrowingLag() {
        var out = lags("Empty", 0, 6, 1_000, 3_000, 5_000, 7_000);
        assertThat(findings(out)).isEmpty();
        assertThat(passes(out)).singleElement().satisfies(p -> assertThat(p.detail()).contains("Empty"));
    }

    @Test
    void tooFewGatheringsOrAGapIsUnknown() {
        assertThat(unknowns(lags("Stable", 2, 6, 1_000, 3_000, 5_000))).hasSize(1);
        List<List<GroupFacts>> gap = new ArrayList<>();
        for (Long lag : new Long[] {1_000L, 3_000L, null, 5_000L, 7_000L}) {
            gap.add(List.of(group("slow", "classic", "Stable", 2, 0, 0.0, 0, lag, 6)));
        }
        var out = rule.evaluate(gatherings(gap), Thresholds.defaults());
        assertThat(findings(out)).isEmpty();
        assertThat(unknowns(out)).singleElement().satisfies(u -> assertThat(u.reason()).contains("2 consecutive"));
        var inspect = rule.evaluate(GroupSnapshots.inspection(List.of(group("slow", "classic", "Stable", 2, 0, null,
                null, 9_000L, 6))), Thresholds.defaults());
        assertThat(unknowns(inspect)).singleElement().satisfies(u -> assertThat(u.subject()).isEqualTo("groups"));
    }

    @Test
    void shareAndStreamsGroupsAreNotJudged() {
        GroupFacts share = new GroupFacts("s", "share", "Stable", 1, 2, 0, List.of(), null, 9L, null, null, null,
                "unknown", null);
        var out = rule.evaluate(gatherings(List.of(List.of(share), List.of(share), List.of(share), List.of(share))),
                Thresholds.defaults());
        assertThat(findings(out)).isEmpty();
        assertThat(passes(out)).singleElement().satisfies(p -> assertThat(p.detail()).contains("share"));
    }
}
