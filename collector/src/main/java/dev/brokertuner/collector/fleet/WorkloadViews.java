package dev.brokertuner.collector.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's Topics and Groups views ({@code GET /v1/clusters/{id}/topics}, {@code /groups}) from the latest
 * summary of each of its hosts: pure (hosts and time in, records out). Stale hosts are left out (their rates are
 * old), and hosts under {@link Summaries#UNASSIGNED} are not merged (they may belong to different clusters, whose
 * topics only share a name); {@code notes} say so, and say when the sums are partial.
 */
public final class WorkloadViews {
    private final long staleAfterSeconds;

    public WorkloadViews(long staleAfterSeconds) {
        this.staleAfterSeconds = staleAfterSeconds;
    }

    /**
     * {@code GET /v1/clusters/{id}/topics}.
     *
     * @param key                 the cluster key
     * @param generatedAt         now
     * @param brokers             fresh hosts of the cluster
     * @param brokersWithWorkload of which reported workload facts
     * @param total               topics before {@code limit}
     * @param topics              the topics, most bytes in first (unknown last), then by name; at most the limit
     * @param notes               what the view leaves out and why
     */
    public record Topics(String key, Instant generatedAt, int brokers, int brokersWithWorkload, int total,
                         List<TopicRollup> topics, List<String> notes) {
        public Topics {
            topics = List.copyOf(topics);
            notes = List.copyOf(notes);
        }
    }

    /**
     * {@code GET /v1/clusters/{id}/groups}.
     *
     * @param key               the cluster key
     * @param generatedAt       now
     * @param brokers           fresh hosts of the cluster
     * @param brokersWithGroups of which reported the groups they coordinate
     * @param total             groups before {@code limit}
     * @param groups            the groups by id; at most the limit
     * @param notes             what the view leaves out and why
     */
    public record Groups(String key, Instant generatedAt, int brokers, int brokersWithGroups, int total,
                         List<GroupRollup> groups, List<String> notes) {
        public Groups {
            groups = List.copyOf(groups);
            notes = List.copyOf(notes);
        }
    }

    /** The topics of cluster {@code key}, at most {@code limit}. */
    public Topics topics(String key, List<HostSummary> members, Instant now, int limit) {
        List<String> notes = new ArrayList<>();
        List<HostSummary> fresh = fresh(key, members, now, notes, "topics");
        if (fresh == null) {
            return new Topics(key, now, members.size(), 0, 0, List.of(), notes);
        }
        Map<String, List<TopicRollup.Seen>> byName = new TreeMap<>();
        int withWorkload = 0;
        int bounded = 0;
        for (HostSummary h : fresh) {
            HostWorkload w = h.workload();
            if (w == null || w.topics().isEmpty() && w.topicsLeftOut() == 0) {
                continue;
            }
            withWorkload++;
            if (w.topicsLeftOut() > 0) {
                bounded++;
            }
            Map<String, HostTopic> once = new LinkedHashMap<>();
            w.topics().forEach(t -> once.putIfAbsent(t.name(), t));
            once.values().forEach(t -> byName.computeIfAbsent(t.name(), k -> new ArrayList<>())
                    .add(new TopicRollup.Seen(h.hostname(), t)));
        }
        if (withWorkload < fresh.size()) {
            notes.add((fresh.size() - withWorkload) + " of " + fresh.size() + " brokers reported no topic workload "
                    + "(broker unreachable, an agent without workload reading, or no busy topic): their traffic is "
                    + "not in the sums");
        }
        if (bounded > 0) {
            notes.add(bounded + " broker(s) reported more busy topics than the collector keeps per host ("
                    + WorkloadSummaries.MAX_TOPICS + ", the most bytes in): a quieter topic's sums may miss those "
                    + "brokers (compare its brokers and leader partitions with its partitions)");
        }
        List<TopicRollup> all = new ArrayList<>();
        byName.forEach((name, seen) -> all.add(TopicRollup.of(name, seen)));
        all.sort(Comparator.comparing((TopicRollup t) -> t.bytesInPerSec() == null ? -1 : t.bytesInPerSec())
                .reversed().thenComparing(TopicRollup::name));
        return new Topics(key, now, fresh.size(), withWorkload, all.size(), all.subList(0, Math.min(limit,
                all.size())), notes);
    }

    /** The groups of cluster {@code key}, at most {@code limit}. */
    public Groups groups(String key, List<HostSummary> members, Instant now, int limit) {
        List<String> notes = new ArrayList<>();
        List<HostSummary> fresh = fresh(key, members, now, notes, "groups");
        if (fresh == null) {
            return new Groups(key, now, members.size(), 0, 0, List.of(), notes);
        }
        Map<String, List<GroupRollup.Seen>> byId = new TreeMap<>();
        int withGroups = 0;
        int bounded = 0;
        for (HostSummary h : fresh) {
            HostWorkload w = h.workload();
            if (w == null || !w.groupsRead()) {
                continue;
            }
            withGroups++;
            if (w.groupsLeftOut() > 0) {
                bounded++;
            }
            Map<String, HostGroup> once = new LinkedHashMap<>();
            w.groups().forEach(g -> once.putIfAbsent(g.groupId(), g));
            once.values().forEach(g -> byId.computeIfAbsent(g.groupId(), k -> new ArrayList<>())
                    .add(new GroupRollup.Seen(h.hostname(), h.nodeId(), h.generatedAt(), g)));
        }
        if (withGroups < fresh.size()) {
            notes.add((fresh.size() - withGroups) + " of " + fresh.size() + " brokers did not report the groups "
                    + "they coordinate (broker unreachable or an agent without group reading): their groups are "
                    + "missing");
        }
        if (bounded > 0) {
            notes.add(bounded + " broker(s) coordinate more groups than the collector keeps per host ("
                    + WorkloadSummaries.MAX_GROUPS + ", those rebalancing most, then lagging most): the quieter "
                    + "ones are missing");
        }
        List<GroupRollup> all = new ArrayList<>();
        byId.forEach((id, seen) -> all.add(GroupRollup.of(seen)));
        return new Groups(key, now, fresh.size(), withGroups, all.size(), all.subList(0, Math.min(limit,
                all.size())), notes);
    }

    /** The hosts to merge, null when none may be (unassigned); notes what is left out. */
    private List<HostSummary> fresh(String key, List<HostSummary> members, Instant now, List<String> notes,
                                    String what) {
        if (Summaries.UNASSIGNED.equals(key)) {
            notes.add("no " + what + ": these hosts report neither a Kafka cluster id nor a clusterAlias, so they are "
                    + "grouped under '" + Summaries.UNASSIGNED + "' and may belong to different clusters, whose "
                    + what + " only share names (set clusterAlias in the agents' config, or let them read the "
                    + "broker)");
            return null;
        }
        List<HostSummary> fresh = members.stream().filter(h -> !h.staleAt(now, staleAfterSeconds)).toList();
        if (fresh.size() < members.size()) {
            notes.add((members.size() - fresh.size()) + " stale host(s) left out (no report within "
                    + staleAfterSeconds + " s): their " + what + " are old");
        }
        return fresh;
    }
}
