package dev.brokertuner.agent.rules.workload;

import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.GroupFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One group's facts through a snapshot and its earlier gatherings, oldest first, stopping at the first gap. */
final class GroupHistorySeries {
    /** A group's facts in one gathering. */
    record Point(Instant at, GroupFacts group) {
    }

    private GroupHistorySeries() {
    }

    /**
     * Why the groups of this snapshot cannot be judged across gatherings (the broker or its groups not read, or a
     * single inspection), as the one outcome a group rule answers; empty when they can.
     *
     * @param singleWindowReason what the rule would need several gatherings for
     */
    static Optional<Outcome> notJudgeable(Snapshot snapshot, String singleWindowReason) {
        BrokerFacts broker = snapshot.broker();
        if (!broker.ok()) {
            return Optional.of(new Outcome.Unknown("groups", "broker not read (" + broker.status().wire() + ")"));
        }
        if (broker.groups() == null) {
            return Optional.of(new Outcome.Unknown("groups", "groups not read (AdminClient)"));
        }
        if (snapshot.singleWindow()) {
            return Optional.of(new Outcome.Unknown("groups", singleWindowReason));
        }
        return Optional.empty();
    }

    /** The group's facts in this snapshot and the consecutive earlier ones that have it, oldest first. */
    static List<Point> of(Snapshot snapshot, String groupId) {
        List<Point> newestFirst = new ArrayList<>();
        List<Snapshot> all = new ArrayList<>();
        all.add(snapshot);
        all.addAll(snapshot.earlier());
        for (Snapshot s : all) {
            GroupFacts g = find(s, groupId);
            if (g == null) {
                break;
            }
            newestFirst.add(new Point(s.at(), g));
        }
        List<Point> out = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(out);
        return out;
    }

    static GroupFacts find(Snapshot s, String groupId) {
        if (!s.broker().ok() || s.broker().groups() == null) {
            return null;
        }
        return s.broker().groups().stream().filter(g -> g.groupId().equals(groupId)).findFirst().orElse(null);
    }

    /** The subject of a group's outcomes. */
    static String subject(String groupId) {
        return "group " + groupId;
    }

    /** True when the group has nobody consuming: nothing to tune on the consumer side. */
    static boolean idle(GroupFacts g) {
        return "Empty".equals(g.state()) || "Dead".equals(g.state()) || g.members() == null || g.members() == 0;
    }

    /** True when {@code version} (the app-info version) is Kafka 4.0 or later, Confluent Platform 8 included. */
    static boolean kip848(String version) {
        if (version == null) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*(\\d+)\\.(\\d+)").matcher(version);
        if (!m.find()) {
            return false;
        }
        int major;
        try {
            major = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return false;
        }
        boolean confluent = version.contains("-ccs") || version.contains("-ce");
        return confluent ? major >= 8 : major >= 4;
    }
}
