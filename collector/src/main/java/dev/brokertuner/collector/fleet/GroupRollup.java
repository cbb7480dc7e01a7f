package dev.brokertuner.collector.fleet;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One group of a cluster, as its coordinator reported it. Only a group's coordinator reports it, so one broker's
 * report is taken, not a sum: the broker whose node id is the group's coordinator, else (the coordinator moved
 * and the old one's report is the latest of that host) the newest report.
 *
 * @param groupId            the group
 * @param type               {@code classic}, {@code consumer} (KIP-848), {@code share} or {@code streams}
 * @param state              e.g. {@code Stable}, {@code PreparingRebalance}, {@code Empty}
 * @param coordinator        the coordinator's node id
 * @param members            members now
 * @param staticMembers      members with a {@code group.instance.id}
 * @param topics             its first topics, sorted ({@code topicCount} in all)
 * @param topicCount         its topics
 * @param partitions         partitions of those topics
 * @param rebalancesPerHour  rebalances per hour over the coordinator's agent's recent gatherings
 * @param lag                latest minus committed offsets, summed over its partitions
 * @param lagTrend           {@code growing}, {@code shrinking}, {@code steady} or {@code unknown}
 * @param lagGrowthPerMinute records per minute the lag grew (negative: shrank)
 * @param reportedBy         the host whose report this is
 * @param reportedAt         when that report was gathered
 * @param alsoReportedBy     other brokers whose latest report has the group too (coordinator moved), 0 normally
 */
public record GroupRollup(String groupId, String type, String state, Integer coordinator, Integer members,
                          Integer staticMembers, List<String> topics, int topicCount, Integer partitions,
                          Double rebalancesPerHour, Long lag, String lagTrend, Double lagGrowthPerMinute,
                          String reportedBy, Instant reportedAt, int alsoReportedBy) {
    public GroupRollup {
        topics = List.copyOf(topics);
    }

    /**
     * One broker's view of a group.
     *
     * @param hostname    the broker's host
     * @param nodeId      its node id, null when unknown
     * @param generatedAt when its report was gathered
     * @param group       what it reported
     */
    public record Seen(String hostname, Integer nodeId, Instant generatedAt, HostGroup group) {
        boolean coordinates() {
            return nodeId != null && nodeId.equals(group.coordinator());
        }
    }

    /** The rollup of one group's {@code seen} (all of the same id; not empty). */
    public static GroupRollup of(List<Seen> seen) {
        Seen pick = seen.stream().min(Comparator.comparing((Seen s) -> !s.coordinates())
                .thenComparing(Seen::generatedAt, Comparator.reverseOrder()).thenComparing(Seen::hostname))
                .orElseThrow();
        HostGroup g = pick.group();
        return new GroupRollup(g.groupId(), g.type(), g.state(), g.coordinator(), g.members(), g.staticMembers(),
                g.topics(), g.topicCount(), g.partitions(), g.rebalancesPerHour(), g.lag(), g.lagTrend(),
                g.lagGrowthPerMinute(), pick.hostname(), pick.generatedAt(), seen.size() - 1);
    }
}
