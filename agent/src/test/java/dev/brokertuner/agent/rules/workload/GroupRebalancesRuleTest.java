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
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupRebalancesRuleTest {
    private final GroupRebalancesRule rule = new GroupRebalancesRule();

    private List<Outcome> evaluate(String version, GroupFacts... perGathering) {
        List<List<GroupFacts>> series = new ArrayList<>();
        for (GroupFacts g : perGathering) {
            series.add(List.of(g));
        }
        return rule.evaluate(gatherings(version, series), Thresholds.defaults());
    }

    /** Over an hour of gatherings: the rate, the rebalance episodes in it, the static members. */
    private static GroupFacts churn(double perHour, int episodes, int statics) {
        return group("churn", "classic", "PreparingRebalance", 3, statics, perHour, episodes * 2, episodes, 3600L,
                10L, 6);
    }

    @Test
    void aClassicGroupChurningInManyGatheringsGetsStaticMembershipAndTheKip848Protocol() {
        var out = evaluate("4.3.1", churn(0, 0, 0), churn(120, 1, 0), churn(120, 2, 0), churn(110, 3, 0));
        Finding f = onlyFinding(out);
        assertThat(f.ruleId()).isEqualTo("workload.group.rebalances");
        assertThat(f.subject()).isEqualTo("group churn");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("110 rebalances/h");
        assertThat(f.recommended()).isEqualTo("static membership (group.instance.id), or group.protocol=consumer");
        assertThat(f.rationale()).contains("group.instance.id", "session.timeout.ms=45000",
                "heartbeat.interval.ms=15000", "max.poll.interval.ms=600000", "broker-tuner's heuristic",
                "Kafka 4.3.1", "KIP-848", "a lower bound");
        assertThat(f.evidence()).containsEntry("rebalancesPerHour", "110").containsEntry("rebalanceGatherings", "6")
                .containsEntry("rebalanceEpisodes", "3").containsEntry("rebalanceWindowSeconds", "3600")
                .containsEntry("staticMembers", "0").containsEntry("threshold.minHistoryMinutes", "60");
        assertThat(f.rationale()).contains("over the agent's last 60 min of gatherings, in 3 separate episodes");
        assertThat(f.apply()).allMatch(l -> l.startsWith("# "))
                .anyMatch(l -> l.startsWith("# group.instance.id="))
                .contains("# session.timeout.ms=45000", "# heartbeat.interval.ms=15000",
                        "# max.poll.interval.ms=600000")
                .anyMatch(l -> l.contains("group.protocol=consumer"));
    }

    @Test
    void staticMembersGetTheTimeoutsAndA3xBrokerNoKip848Hint() {
        var out = evaluate("3.9.1", churn(0, 0, 3), churn(30, 1, 3), churn(30, 2, 3), churn(30, 3, 3));
        Finding f = onlyFinding(out);
        assertThat(f.recommended()).isEqualTo(
                "session.timeout.ms=45000, heartbeat.interval.ms=15000, max.poll.interval.ms=600000");
        assertThat(f.rationale()).contains("already static").doesNotContain("The broker runs Kafka");
        assertThat(f.apply()).noneMatch(l -> l.contains("group.instance.id=") || l.contains("group.protocol"));
    }

    @Test
    void aKip848GroupIsInfo() {
        GroupFacts g = new GroupFacts("g", "consumer", "Reconciling", 1, 2, 0, List.of("t"), 4, 40L, 60.0, 4, 0L,
                "steady", 0.0, 4, 3600L);
        Finding f = onlyFinding(evaluate("4.3.1", g, g, g, g));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.rationale()).contains("incremental", "group epoch, now 40");
        assertThat(f.recommended()).doesNotContain("group.protocol");
    }

    @Test
    void oneBurstIsNotRepeatedRebalancing() {
        // a rolling restart: many rebalances in one episode, however many gatherings it spans
        GroupFacts restart = group("churn", "classic", "Stable", 3, 0, 40.0, 8, 1, 3600L, 10L, 6);
        var out = evaluate("4.3.1", restart, restart);
        assertThat(findings(out)).isEmpty();
        assertThat(passes(out)).singleElement().satisfies(p -> assertThat(p.detail()).contains("in 1 episode over "
                + "60 min"));
    }

    @Test
    void aHighRateOverLessThanAnHourIsNotJudgedYet() {
        // three episodes in 20 minutes: maybe a deploy with pauses; an hour tells
        GroupFacts young = group("churn", "classic", "Stable", 3, 0, 30.0, 6, 3, 1200L, 10L, 6);
        var out = evaluate("4.3.1", young, young);
        assertThat(findings(out)).isEmpty();
        assertThat(unknowns(out)).singleElement().satisfies(u -> assertThat(u.reason()).contains("20 min",
                "60 min"));
    }

    @Test
    void aSteadyGroupAndAnEmptyOneAreNotFindings() {
        GroupFacts steady = group("steady", "classic", "Stable", 4, 0, 0.0, 0, 5L, 8);
        GroupFacts empty = group("idle", "classic", "Empty", 0, 0, 0.0, 0, 900L, 8);
        var out = rule.evaluate(gatherings(List.of(List.of(steady, empty), List.of(steady, empty),
                List.of(steady, empty), List.of(steady, empty))), Thresholds.defaults());
        assertThat(findings(out)).isEmpty();
        assertThat(passes(out)).hasSize(2);
    }

    @Test
    void belowTheRateIsNotAFindingAndTheThresholdIsTheOperators() {
        var out = evaluate("4.3.1", churn(4, 3, 0), churn(4, 3, 0), churn(4, 3, 0), churn(4, 3, 0));
        assertThat(findings(out)).isEmpty();
        var lowered = rule.evaluate(gatherings(List.of(List.of(churn(4, 3, 0)), List.of(churn(4, 3, 0)))),
                new Thresholds(Map.of("rebalancesPerHour", 3.0)));
        assertThat(findings(lowered)).hasSize(1);
    }

    @Test
    void flappingGroupsFollowTheEpisodesNotOneGathering() {
        // three separate episodes in the hour: repeated
        assertThat(findings(evaluate("4.3.1", churn(60, 1, 0), churn(40, 2, 0), churn(24, 3, 0)))).hasSize(1);
        // the same rate in two episodes: not yet
        assertThat(findings(evaluate("4.3.1", churn(60, 1, 0), churn(40, 2, 0), churn(24, 2, 0)))).isEmpty();
    }

    @Test
    void unknownBeforeTwoGatheringsAndForAnInspection() {
        var first = evaluate("4.3.1", group("g", "classic", "Stable", 1, 0, null, null, 0L, 1));
        assertThat(unknowns(first)).singleElement().satisfies(u -> assertThat(u.subject()).isEqualTo("group g"));
        var inspect = rule.evaluate(GroupSnapshots.inspection(List.of(churn(100, 5, 0))), Thresholds.defaults());
        assertThat(findings(inspect)).isEmpty();
        assertThat(unknowns(inspect)).singleElement().satisfies(u -> assertThat(u.reason()).contains("single"));
    }

    @Test
    void aHostileGroupIdStaysInsideTheComments() {
        GroupFacts g = group("x'\n rm -rf / #", "classic", "Stable", 2, 0, 100.0, 5, 0L, 2);
        Finding f = onlyFinding(evaluate("4.3.1", g, g, g, g));
        assertThat(f.apply()).allMatch(l -> l.startsWith("# ") && !l.contains("\n"));
    }

    @Test
    void shareAndStreamsGroupsAreNotJudged() {
        GroupFacts share = new GroupFacts("s", "share", "Stable", 1, 2, 0, List.of(), null, 9L, 500.0, 9, null,
                "unknown", null, 9, 3600L);
        var out = evaluate("4.3.1", share, share, share, share);
        assertThat(findings(out)).isEmpty();
        assertThat(passes(out)).singleElement().satisfies(p -> assertThat(p.detail()).contains("share"));
    }
}
