package dev.brokertuner.collector.fleet;

import java.util.List;

/**
 * What the cluster's Groups view needs of one group its coordinator reported, cut from the report's
 * {@code broker.groups[]} ({@link WorkloadSummaries}). Every value is null when the report did not carry it.
 *
 * @param groupId            the group (clipped to {@link WorkloadSummaries#MAX_NAME} characters)
 * @param type               {@code classic}, {@code consumer} (KIP-848), {@code share} or {@code streams}
 * @param state              e.g. {@code Stable}, {@code PreparingRebalance}, {@code Empty}
 * @param coordinator        the coordinator's node id
 * @param members            members now
 * @param staticMembers      members with a {@code group.instance.id}
 * @param topics             its first {@link WorkloadSummaries#MAX_GROUP_TOPICS} topics, sorted
 * @param topicCount         how many topics it has in all
 * @param partitions         partitions of those topics
 * @param rebalancesPerHour  rebalances per hour over the agent's recent gatherings
 * @param lag                latest minus committed offsets, summed over its partitions
 * @param lagTrend           {@code growing}, {@code shrinking}, {@code steady} or {@code unknown}
 * @param lagGrowthPerMinute records per minute the lag grew (negative: shrank)
 */
public record HostGroup(String groupId, String type, String state, Integer coordinator, Integer members,
                        Integer staticMembers, List<String> topics, int topicCount, Integer partitions,
                        Double rebalancesPerHour, Long lag, String lagTrend, Double lagGrowthPerMinute) {
    public HostGroup {
        // type, state and trend are a handful of words, topic names are shared with the topics: one copy of each
        groupId = WorkloadSummaries.shared(groupId);
        type = WorkloadSummaries.shared(type);
        state = WorkloadSummaries.shared(state);
        lagTrend = WorkloadSummaries.shared(lagTrend);
        topics = topics == null ? List.of() : topics.stream().map(WorkloadSummaries::shared).toList();
    }
}
