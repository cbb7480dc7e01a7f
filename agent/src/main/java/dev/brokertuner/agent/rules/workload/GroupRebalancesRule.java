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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consumer group that rebalances again and again: over at least an hour of the agent's gatherings
 * ({@code rebalanceWindowSeconds}), {@code rebalancesPerHour} (epoch growth, or member churn for classic groups) at
 * or above a rate, in several separate episodes ({@code rebalanceEpisodes}: bursts separated by at least 5 quiet
 * minutes), so a rolling restart that spans several gatherings (one burst) is not a finding. Advice: static membership when members are not all static, the chapter's
 * timeouts, and the KIP-848 protocol for a classic group on a 4.x broker. Share and streams groups are not judged
 * (their assignment is not the consumer rebalance this advice is about).
 */
public final class GroupRebalancesRule implements Rule, RuleDocs.Documented {
    public static final String ID = "workload.group.rebalances";
    static final String RATE = "rebalancesPerHour";
    static final String GATHERINGS = "rebalanceGatherings";
    static final String EPISODES = "rebalanceEpisodes";
    static final String MIN_HISTORY = "minHistoryMinutes";

    static final RuleMeta META = new RuleMeta(ID,
            "A consumer group rebalancing repeatedly (several per hour over an hour, in several separate episodes): "
                    + "static membership "
                    + "(group.instance.id), the chapter's session/heartbeat/poll timeouts, or the KIP-848 protocol.",
            Set.of(Source.BROKER, Source.WINDOW),
            List.of(GroupSources.CHAPTER_REBALANCE, GroupSources.KIP_345, GroupSources.KIP_848,
                    GroupSources.KAFKA_CONSUMER_CONFIGS,
                    "broker-tuner's heuristic: over >= 60 minutes of gatherings (" + MIN_HISTORY + "), "
                            + RATE + " >= 6 (a rebalance every 10 minutes) in >= 3 episodes (" + EPISODES + ": "
                            + "bursts separated by >= 5 minutes without a rebalance; a run that never settles counts "
                            + "one episode per 15 minutes of it), so one burst (a rolling restart of a few minutes, "
                            + "however many gatherings it spans) does not count"),
            defaults(), Set.of(Severity.INFO, Severity.WARNING));

    static final String WHY = """
            Group %s (%s protocol, state %s, %d member%s, %d static) rebalanced about %s times an hour over the \
            agent's last %s of gatherings, in %d separate episodes (bursts at least 5 minutes apart; %d gatherings \
            saw a new rebalance since the one before; %s). %s \
            %s The rate and the episodes (at least %s an hour over at least %s minutes, in at least %s episodes) \
            are broker-tuner's heuristic, not Kafka's; the timeouts are the chapter's starting points, not measured on this group. \
            Sources: %s.""";
    static final String CLASSIC_COST = """
            Every rebalance of a classic group makes all its members rejoin and wait for a new assignment: with the \
            default eager assignors nobody consumes meanwhile, with the cooperative one partitions still move, and \
            the group coordinator on this broker does the work each time.""";
    static final String CONSUMER_COST = """
            The group uses the KIP-848 protocol, whose rebalances are incremental and driven by the coordinator, \
            so each costs less than a classic one; the churn itself (members that come and go) is what to fix.""";
    static final String STATIC = """
            Give every consumer instance a stable group.instance.id (static membership, KIP-345): a member that \
            restarts within its session timeout gets its old partitions back with no rebalance. With it, the \
            chapter's session.timeout.ms=45000, heartbeat.interval.ms=15000 (a third of it) and \
            max.poll.interval.ms=600000 keep a short restart or a slow batch from evicting a member.""";
    static final String TIMEOUTS = """
            All members are already static, so the rebalances come from members leaving for longer than their \
            session timeout or exceeding max.poll.interval.ms (a slow poll loop): the chapter's \
            session.timeout.ms=45000, heartbeat.interval.ms=15000 and max.poll.interval.ms=600000 are starting \
            points, with fewer records per poll (max.poll.records) when processing is slow.""";
    static final String KIP848_HINT = """
            The broker runs Kafka %s, which has the KIP-848 consumer protocol: consumers on clients 4.0 or later \
            with group.protocol=consumer rebalance incrementally, one member at a time, without a group-wide stop \
            (session and heartbeat timeouts then are the group's consumer.session.timeout.ms and \
            consumer.heartbeat.interval.ms, set on the broker, not the client's).""";

    private static Map<String, Double> defaults() {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put(RATE, 6.0);
        t.put(EPISODES, 3.0);
        t.put(MIN_HISTORY, 60.0);
        return t;
    }

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        var unjudged = GroupHistorySeries.notJudgeable(snapshot, "rebalances are counted across gatherings; a single "
                + "inspection has one (the daemon judges them)");
        if (unjudged.isPresent()) {
            return List.of(unjudged.get());
        }
        BrokerFacts broker = snapshot.broker();
        double rate = META.threshold(thresholds, RATE);
        double episodes = META.threshold(thresholds, EPISODES);
        double minHistory = META.threshold(thresholds, MIN_HISTORY);
        List<Outcome> out = new ArrayList<>();
        for (GroupFacts g : broker.groups()) {
            String subject = GroupHistorySeries.subject(g.groupId());
            if ("share".equals(g.type()) || "streams".equals(g.type())) {
                out.add(new Outcome.Pass(subject, g.type() + " group: not judged by this rule"));
            } else if (g.rebalancesPerHour() == null || g.rebalanceEpisodes() == null
                    || g.rebalanceWindowSeconds() == null) {
                out.add(new Outcome.Unknown(subject, "rebalances per hour not known yet (needs two gatherings)"));
            } else if (g.rebalancesPerHour() < rate || g.rebalanceEpisodes() < episodes) {
                out.add(new Outcome.Pass(subject, "rebalancesPerHour=" + Units.exact(round(g.rebalancesPerHour()))
                        + " in " + g.rebalanceEpisodes() + " episode" + (g.rebalanceEpisodes() == 1 ? "" : "s")
                        + " over " + minutes(g.rebalanceWindowSeconds())));
            } else if (g.rebalanceWindowSeconds() < minHistory * 60) {
                out.add(new Outcome.Unknown(subject, g.rebalanceEpisodes() + " rebalance episodes over "
                        + minutes(g.rebalanceWindowSeconds()) + " of gatherings, fewer than the "
                        + Units.exact(minHistory) + " min a judgement needs"));
            } else {
                out.add(new Outcome.Recommend(finding(broker, g, rate, episodes, minHistory)));
            }
        }
        return out;
    }

    private static String minutes(long seconds) {
        return Math.round(seconds / 60.0) + " min";
    }

    private static Finding finding(BrokerFacts broker, GroupFacts g, double rate, double minEpisodes,
                                   double minHistory) {
        int members = g.members() == null ? 0 : g.members();
        int statics = g.staticMembers() == null ? 0 : g.staticMembers();
        boolean allStatic = members > 0 && statics >= members;
        boolean classic = !"consumer".equals(g.type());
        boolean kip848 = classic && GroupHistorySeries.kip848(broker.kafkaVersion());
        String how = g.epoch() != null ? "the group epoch, now " + g.epoch() + ", counted" : "counted from members "
                + "joining and leaving between gatherings, a lower bound";
        String advice = (allStatic ? TIMEOUTS : STATIC)
                + (kip848 ? " " + KIP848_HINT.formatted(broker.kafkaVersion()) : "");
        String why = WHY.formatted(g.groupId(), g.type(), g.state(), members, members == 1 ? "" : "s", statics,
                Units.exact(round(g.rebalancesPerHour())), minutes(g.rebalanceWindowSeconds()),
                g.rebalanceEpisodes(), g.rebalanceGatherings(), how,
                classic ? CLASSIC_COST : CONSUMER_COST, advice, Units.exact(rate), Units.exact(minHistory),
                Units.exact(minEpisodes),
                String.join("; ", META.sources()));
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("group", g.groupId());
        evidence.put("type", String.valueOf(g.type()));
        evidence.put("state", String.valueOf(g.state()));
        evidence.put("members", String.valueOf(members));
        evidence.put("staticMembers", String.valueOf(statics));
        evidence.put(RATE, Units.exact(round(g.rebalancesPerHour())));
        evidence.put(GATHERINGS, String.valueOf(g.rebalanceGatherings()));
        evidence.put(EPISODES, String.valueOf(g.rebalanceEpisodes()));
        evidence.put("rebalanceWindowSeconds", String.valueOf(g.rebalanceWindowSeconds()));
        if (g.epoch() != null) {
            evidence.put("epoch", String.valueOf(g.epoch()));
        }
        evidence.put("kafkaVersion", String.valueOf(broker.kafkaVersion()));
        evidence.put("threshold." + RATE, Units.exact(rate));
        evidence.put("threshold." + EPISODES, Units.exact(minEpisodes));
        evidence.put("threshold." + MIN_HISTORY, Units.exact(minHistory));
        String recommended = allStatic
                ? "session.timeout.ms=45000, heartbeat.interval.ms=15000, max.poll.interval.ms=600000"
                : "static membership (group.instance.id)";
        if (kip848) {
            recommended += ", or group.protocol=consumer";
        }
        return new Finding(ID, classic ? Severity.WARNING : Severity.INFO,
                GroupHistorySeries.subject(g.groupId()), Units.exact(round(g.rebalancesPerHour()))
                + " rebalances/h", recommended, why, evidence, apply(g, allStatic, kip848, broker.kafkaVersion()));
    }

    /** Client properties for the group's consumers, as comments: nothing here runs on the broker host. */
    private static List<String> apply(GroupFacts g, boolean allStatic, boolean kip848, String version) {
        List<String> lines = new ArrayList<>();
        lines.add(Shell.comment("client properties for every consumer of group " + Shell.quote(g.groupId())
                + " (set in the application, then restart each consumer):"));
        if (!allStatic) {
            lines.add(Shell.comment("group.instance.id=<a name stable across restarts and unique per consumer "
                    + "instance, e.g. the pod or host name plus a slot number>"));
        }
        lines.add(Shell.comment("session.timeout.ms=45000"));
        lines.add(Shell.comment("heartbeat.interval.ms=15000"));
        lines.add(Shell.comment("max.poll.interval.ms=600000"));
        if (kip848) {
            lines.add(Shell.comment("or, on clients 4.0 or later (the broker runs Kafka " + version + "): "
                    + "group.protocol=consumer, without session.timeout.ms and heartbeat.interval.ms (the group "
                    + "configs consumer.session.timeout.ms and consumer.heartbeat.interval.ms apply, defaults from the "
                    + "broker's group.consumer.*)"));
        }
        return lines;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
