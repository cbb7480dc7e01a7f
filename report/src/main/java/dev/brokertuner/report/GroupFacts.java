package dev.brokertuner.report;

import java.util.List;

/**
 * One group this broker coordinates (or, when coordinators are not known, one the lowest-id broker read), from
 * {@code listGroups}/{@code describeConsumerGroups} and, for lag, {@code listConsumerGroupOffsets} with
 * {@code listOffsets(latest)}. Values are null when they could not be read or do not apply to the group's type.
 *
 * @param groupId            the group
 * @param type               {@code classic}, {@code consumer} (KIP-848), {@code share} or {@code streams}
 * @param state              e.g. {@code Stable}, {@code PreparingRebalance}, {@code CompletingRebalance},
 *                           {@code Reconciling}, {@code Assigning}, {@code Empty}, {@code Dead}
 * @param coordinator        the coordinator's node id
 * @param members            members now
 * @param staticMembers      members with a {@code group.instance.id}
 * @param topics             topics the group is assigned (with members) or has committed offsets for (without),
 *                           sorted
 * @param partitions         partitions of those topics (the most members that can get work)
 * @param epoch              the group's epoch (KIP-848) or generation (classic) when the version reports it
 * @param rebalancesPerHour  rebalances per hour over the agent's gatherings of the last hour (epoch growth, or member
 *                           churn when no epoch is reported); null before two gatherings
 * @param rebalanceGatherings of the gatherings behind {@code rebalancesPerHour}, how many saw the group rebalance
 *                           since the one before; null with {@code rebalancesPerHour}
 * @param lag                sum over the partitions of {@code topics} of latest offset minus committed offset
 * @param lagTrend           {@code growing}, {@code shrinking}, {@code steady}, or {@code unknown} before enough
 *                           gatherings
 * @param lagGrowthPerMinute records per minute the lag grew (negative: shrank) across those gatherings
 * @param rebalanceEpisodes  bursts of rebalancing behind {@code rebalancesPerHour}: runs of gatherings with
 *                           rebalances, separated by at least 5 minutes without one, so a rolling restart spanning
 *                           several gatherings is one episode; null with {@code rebalancesPerHour}
 * @param rebalanceWindowSeconds the wall time {@code rebalancesPerHour} covers (up to an hour); null with it
 * @param staleTopics        topics the group has committed offsets for that no member is assigned (kept until offset
 *                           retention drops them); their lag is not in {@code lag}. Empty for a group without members
 *                           (whose every committed topic counts in {@code lag})
 * @param staleLag           the lag of {@code staleTopics}, null when there are none or it was not read
 */
public record GroupFacts(String groupId, String type, String state, Integer coordinator, Integer members,
                         Integer staticMembers, List<String> topics, Integer partitions, Long epoch,
                         Double rebalancesPerHour, Integer rebalanceGatherings, Long lag, String lagTrend,
                         Double lagGrowthPerMinute, Integer rebalanceEpisodes, Long rebalanceWindowSeconds,
                         List<String> staleTopics, Long staleLag) {
    public GroupFacts {
        topics = topics == null ? List.of() : List.copyOf(topics);
        staleTopics = staleTopics == null ? List.of() : List.copyOf(staleTopics);
    }

    /** Without stale offsets (none known). */
    public GroupFacts(String groupId, String type, String state, Integer coordinator, Integer members,
                      Integer staticMembers, List<String> topics, Integer partitions, Long epoch,
                      Double rebalancesPerHour, Integer rebalanceGatherings, Long lag, String lagTrend,
                      Double lagGrowthPerMinute, Integer rebalanceEpisodes, Long rebalanceWindowSeconds) {
        this(groupId, type, state, coordinator, members, staticMembers, topics, partitions, epoch, rebalancesPerHour,
                rebalanceGatherings, lag, lagTrend, lagGrowthPerMinute, rebalanceEpisodes, rebalanceWindowSeconds,
                List.of(), null);
    }

    /** Without the episodes and their window (unknown). */
    public GroupFacts(String groupId, String type, String state, Integer coordinator, Integer members,
                      Integer staticMembers, List<String> topics, Integer partitions, Long epoch,
                      Double rebalancesPerHour, Integer rebalanceGatherings, Long lag, String lagTrend,
                      Double lagGrowthPerMinute) {
        this(groupId, type, state, coordinator, members, staticMembers, topics, partitions, epoch, rebalancesPerHour,
                rebalanceGatherings, lag, lagTrend, lagGrowthPerMinute, null, null, List.of(), null);
    }

    /** Without {@code rebalanceGatherings} (unknown). */
    public GroupFacts(String groupId, String type, String state, Integer coordinator, Integer members,
                      Integer staticMembers, List<String> topics, Integer partitions, Long epoch,
                      Double rebalancesPerHour, Long lag, String lagTrend, Double lagGrowthPerMinute) {
        this(groupId, type, state, coordinator, members, staticMembers, topics, partitions, epoch, rebalancesPerHour,
                null, lag, lagTrend, lagGrowthPerMinute);
    }
}
