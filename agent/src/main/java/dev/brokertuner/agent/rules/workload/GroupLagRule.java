package dev.brokertuner.agent.rules.workload;

import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consumer group whose lag grows for minutes: over at least {@code minMinutes} of wall time (the shortest run of
 * the latest consecutive gatherings that spans it) the lag (latest minus committed offsets) grew by a margin, and
 * the growth is sustained: every lag in the last third of that time is above every lag in its first third. A
 * consumer that commits in steps (lag rising between commits, dropping at each) comes back down to its earlier
 * levels, so a sawtooth, a wobble, or a one-minute climb is not a finding, nor is a group with no members (Empty:
 * nobody to tune). The series is
 * read from the snapshot and its earlier gatherings, so the rule stays pure. Advice: the chapter's consumer levers,
 * bounded by the partitions (one consumer per partition at most).
 */
public final class GroupLagRule implements Rule, RuleDocs.Documented {
    public static final String ID = "workload.group.lag";
    static final String GATHERINGS = "gatherings";
    static final String MIN_GROWTH = "minGrowthRecords";
    static final String MIN_RATIO = "minGrowthRatio";
    static final String MIN_MINUTES = "minMinutes";

    static final RuleMeta META = new RuleMeta(ID,
            "A consumer group whose lag grew for minutes, sustained (not a commit sawtooth): the chapter's consumer "
                    + "levers (parallel processing, max.poll.records, more partitions and consumers, bounded by "
                    + "partitions).",
            Set.of(Source.BROKER, Source.WINDOW),
            List.of(GroupSources.CHAPTER_CONSUMER, GroupSources.KAFKA_CONSUMER_CONFIGS, GroupSources.KAFKA_INTRO_CONSUMERS,
                    "broker-tuner's heuristic: over >= 5 minutes of wall time (" + MIN_MINUTES + ") and >= 4 "
                            + "gatherings (" + GATHERINGS + "), lag grew by >= 1000 records (" + MIN_GROWTH
                            + ") and by >= 50% of where it started (" + MIN_RATIO + "), every lag in the last third "
                            + "of that time above every lag in the first third"),
            defaults(), Set.of(Severity.WARNING));

    static final String WHY = """
            Group %s (%s protocol, state %s) has lag %s records, up from %s %s ago over %d gatherings, and the rise \
            held: every lag in the last third of that time is above every lag in the first third (so not commits in \
            steps, which bring it back down), about %s records a minute, so its consumers take records more slowly than producers add \
            them and fall further behind. %s The chapter's consumer levers: process each poll's records in \
            parallel inside the consumer (a worker pool, committing only what is done), poll and process in \
            batches (its max.poll.records=500, fetch.min.bytes=1024, fetch.max.wait.ms=500 as starting points; \
            fewer records per poll when each is slow, so max.poll.interval.ms is not exceeded), and add consumers. \
            The window and margins (at least %s over %d gatherings, at least %s records and %s of the starting \
            lag, sustained) are broker-tuner's heuristic. Sources: %s.""";
    static final String ROOM = """
            It has %d member%s for %d partition%s, so up to %d more consumers would get partitions.""";
    static final String FULL = """
            It already has %d member%s for %d partition%s: a consumer per partition, so more consumers would sit \
            idle; more partitions come first (kafka-topics.sh --alter --partitions; keyed records then map to \
            other partitions, so per-key order holds only for records written after the change), then consumers.""";
    static final String NO_PARTITIONS = """
            How many partitions it reads was not read, so how many consumers can get work is unknown.""";

    private static Map<String, Double> defaults() {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put(GATHERINGS, 4.0);
        t.put(MIN_GROWTH, 1000.0);
        t.put(MIN_RATIO, 0.5);
        t.put(MIN_MINUTES, 5.0);
        return t;
    }

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        var unjudged = GroupHistorySeries.notJudgeable(snapshot, "a lag trend needs several gatherings; a single "
                + "inspection has one (the daemon judges it)");
        if (unjudged.isPresent()) {
            return List.of(unjudged.get());
        }
        BrokerFacts broker = snapshot.broker();
        int needed = (int) Math.max(2, META.threshold(thresholds, GATHERINGS));
        double minGrowth = META.threshold(thresholds, MIN_GROWTH);
        double minRatio = META.threshold(thresholds, MIN_RATIO);
        Duration minSpan = Duration.ofSeconds(Math.round(META.threshold(thresholds, MIN_MINUTES) * 60));
        List<Outcome> out = new ArrayList<>();
        for (GroupFacts g : broker.groups()) {
            String subject = GroupHistorySeries.subject(g.groupId());
            if ("share".equals(g.type()) || "streams".equals(g.type())) {
                out.add(new Outcome.Pass(subject, g.type() + " group: its lag is not read"));
                continue;
            }
            if (GroupHistorySeries.idle(g)) {
                out.add(new Outcome.Pass(subject, "no members (" + g.state() + "): no consumer to tune"));
                continue;
            }
            if (g.lag() == null) {
                out.add(new Outcome.Unknown(subject, "lag not read"));
                continue;
            }
            List<GroupHistorySeries.Point> series = lagSeries(snapshot, g.groupId());
            if (series.size() < needed) {
                out.add(new Outcome.Unknown(subject, "lag seen in " + series.size() + " consecutive gatherings of "
                        + "the " + needed + " a trend needs"));
                continue;
            }
            List<GroupHistorySeries.Point> last = window(series, needed, minSpan);
            if (last == null) {
                Duration seen = span(series);
                out.add(new Outcome.Unknown(subject, "lag seen over " + (seen == null ? "an unknown time"
                        : seconds(seen)) + " of the " + seconds(minSpan) + " a trend needs"));
                continue;
            }
            long first = last.get(0).group().lag();
            long now = g.lag();
            long growth = now - first;
            if (!sustained(last) || growth < minGrowth || growth < minRatio * Math.max(1, first)) {
                out.add(new Outcome.Pass(subject, "lag " + now + ", " + (growth >= 0 ? "+" : "") + growth + " over "
                        + seconds(span(last)) + (sustained(last) ? "" : ", not sustained (it came back down)")));
                continue;
            }
            out.add(new Outcome.Recommend(finding(g, last, minSpan, minGrowth, minRatio)));
        }
        return out;
    }

    /**
     * The shortest run of the latest points that spans {@code minSpan} of wall time and holds {@code needed} points,
     * or null when the series is shorter (or its times are not known).
     */
    private static List<GroupHistorySeries.Point> window(List<GroupHistorySeries.Point> series, int needed,
                                                         Duration minSpan) {
        if (series.isEmpty() || series.get(series.size() - 1).at() == null) {
            return null;
        }
        java.time.Instant now = series.get(series.size() - 1).at();
        for (int start = series.size() - needed; start >= 0; start--) {
            java.time.Instant at = series.get(start).at();
            if (at == null) {
                return null;
            }
            if (Duration.between(at, now).compareTo(minSpan) >= 0) {
                return series.subList(start, series.size());
            }
        }
        return null;
    }

    private static Duration span(List<GroupHistorySeries.Point> points) {
        if (points.isEmpty() || points.get(0).at() == null || points.get(points.size() - 1).at() == null) {
            return null;
        }
        return Duration.between(points.get(0).at(), points.get(points.size() - 1).at());
    }

    /** Every lag in the last third of the window's time above every lag in its first third. */
    private static boolean sustained(List<GroupHistorySeries.Point> w) {
        java.time.Instant from = w.get(0).at();
        long third = span(w).toMillis() / 3;
        long earlyMax = Long.MIN_VALUE;
        long lateMin = Long.MAX_VALUE;
        for (GroupHistorySeries.Point p : w) {
            long t = Duration.between(from, p.at()).toMillis();
            if (t <= third) {
                earlyMax = Math.max(earlyMax, p.group().lag());
            }
            if (t >= 2 * third) {
                lateMin = Math.min(lateMin, p.group().lag());
            }
        }
        return lateMin > earlyMax;
    }

    /** The group's consecutive gatherings with a known lag, oldest first. */
    private static List<GroupHistorySeries.Point> lagSeries(Snapshot snapshot, String groupId) {
        List<GroupHistorySeries.Point> all = GroupHistorySeries.of(snapshot, groupId);
        int start = all.size();
        while (start > 0 && all.get(start - 1).group().lag() != null) {
            start--;
        }
        return all.subList(start, all.size());
    }

    private static Finding finding(GroupFacts g, List<GroupHistorySeries.Point> last, Duration minSpan,
                                   double minGrowth, double minRatio) {
        int needed = last.size();
        long first = last.get(0).group().lag();
        long now = g.lag();
        Duration span = last.get(0).at() == null || last.get(last.size() - 1).at() == null ? null
                : Duration.between(last.get(0).at(), last.get(last.size() - 1).at());
        Double perMinute = span == null || span.isZero() || span.isNegative() ? g.lagGrowthPerMinute()
                : (now - first) / (span.toMillis() / 60_000.0);
        int members = g.members();
        Integer partitions = g.partitions();
        String bound;
        if (partitions == null) {
            bound = NO_PARTITIONS;
        } else if (members < partitions) {
            bound = ROOM.formatted(members, members == 1 ? "" : "s", partitions, partitions == 1 ? "" : "s",
                    partitions - members);
        } else {
            bound = FULL.formatted(members, members == 1 ? "" : "s", partitions, partitions == 1 ? "" : "s");
        }
        String why = WHY.formatted(g.groupId(), g.type(), g.state(), now, first,
                span == null ? (needed - 1) + " gatherings" : seconds(span), needed,
                perMinute == null ? "an unknown number of" : Units.exact(Math.round(perMinute)), bound,
                seconds(minSpan), needed, Units.exact(minGrowth), Units.percent(minRatio), String.join("; ", META.sources()));
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("group", g.groupId());
        evidence.put("type", String.valueOf(g.type()));
        evidence.put("state", String.valueOf(g.state()));
        evidence.put("members", String.valueOf(members));
        evidence.put("partitions", partitions == null ? "unknown" : String.valueOf(partitions));
        evidence.put("topics", String.join(",", g.topics()));
        StringBuilder lags = new StringBuilder();
        for (GroupHistorySeries.Point p : last) {
            lags.append(lags.length() == 0 ? "" : ",").append(p.group().lag());
        }
        evidence.put("lag", String.valueOf(now));
        if (!g.staleTopics().isEmpty()) {
            // committed offsets of topics nobody reads any more: not in the lag judged here
            evidence.put("staleTopics", String.join(",", g.staleTopics()));
            evidence.put("staleLag", g.staleLag() == null ? "unknown" : String.valueOf(g.staleLag()));
        }
        evidence.put("lagSeries", lags.toString());
        evidence.put("lagGrowthPerMinute", perMinute == null ? "unknown" : Units.exact(Math.round(perMinute)));
        evidence.put("gatherings", String.valueOf(needed));
        evidence.put("threshold." + MIN_MINUTES, Units.exact(minSpan.toSeconds() / 60.0));
        evidence.put("threshold." + MIN_GROWTH, Units.exact(minGrowth));
        evidence.put("threshold." + MIN_RATIO, Units.exact(minRatio));
        List<String> apply = new ArrayList<>();
        apply.add(Shell.comment("client properties and code of the consumers of group " + Shell.quote(g.groupId())
                + " (set in the application, then restart each consumer):"));
        apply.add(Shell.comment("process each poll's records in parallel (a worker pool), commit offsets only for "
                + "records done"));
        apply.add(Shell.comment("max.poll.records=500 (the chapter's; fewer when each record is slow to process)"));
        apply.add(Shell.comment("fetch.min.bytes=1024"));
        apply.add(Shell.comment("fetch.max.wait.ms=500"));
        if (partitions != null && members < partitions) {
            apply.add(Shell.comment("run up to " + (partitions - members) + " more consumers in the group ("
                    + members + " now, " + partitions + " partitions)"));
        } else if (partitions != null) {
            apply.add(Shell.comment("every partition has a consumer: add partitions to its topics first "
                    + "(kafka-topics.sh --alter --topic <topic> --partitions <n>; keyed records map to other "
                    + "partitions afterwards), then consumers"));
        }
        String recommended = partitions != null && members >= partitions
                ? "more partitions, then consumers; parallel processing" : "parallel processing, batches, more "
                + "consumers (up to the partitions)";
        return new Finding(ID, Severity.WARNING, GroupHistorySeries.subject(g.groupId()),
                "lag " + now + " (+" + (perMinute == null ? "?" : Units.exact(Math.round(perMinute))) + "/min)",
                recommended, why, evidence, apply);
    }

    private static String seconds(Duration d) {
        long s = d.toSeconds();
        return s >= 120 ? (s / 60) + " min" : s + " s";
    }
}
