package dev.brokertuner.agent.workload;

import dev.brokertuner.report.GroupFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The groups' state across gatherings, held by the long-lived reader (the daemon's; {@code inspect} has one
 * gathering, so its rates and trends stay unknown). From the last {@link #KEEP} observations of each group it
 * derives {@code lagTrend} and {@code lagGrowthPerMinute}; from the rebalances between its observations of the last
 * {@link #RATE_WINDOW} (a time and a count per interval, so an hour costs little) {@code rebalancesPerHour},
 * {@code rebalanceGatherings}, {@code rebalanceEpisodes} (runs of intervals with rebalances separated by at least
 * {@link #QUIET_GAP} without one: a rolling restart that spans several gatherings is one episode) and
 * {@code rebalanceWindowSeconds}.
 *
 * <p>Rebalances between two observations: the growth of the group epoch when both have one (KIP-848, share and
 * streams groups bump it on every membership or assignment change); otherwise (classic groups, whose description
 * carries no generation) member churn: the larger of the members that joined and those that left, a member keyed by
 * its {@code group.instance.id} when it has one. Churn between two gatherings that leaves the same members is not
 * seen, so this is a lower bound. Pure: the caller gives the time.
 */
public final class GroupHistory {
    /** Observations kept per group: the daemon's 12 earlier gatherings and this one. */
    public static final int KEEP = 13;
    /** Lag intervals the trend looks at (the last 3, i.e. 4 observations; 2 at least). */
    static final int TREND_INTERVALS = 3;
    /** How far back the rebalance rate and episodes look. */
    public static final Duration RATE_WINDOW = Duration.ofHours(1);
    /** Quiet time that separates two rebalance episodes. */
    public static final Duration QUIET_GAP = Duration.ofMinutes(5);
    /** A run of rebalancing without a quiet gap counts one episode per this much of it (the product's heuristic). */
    public static final Duration LONG_RUN = Duration.ofMinutes(15);
    /** Intervals kept per group at most, whatever the gathering interval (an hour at 10 s is 360). */
    static final int MAX_INTERVALS = 720;

    private record Sample(Instant at, Long epoch, Set<String> members, Long lag) {
    }

    /** The rebalances seen between two observations. */
    private record Interval(Instant from, Instant to, int rebalances) {
    }

    private final int keep;
    private final Map<String, Deque<Sample>> byGroup = new HashMap<>();
    private final Map<String, Deque<Interval>> intervalsByGroup = new HashMap<>();

    public GroupHistory() {
        this(KEEP);
    }

    GroupHistory(int keep) {
        this.keep = Math.max(2, keep);
    }

    /**
     * Adds this gathering's observations and returns their facts with rates and trends. Groups not observed this
     * time lose their history (deleted, or moved to another coordinator).
     */
    public List<GroupFacts> observe(Instant at, List<GroupObservation> observations) {
        Set<String> seen = new HashSet<>();
        List<GroupFacts> out = new ArrayList<>();
        for (GroupObservation o : observations) {
            seen.add(o.groupId());
            Deque<Sample> samples = byGroup.computeIfAbsent(o.groupId(), g -> new ArrayDeque<>());
            Sample now = new Sample(at, o.epoch(), o.memberKeys(), o.lag());
            Deque<Interval> intervals = intervalsByGroup.computeIfAbsent(o.groupId(), g -> new ArrayDeque<>());
            if (!samples.isEmpty()) {
                Sample before = samples.peekLast();
                intervals.addLast(new Interval(before.at(), at, rebalances(before, now)));
            }
            while (!intervals.isEmpty() && (intervals.size() > MAX_INTERVALS
                    || intervals.peekFirst().from().isBefore(at.minus(RATE_WINDOW)))) {
                intervals.removeFirst();
            }
            samples.addLast(now);
            while (samples.size() > keep) {
                samples.removeFirst();
            }
            out.add(facts(o, List.copyOf(samples), List.copyOf(intervals)));
        }
        byGroup.keySet().retainAll(seen);
        intervalsByGroup.keySet().retainAll(seen);
        return out;
    }

    private static GroupFacts facts(GroupObservation o, List<Sample> samples, List<Interval> intervals) {
        Double perHour = null;
        Integer gatherings = null;
        Integer episodes = null;
        Long windowSeconds = null;
        if (!intervals.isEmpty()) {
            int total = 0;
            int with = 0;
            int runs = 0;
            Instant lastRebalancing = null;
            Instant runStart = null;
            for (Interval i : intervals) {
                total += i.rebalances();
                if (i.rebalances() > 0) {
                    with++;
                    // a new episode unless the previous rebalancing interval ended less than QUIET_GAP before
                    if (lastRebalancing == null
                            || Duration.between(lastRebalancing, i.from()).compareTo(QUIET_GAP) >= 0) {
                        runs += longRunEpisodes(runStart, lastRebalancing);
                        runStart = i.from();
                    }
                    lastRebalancing = i.to();
                }
            }
            runs += longRunEpisodes(runStart, lastRebalancing);
            Duration span = Duration.between(intervals.get(0).from(), intervals.get(intervals.size() - 1).to());
            if (span.toMillis() > 0) {
                perHour = total / (span.toMillis() / 3_600_000.0);
                gatherings = with;
                episodes = runs;
                windowSeconds = span.toSeconds();
            }
        }
        String trend = "unknown";
        Double perMinute = null;
        List<Sample> lags = new ArrayList<>();
        for (Iterator<Sample> it = samples.iterator(); it.hasNext(); ) {
            Sample s = it.next();
            if (s.lag() == null) {
                lags.clear(); // a gap: the trend starts again after it
            } else {
                lags.add(s);
            }
        }
        if (lags.size() > TREND_INTERVALS + 1) {
            lags = lags.subList(lags.size() - TREND_INTERVALS - 1, lags.size());
        }
        if (lags.size() >= 3) {
            boolean up = true;
            boolean down = true;
            for (int i = 1; i < lags.size(); i++) {
                long d = lags.get(i).lag() - lags.get(i - 1).lag();
                up &= d > 0;
                down &= d < 0;
            }
            trend = up ? "growing" : down ? "shrinking" : "steady";
            double minutes = Duration.between(lags.get(0).at(), lags.get(lags.size() - 1).at()).toMillis() / 60_000.0;
            if (minutes > 0) {
                perMinute = (lags.get(lags.size() - 1).lag() - lags.get(0).lag()) / minutes;
            }
        }
        return new GroupFacts(o.groupId(), o.type(), o.state(), o.coordinator(), o.memberKeys().size(),
                o.staticMembers(), o.topics(), o.partitions(), o.epoch(), perHour, gatherings, o.lag(), trend,
                perMinute, episodes, windowSeconds, o.staleTopics(), o.staleLag());
    }

    /**
     * Episodes one run of rebalancing counts as: one, or, for a run without a quiet gap longer than
     * {@link #LONG_RUN}, one per LONG_RUN of it: a group that never settles for 45 minutes is rebalancing repeatedly,
     * not rolling once (a rolling restart of the consumers is one run of a few minutes). 0 for no run.
     */
    static int longRunEpisodes(Instant start, Instant end) {
        if (start == null || end == null) {
            return 0;
        }
        long len = Duration.between(start, end).toMillis();
        return (int) Math.max(1, len / LONG_RUN.toMillis());
    }

    /** Rebalances between two observations of one group (see the class comment). */
    static int rebalances(Sample before, Sample after) {
        if (before.epoch() != null && after.epoch() != null && after.epoch() >= before.epoch()) {
            return (int) Math.min(Integer.MAX_VALUE, after.epoch() - before.epoch());
        }
        int joined = 0;
        for (String m : after.members()) {
            joined += before.members().contains(m) ? 0 : 1;
        }
        int left = 0;
        for (String m : before.members()) {
            left += after.members().contains(m) ? 0 : 1;
        }
        return Math.max(joined, left);
    }
}
