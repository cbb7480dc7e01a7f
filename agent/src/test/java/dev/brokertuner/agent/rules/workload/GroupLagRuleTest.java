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

    /** {@code n} lags 30 s apart from {@code start}, {@code step} more each time. */
    private static long[] ramp(long start, long step, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = start + step * i;
        }
        return out;
    }

    private static long[] concat(long[] a, long... b) {
        long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void lagGrowingForFiveMinutesIsAFindingWithTheChaptersLevers() {
        // 11 gatherings 30 s apart: 5 minutes, +2000 each
        Finding f = onlyFinding(lags("Stable", 2, 6, ramp(1_000, 2_000, 11)));
        assertThat(f.ruleId()).isEqualTo("workload.group.lag");
        assertThat(f.subject()).isEqualTo("group slow");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("lag 21000 (+4000/min)");
        assertThat(f.rationale()).contains("up from 1000 5 min ago", "4000 records a minute", "in parallel",
                "max.poll.records=500", "2 members for 6 partitions", "up to 4 more consumers",
                "broker-tuner's heuristic", "not commits in steps");
        assertThat(f.evidence()).containsEntry("lagSeries", "1000,3000,5000,7000,9000,11000,13000,15000,17000,"
                + "19000,21000").containsEntry("partitions", "6").containsEntry("lagGrowthPerMinute", "4000")
                .containsEntry("threshold.minMinutes", "5");
        assertThat(f.apply()).allMatch(l -> l.startsWith("# ")).contains("# max.poll.records=500 (the chapter's; "
                + "fewer when each record is slow to process)").anyMatch(l -> l.contains("up to 4 more consumers"));
    }

    @Test
    void aConsumerPerPartitionMeansPartitionsFirst() {
        Finding f = onlyFinding(lags("Stable", 6, 6, ramp(10_000, 10_000, 11)));
        assertThat(f.recommended()).startsWith("more partitions");
        assertThat(f.rationale()).contains("a consumer per partition", "per-key order");
    }

    @Test
    void lagThatWobblesOrBarelyGrowsIsNotAFinding() {
        assertThat(findings(lags("Stable", 2, 6, ramp(100, 30, 11)))).isEmpty(); // +300: under 1000 records
        assertThat(findings(lags("Stable", 2, 6, ramp(100_000, 150, 11)))).isEmpty(); // +1.5%
        assertThat(passes(lags("Stable", 2, 6, ramp(0, 0, 11)))).hasSize(1); // steady
    }

    @Test
    void aConsumerCommittingInStepsIsASawtoothNotATrend() {
        // commits every 2.5 minutes: the lag climbs between commits and drops back at each; the last 4 gatherings
        // rise by 9000, which once was a finding, but it comes back to its earlier levels
        List<Outcome> out = lags("Stable", 2, 6, 12_000, 500, 3_000, 6_000, 9_000, 12_000, 500, 3_000, 6_000,
                9_000, 12_000);
        assertThat(findings(out)).isEmpty();
        assertThat(passes(out)).singleElement().satisfies(p -> assertThat(p.detail()).contains("not sustained"));
    }

    @Test
    void aClimbOfAMinuteOrTwoIsNotATrendYet() {
        // flat for 4 minutes, then 3 rising gatherings (once 4 rising gatherings were enough)
        assertThat(findings(lags("Stable", 2, 6, concat(ramp(15, 0, 8), 2_000, 4_000, 6_000)))).isEmpty();
        // a rise over 90 s without 5 minutes of history: not known yet
        assertThat(unknowns(lags("Stable", 2, 6, ramp(1_000, 2_000, 4)))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("90 s of the 5 min"));
    }

    @Test
    void onlyTheLastFiveMinutesCount() {
        // grew long ago, flat for the last 5 minutes
        assertThat(findings(lags("Stable", 2, 6, concat(ramp(0, 5_000, 4), ramp(15_000, 0, 11))))).isEmpty();
        // flat long ago, growing for the last 5 minutes
        assertThat(findings(lags("Stable", 2, 6, concat(ramp(15, 0, 3), ramp(2_000, 2_000, 11))))).hasSize(1);
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
