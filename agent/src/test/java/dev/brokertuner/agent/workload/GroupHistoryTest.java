package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.GroupFacts;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupHistoryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    private static GroupObservation classic(Set<String> members, Long lag) {
        return new GroupObservation("g", "classic", "Stable", 1, members, 0, List.of("t"), 4, null, lag);
    }

    private static GroupFacts only(List<GroupFacts> facts) {
        assertThat(facts).hasSize(1);
        return facts.get(0);
    }

    @Test
    void theFirstGatheringKnowsNoRateOrTrend() {
        GroupFacts g = only(new GroupHistory().observe(T0, List.of(classic(Set.of("member:a"), 5L))));
        assertThat(g.rebalancesPerHour()).isNull();
        assertThat(g.rebalanceGatherings()).isNull();
        assertThat(g.lagTrend()).isEqualTo("unknown");
        assertThat(g.members()).isEqualTo(1);
        assertThat(g.lag()).isEqualTo(5L);
    }

    @Test
    void memberChurnOfAClassicGroupCountsRebalancesPerHour() {
        GroupHistory h = new GroupHistory();
        h.observe(T0, List.of(classic(Set.of("member:a", "member:b"), 0L)));
        h.observe(T0.plusSeconds(60), List.of(classic(Set.of("member:a", "member:b"), 0L)));
        h.observe(T0.plusSeconds(120), List.of(classic(Set.of("member:a", "member:c"), 0L))); // b left, c joined
        GroupFacts g = only(h.observe(T0.plusSeconds(180), List.of(classic(Set.of("member:d"), 0L))));
        // 0 + 1 + 2 rebalances in 3 minutes
        assertThat(g.rebalancesPerHour()).isEqualTo(60.0);
        assertThat(g.rebalanceGatherings()).isEqualTo(2);
        assertThat(g.rebalanceEpisodes()).as("two gatherings in a row: one burst").isEqualTo(1);
        assertThat(g.rebalanceWindowSeconds()).isEqualTo(180);
    }

    /** Observes {@code g} every 30 s from {@code from} for {@code minutes}, a new member each time when churning. */
    private static GroupFacts run(GroupHistory h, long from, int minutes, boolean churn, int[] next) {
        GroupFacts last = null;
        for (long t = from; t < from + minutes * 60L; t += 30) {
            String m = churn ? "member:" + next[0]++ : "member:" + next[0];
            last = only(h.observe(T0.plusSeconds(t), List.of(classic(Set.of(m, "member:stay"), 0L))));
        }
        return last;
    }

    @Test
    void aRollingRestartOverSeveralMinutesIsOneEpisode() {
        GroupHistory h = new GroupHistory();
        int[] next = {0};
        run(h, 0, 10, false, next);
        // a deploy restarting members for 6 minutes: a rebalance in each of 12 gatherings
        run(h, 600, 6, true, next);
        GroupFacts during = run(h, 960, 1, false, next);
        assertThat(during.rebalanceGatherings()).isGreaterThanOrEqualTo(12);
        assertThat(during.rebalanceEpisodes()).isEqualTo(1);
        // quiet for the rest of the hour
        GroupFacts after = run(h, 1020, 44, false, next);
        assertThat(after.rebalanceEpisodes()).isEqualTo(1);
        assertThat(after.rebalanceWindowSeconds()).isEqualTo(3600);
    }

    @Test
    void aGroupThatNeverSettlesCountsOneEpisodePerQuarterHourOfChurn() {
        GroupHistory h = new GroupHistory();
        int[] next = {0};
        run(h, 0, 5, false, next);
        // members come and go in every gathering for 50 minutes: no quiet gap, yet no rolling restart either
        GroupFacts g = run(h, 300, 50, true, next);
        assertThat(g.rebalanceEpisodes()).isEqualTo(3);
        // a 14-minute deploy stays one episode
        GroupHistory deploy = new GroupHistory();
        int[] n2 = {0};
        run(deploy, 0, 5, false, n2);
        run(deploy, 300, 14, true, n2);
        assertThat(run(deploy, 1140, 41, false, n2).rebalanceEpisodes()).isEqualTo(1);
    }

    @Test
    void burstsApartByMoreThanTheQuietGapAreSeparateEpisodesAndShorterPausesAreNot() {
        GroupHistory h = new GroupHistory();
        int[] next = {0};
        run(h, 0, 1, false, next);
        run(h, 60, 1, true, next);
        run(h, 120, 2, false, next); // 2 minutes quiet: the same episode goes on
        run(h, 240, 1, true, next);
        run(h, 300, 10, false, next); // 10 minutes quiet
        run(h, 900, 1, true, next);
        run(h, 960, 10, false, next);
        GroupFacts g = run(h, 1560, 1, true, next);
        assertThat(g.rebalanceEpisodes()).isEqualTo(3);
    }

    @Test
    void aStaticMemberThatRestartsKeepsItsKeyAndIsNoRebalance() {
        GroupHistory h = new GroupHistory();
        h.observe(T0, List.of(classic(Set.of("instance:c-1"), 0L)));
        GroupFacts g = only(h.observe(T0.plusSeconds(30), List.of(classic(Set.of("instance:c-1"), 0L))));
        assertThat(g.rebalancesPerHour()).isEqualTo(0.0);
    }

    @Test
    void anEpochCountsEveryBumpAndARecreatedGroupFallsBackToMembers() {
        GroupHistory h = new GroupHistory();
        GroupObservation e5 = new GroupObservation("k", "consumer", "Stable", 1, Set.of("member:a"), 0, List.of(),
                null, 5L, null);
        h.observe(T0, List.of(e5));
        GroupFacts g = only(h.observe(T0.plusSeconds(360), List.of(new GroupObservation("k", "consumer", "Stable", 1,
                Set.of("member:a"), 0, List.of(), null, 11L, null))));
        assertThat(g.rebalancesPerHour()).isEqualTo(60.0);
        GroupFacts recreated = only(h.observe(T0.plusSeconds(720), List.of(new GroupObservation("k", "consumer",
                "Stable", 1, Set.of("member:b"), 0, List.of(), null, 1L, null))));
        assertThat(recreated.rebalanceGatherings()).isEqualTo(2);
        assertThat(recreated.rebalancesPerHour()).isEqualTo(35.0); // 6 + 1 in 12 minutes
    }

    @Test
    void lagTrendFromTheLastGatherings() {
        GroupHistory h = new GroupHistory();
        long[] lags = {100, 90, 300, 600, 900};
        GroupFacts g = null;
        for (int i = 0; i < lags.length; i++) {
            g = only(h.observe(T0.plusSeconds(30L * i), List.of(classic(Set.of("member:a"), lags[i]))));
        }
        assertThat(g.lagTrend()).isEqualTo("growing"); // the last 3 intervals all rose
        assertThat(g.lagGrowthPerMinute()).isEqualTo(540.0); // 90 -> 900 in 90 s
        g = only(h.observe(T0.plusSeconds(150), List.of(classic(Set.of("member:a"), 800L))));
        assertThat(g.lagTrend()).isEqualTo("steady");
        GroupHistory down = new GroupHistory();
        down.observe(T0, List.of(classic(Set.of(), 30L)));
        down.observe(T0.plusSeconds(30), List.of(classic(Set.of(), 20L)));
        assertThat(only(down.observe(T0.plusSeconds(60), List.of(classic(Set.of(), 10L)))).lagTrend())
                .isEqualTo("shrinking");
    }

    @Test
    void aGapInLagRestartsTheTrendAndAGroupGoneLosesItsHistory() {
        GroupHistory h = new GroupHistory();
        h.observe(T0, List.of(classic(Set.of("member:a"), 1L)));
        h.observe(T0.plusSeconds(30), List.of(classic(Set.of("member:a"), 2L)));
        h.observe(T0.plusSeconds(60), List.of(classic(Set.of("member:a"), null)));
        assertThat(only(h.observe(T0.plusSeconds(90), List.of(classic(Set.of("member:a"), 3L)))).lagTrend())
                .isEqualTo("unknown");
        h.observe(T0.plusSeconds(120), List.of());
        GroupFacts back = only(h.observe(T0.plusSeconds(150), List.of(classic(Set.of("member:z"), 3L))));
        assertThat(back.rebalancesPerHour()).isNull();
    }

    @Test
    void historyIsBoundedToTheLastHour() {
        GroupHistory h = new GroupHistory(3);
        h.observe(T0, List.of(classic(Set.of("member:a"), 0L)));
        h.observe(T0.plusSeconds(60), List.of(classic(Set.of("member:b"), 0L))); // 1 rebalance
        GroupFacts within = only(h.observe(T0.plusSeconds(240), List.of(classic(Set.of("member:b"), 0L))));
        assertThat(within.rebalancesPerHour()).as("kept past the 3 lag samples").isEqualTo(15.0);
        h.observe(T0.plusSeconds(3000), List.of(classic(Set.of("member:b"), 0L)));
        GroupFacts g = only(h.observe(T0.plusSeconds(3700), List.of(classic(Set.of("member:b"), 0L))));
        assertThat(g.rebalancesPerHour()).as("the rebalance is more than an hour old").isEqualTo(0.0);
    }
}
